import IncidentCore
import IncidentDaemon
import Synchronization

/// A sink that records what it was given and can be told to refuse.
final class RecordingSink: AlertSink {
    let name: String
    private let state = Mutex<(alerts: [Alert], failing: Bool)>(([], false))

    init(name: String = "recording", failing: Bool = false) {
        self.name = name
        state.withLock { $0.failing = failing }
    }

    var alerts: [Alert] { state.withLock { $0.alerts } }

    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func deliver(_ alert: Alert) throws(SinkError) {
        let refused = state.withLock { state -> Bool in
            if state.failing { return true }
            state.alerts.append(alert)
            return false
        }
        if refused { throw SinkError(sink: name, reason: "refused by the test") }
    }
}

/// An evaluator that raises one alert per listed rule on every document, so delivery
/// can be tested whatever the real engine does.
struct FixedEvaluator: AlertEvaluator {
    var rules: [String] = ["casualties-reported"]

    func evaluate(_ document: Document) -> [Alert] {
        rules.map { rule in
            Alert(
                rule: rule, severity: .high, title: "Test alert", messageID: "7d2e5b1c9a4f4e6b8c3d0f1a2b5e9c47",
                name: document.name, sha256: document.sha256,
                evidence: [Evidence(text: "Two people were killed.", start: 0, end: 23, terms: ["killed"])],
                fields: AlertFields(countsCasualties: true, killed: 2))
        }
    }
}

/// An alert built by hand, for sink and delivery tests.
func sampleAlert(rule: String = "casualties-reported", evidence: String = "Two people were killed.") -> Alert {
    Alert(
        rule: rule, severity: .critical, title: "Casualties reported", messageID: "7d2e5b1c9a4f4e6b8c3d0f1a2b5e9c47",
        name: "report.txt", sha256: String(repeating: "a", count: 64),
        evidence: [Evidence(text: evidence, start: 0, end: evidence.utf8.count, terms: ["killed"])],
        fields: AlertFields(countsCasualties: true, killed: 38, injured: nil),
        file: "/spool/processed/report.txt", time: "2026-11-28T15:07:00Z")
}
