import IncidentCore
import IncidentDaemon
import Logging
import Synchronization
import Systemd
import Testing
import TestSupport

@Suite struct JournalSinkTests {
    @Test func anAlertCarriesEveryDocumentedField() {
        let fields = Dictionary(JournalSink.fields(for: sampleAlert()).map { ($0.name, $0.value) }) { a, _ in a }
        for name in [
            "MESSAGE", "PRIORITY", "MESSAGE_ID", "SYSLOG_IDENTIFIER", "INCIDENT_ALERT_ID", "INCIDENT_RULE",
            "INCIDENT_SEVERITY", "INCIDENT_FILE", "INCIDENT_SHA256", "INCIDENT_EVIDENCE", "INCIDENT_KILLED",
        ] {
            #expect(fields[name] != nil, "\(name) missing")
        }
        #expect(fields["PRIORITY"] == "2")
        #expect(fields["SYSLOG_IDENTIFIER"] == "incidentd")
        #expect(fields["MESSAGE_ID"] == "7d2e5b1c9a4f4e6b8c3d0f1a2b5e9c47")
        #expect(fields["INCIDENT_KILLED"] == "38")
        #expect(fields["INCIDENT_INJURED"] == nil, "an unknown figure is left out")
        #expect(fields["INCIDENT_FILE"] == "/spool/processed/report.txt")
    }

    @Test func noFieldCarriesARawControlCharacterFromTheReportOrItsName() {
        var alert = sampleAlert(evidence: "Two killed.\nForged: line\u{1b}[31m")
        alert.name = "evil\n\u{1b}[2J\u{7f}.txt"
        alert.file = "/spool/processed/" + alert.name
        alert.fields.source = "wire\rservice"
        let fields = Dictionary(JournalSink.fields(for: alert).map { ($0.name, $0.value) }) { a, _ in a }
        for (name, value) in fields {
            #expect(!value.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(name): \(value)")
        }
        #expect(fields["INCIDENT_NAME"] == #"evil\n\x1b[2J\x7f.txt"#)
        #expect(fields["INCIDENT_FILE"] == #"/spool/processed/evil\n\x1b[2J\x7f.txt"#)
        #expect(fields["INCIDENT_EVIDENCE"] == #"Two killed.\nForged: line\x1b[31m"#)
        #expect(fields["INCIDENT_SOURCE"] == #"wire\rservice"#)
        #expect(fields["MESSAGE"]?.contains(#"evil\n\x1b[2J\x7f.txt"#) == true)
    }

    @Test func severalEvidenceSentencesAreOneLineEach() {
        var alert = sampleAlert(evidence: "One.")
        alert.evidence.append(Evidence(text: "Two\u{1b}.", start: 10, end: 15, terms: []))
        let fields = Dictionary(JournalSink.fields(for: alert).map { ($0.name, $0.value) }) { a, _ in a }
        #expect(fields["INCIDENT_EVIDENCE"] == "One.\nTwo\\x1b.")
    }

    @Test func aRefusedEntryIsASinkError() {
        let sink = JournalSink { _ throws(SystemdError) in throw SystemdError(function: "sd_journal_sendv", result: -111) }
        #expect(throws: SinkError.self) { try sink.deliver(sampleAlert()) }
    }

    @Test func entriesSentWhileJournaldsSocketIsGoneAreSentAgain() {
        let sent = Mutex(0)
        let listening = Mutex(false)
        let sink = JournalSink(
            send: { _ throws(SystemdError) in sent.withLock { $0 += 1 } },
            confirm: { () throws(SystemdError) in
                // sd_journal_sendv reports success without a socket: only this look tells.
                if !listening.withLock({ $0 }) { throw SystemdError(function: "sd_journal_sendv", result: -2) }
            })
        var delivery = Delivery(targets: [.init(sink, counts: true)])
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let alerts = [sampleAlert(), sampleAlert(rule: "protected-mission-damage", evidence: "The embassy was hit.")]
        let first = delivery.deliver(alerts, logger: logger)
        #expect(!first.complete, "the report waits")
        #expect(first.failure?.sink == "journal")
        listening.withLock { $0 = true }
        #expect(delivery.deliver(alerts, logger: logger).complete)
        #expect(sent.withLock { $0 } == 4, "both entries sent again once journald listens")
    }

    @Test func aMissingSocketIsAnErrorAnExistingOneIsNot() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        #expect(throws: SystemdError.self) { try Journal.confirmListening(at: temp.appending("no-such-socket")) }
        FileHelpers.write("", to: temp.appending("socket"))
        try Journal.confirmListening(at: temp.appending("socket"))
    }

    @Test func keysBecomeValidFieldNames() {
        #expect(Journal.fieldName("incident.file") == "INCIDENT_FILE")
        #expect(Journal.fieldName("_private") == "PRIVATE")
        #expect(Journal.fieldName("9lives") == "F9LIVES")
        #expect(Journal.fieldName(String(repeating: "a", count: 80)).utf8.count == 64)
    }
}
