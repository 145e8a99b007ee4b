import Logging
import Systemd

/// A swift-log handler that writes each message as a structured journal entry.
///
/// The level maps to `PRIORITY` (critical 2, error 3, warning 4, notice 5, info 6,
/// debug and trace 7); metadata keys become fields (`incident.file` → `INCIDENT_FILE`),
/// and the key `message.id` becomes `MESSAGE_ID`. Used when the daemon runs under
/// systemd; elsewhere the daemon logs to stderr.
package struct JournalLogHandler: LogHandler {
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    private let label: String

    package init(label: String) {
        self.label = label
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var fields = [
            JournalField("MESSAGE", "\(event.message)"),
            JournalField("PRIORITY", String(Self.priority(event.level))),
            JournalField("SYSLOG_IDENTIFIER", "incidentd"),
            JournalField("CODE_FILE", event.file),
            JournalField("CODE_LINE", String(event.line)),
            JournalField("CODE_FUNC", event.function),
            JournalField("LOGGER", label),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append(JournalField(Journal.fieldName(key), "\(value)"))
        }
        // Nowhere else to report a failure to log: the journal is where logs go.
        try? Journal.send(fields)
    }

    /// The journal `PRIORITY` for a swift-log level.
    package static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .critical: 2
        case .error: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        case .debug, .trace: 7
        }
    }
}
