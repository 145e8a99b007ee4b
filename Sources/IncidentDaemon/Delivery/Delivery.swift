import IncidentCore
import Logging

/// Fans alerts out to every sink and decides when an alert counts as delivered.
///
/// A failing sink never stops the others. An alert is delivered once every *counting*
/// sink took it (the journal, or standard output when the journal is off); until then
/// the file stays in `incoming/` and is tried again. What a sink already took is
/// remembered, so a retry does not print or log the same alert twice.
package struct Delivery {
    /// A sink, and whether its acceptance is what makes an alert delivered.
    package struct Target: Sendable {
        package var sink: any AlertSink
        package var counts: Bool

        package init(_ sink: any AlertSink, counts: Bool) {
            self.sink = sink
            self.counts = counts
        }
    }

    /// What one call to ``deliver(_:logger:)`` achieved.
    package struct Report: Sendable {
        /// Every alert reached every counting sink.
        package var complete: Bool
        /// The first failure, when not complete.
        package var failure: SinkError?
    }

    package var targets: [Target]
    /// `sink name` + `alert id` pairs already delivered.
    private var taken: Set<String> = []
    /// Sinks whose last delivery failed.
    private var failing: Set<String> = []

    package init(targets: [Target]) {
        self.targets = targets
    }

    /// Sends `alerts` to every sink that does not have them yet.
    package mutating func deliver(_ alerts: [Alert], logger: Logger) -> Report {
        var report = Report(complete: true, failure: nil)
        for alert in alerts {
            // The JSON record is made once, however many sinks send it (stdout, D-Bus).
            var record: String?
            for target in targets {
                let key = target.sink.name + "\u{0}" + alert.alertID
                if taken.contains(key) { continue }
                do {
                    if target.sink.usesRecord {
                        if record == nil { record = alert.jsonLine }
                        try target.sink.deliver(alert, record: record!)
                    } else {
                        try target.sink.deliver(alert)
                    }
                    taken.insert(key)
                    if failing.remove(target.sink.name) != nil {
                        logger.notice("Alert sink works again", metadata: ["sink": "\(target.sink.name)"])
                    }
                } catch {
                    // Once per outage of a sink, not once per alert: a journald that is gone
                    // must not turn every waiting report into a log line. A sink that counts
                    // has its outage reported by the processor (the reports wait).
                    if failing.insert(error.sink).inserted && !target.counts {
                        logger.warning(
                            "Alert sink failed; alerts still go to the other outputs",
                            metadata: ["sink": "\(error.sink)", "error": "\(error.reason)", "alert.id": "\(alert.alertID)"])
                    } else {
                        logger.debug(
                            "Alert sink failed",
                            metadata: ["sink": "\(error.sink)", "error": "\(error.reason)", "alert.id": "\(alert.alertID)"])
                    }
                    if target.counts {
                        report.complete = false
                        if report.failure == nil { report.failure = error }
                    }
                }
            }
        }
        return report
    }

    /// Forgets what was delivered for `alerts` once their file is settled.
    package mutating func forget(_ alerts: [Alert]) {
        for alert in alerts {
            for target in targets { taken.remove(target.sink.name + "\u{0}" + alert.alertID) }
        }
    }
}
