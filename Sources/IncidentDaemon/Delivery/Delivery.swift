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

    package let targets: [Target]
    /// For each alert id, the targets that already took it (bit `i` is `targets[i]`).
    private var taken: [String: UInt64] = [:]
    /// Sinks whose last delivery failed.
    private var failing: Set<String> = []

    package init(targets: [Target]) {
        precondition(targets.count <= UInt64.bitWidth, "one bit per target")
        self.targets = targets
    }

    /// Sends `alerts` (one report's) to every sink that does not have them yet, sink by
    /// sink; a sink that gathers them (``AlertSink/flush()``) sends them when it is done.
    /// - Parameter logger: Made only when something is logged.
    package mutating func deliver(_ alerts: [Alert], logger: @autoclosure () -> Logger) -> Report {
        var report = Report(complete: true, failure: nil)
        // The JSON record is made once per alert, however many sinks send it (stdout, D-Bus).
        var records = [String?](repeating: nil, count: alerts.count)
        for (index, target) in targets.enumerated() {
            let bit = UInt64(1) << UInt64(index)
            var handed: [String] = []
            var failure: (error: SinkError, alertID: String?)?
            for (position, alert) in alerts.enumerated() where taken[alert.alertID, default: 0] & bit == 0 {
                do {
                    if target.sink.usesRecord {
                        let record = records[position] ?? alert.jsonLine
                        records[position] = record
                        try target.sink.deliver(alert, record: record)
                    } else {
                        try target.sink.deliver(alert)
                    }
                    handed.append(alert.alertID)
                } catch {
                    failure = failure ?? (error, alert.alertID)
                }
            }
            if !handed.isEmpty {
                do {
                    try target.sink.flush()
                    for id in handed { taken[id, default: 0] |= bit }
                } catch {
                    // What got out whole before the failure is not sent again.
                    for id in handed.prefix(error.delivered) { taken[id, default: 0] |= bit }
                    failure = failure ?? (error, nil)
                }
            }
            if let failure {
                if target.counts {
                    report.complete = false
                    if report.failure == nil { report.failure = failure.error }
                }
                sinkFailed(target, failure.error, alertID: failure.alertID, logger: logger())
            } else if !handed.isEmpty, failing.remove(target.sink.name) != nil {
                logger().notice("Alert sink works again", metadata: ["sink": "\(target.sink.name)"])
            }
        }
        return report
    }

    /// Logs a sink's failure once per outage of that sink, not once per alert: a journald
    /// that is gone must not turn every waiting report into a log line. A sink that counts
    /// has its outage reported by the processor (the reports wait).
    private mutating func sinkFailed(_ target: Target, _ error: SinkError, alertID: String?, logger: Logger) {
        var metadata: Logger.Metadata = ["sink": "\(error.sink)", "error": "\(error.reason)"]
        if let alertID { metadata["alert.id"] = "\(alertID)" }
        if failing.insert(error.sink).inserted && !target.counts {
            logger.warning("Alert sink failed; alerts still go to the other outputs", metadata: metadata)
        } else {
            logger.debug("Alert sink failed", metadata: metadata)
        }
    }

    /// Forgets what was delivered for `alerts` once their file is settled.
    package mutating func forget(_ alerts: [Alert]) {
        for alert in alerts { taken[alert.alertID] = nil }
    }
}
