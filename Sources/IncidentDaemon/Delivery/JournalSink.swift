import IncidentCore
import Systemd

/// Writes each alert as one structured journal entry.
package struct JournalSink: AlertSink {
    package let name = "journal"
    private let send: @Sendable ([JournalField]) throws(SystemdError) -> Void
    private let confirm: @Sendable () throws(SystemdError) -> Void

    /// - Parameters:
    ///   - send: Where entries go; the real journal unless a test says otherwise.
    ///   - confirm: Whether the entries sent can have arrived (see
    ///     ``Journal/confirmListening()``), asked once per report.
    package init(
        send: @escaping @Sendable ([JournalField]) throws(SystemdError) -> Void = { fields throws(SystemdError) in try Journal.send(fields) },
        confirm: @escaping @Sendable () throws(SystemdError) -> Void = { () throws(SystemdError) in try Journal.confirmListening() }
    ) {
        self.send = send
        self.confirm = confirm
    }

    package func deliver(_ alert: Alert) throws(SinkError) {
        do {
            try send(Self.fields(for: alert))
        } catch {
            throw SinkError(sink: name, reason: error.description)
        }
    }

    /// Confirms the report's entries reached a listening journald. When its socket is
    /// gone they went nowhere: none counts as taken, and a retry sends them all again.
    package func flush() throws(SinkError) {
        do {
            try confirm()
        } catch {
            throw SinkError(sink: name, reason: error.description, delivered: 0)
        }
    }

    /// The entry for `alert`: `MESSAGE` is one clean line. Values that come from the
    /// report or its name (file, name, title, evidence, source, location) have control
    /// characters escaped (``Escaping/printable(_:)``), so no field carries a raw control
    /// byte a dropper chose; `INCIDENT_EVIDENCE` holds one escaped sentence per line.
    package static func fields(for alert: Alert) -> [JournalField] {
        var fields = [
            JournalField("MESSAGE", "\(Escaping.printable(alert.title)): \(alert.textLine)"),
            JournalField("PRIORITY", String(alert.severity.journalPriority)),
            JournalField("SYSLOG_IDENTIFIER", "incidentd"),
            JournalField("INCIDENT_ALERT_ID", alert.alertID),
            JournalField("INCIDENT_RULE", alert.rule),
            JournalField("INCIDENT_SEVERITY", alert.severity.rawValue),
            JournalField("INCIDENT_TITLE", Escaping.printable(alert.title)),
            JournalField("INCIDENT_FILE", Escaping.printable(alert.file)),
            JournalField("INCIDENT_NAME", Escaping.printable(alert.name)),
            JournalField("INCIDENT_SHA256", alert.sha256),
            JournalField("INCIDENT_TIME", alert.time),
            JournalField("INCIDENT_EVIDENCE", alert.evidence.map { Escaping.printable($0.text) }.joined(separator: "\n")),
        ]
        if Self.isMessageID(alert.messageID) {
            fields.insert(JournalField("MESSAGE_ID", alert.messageID), at: 2)
        }
        if let killed = alert.fields.killed { fields.append(JournalField("INCIDENT_KILLED", String(killed))) }
        if let injured = alert.fields.injured { fields.append(JournalField("INCIDENT_INJURED", String(injured))) }
        if let source = alert.fields.source { fields.append(JournalField("INCIDENT_SOURCE", Escaping.printable(source))) }
        if let location = alert.fields.location { fields.append(JournalField("INCIDENT_LOCATION", Escaping.printable(location))) }
        // The first line only: a value with a line break would end the MESSAGE field's
        // line in `journalctl`'s short output. Title and text line are escaped already, so
        // this is a safety net; the byte check keeps it from walking Characters.
        if Escaping.needsEscaping(fields[0].value, backslashes: false) {
            fields[0].value = String(fields[0].value.prefix { !$0.isNewline })
        }
        return fields
    }

    /// Whether `id` is 32 lowercase hex digits, as journald expects of `MESSAGE_ID`.
    static func isMessageID(_ id: String) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
