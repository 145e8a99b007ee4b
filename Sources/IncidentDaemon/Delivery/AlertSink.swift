import IncidentCore

/// Somewhere alerts go: the journal, standard output, later D-Bus.
package protocol AlertSink: Sendable {
    /// A short name for logs, e.g. `journal`.
    var name: String { get }

    /// Delivers one alert.
    ///
    /// - Throws: ``SinkError`` when the alert did not get through.
    func deliver(_ alert: Alert) throws(SinkError)

    /// Whether the sink sends the alert's JSON record: ``Delivery`` then makes the record
    /// once for all such sinks and calls ``deliver(_:record:)``.
    var usesRecord: Bool { get }

    /// Delivers one alert whose JSON record (`alert.jsonLine`) is already made.
    func deliver(_ alert: Alert, record: String) throws(SinkError)

    /// Finishes one report's alerts: sends what the `deliver` calls kept back (a sink that
    /// gathers a report's alerts into one system call), or confirms once that they
    /// arrived. ``Delivery`` calls it after handing the sink a report's alerts, before the
    /// report may leave `incoming/`; the sink has taken those alerts only once this returns.
    func flush() throws(SinkError)
}

extension AlertSink {
    package var usesRecord: Bool { false }

    package func deliver(_ alert: Alert, record: String) throws(SinkError) {
        try deliver(alert)
    }

    package func flush() throws(SinkError) {}
}

/// Why a sink could not take an alert.
package struct SinkError: Error, Sendable, CustomStringConvertible {
    /// The sink's name.
    package var sink: String
    /// What went wrong, e.g. `sd_journal_sendv: Connection refused`.
    package var reason: String
    /// From a sink's ``AlertSink/flush()``: how many of the alerts handed to it since the
    /// last flush reached the output whole before it failed (they count as delivered).
    package var delivered: Int

    package init(sink: String, reason: String, delivered: Int = 0) {
        self.sink = sink
        self.reason = reason
        self.delivered = delivered
    }

    package var description: String { "\(sink): \(reason)" }
}
