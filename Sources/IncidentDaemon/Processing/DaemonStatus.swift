import IncidentCore

/// The counters shown in `STATUS=` and by `systemctl status`.
package struct DaemonStatus: Sendable, Equatable {
    package var processed = 0
    package var alerts = 0
    package var failed = 0
    package var duplicates = 0
    package var waiting = 0
    /// The rule and file name of the last alert, kept raw: the name is escaped only when
    /// the status line is built (at most once a second), not for every file.
    package var lastAlertSource: (rule: String, name: String)? {
        get { lastRule.map { ($0, lastName) } }
        set { lastRule = newValue?.rule; lastName = newValue?.name ?? "" }
    }
    private var lastRule: String?
    private var lastName = ""

    /// The last alert as the status line shows it: `rule on name`.
    package var lastAlert: String? {
        lastRule.map { "\($0) on \(Escaping.printable(lastName))" }
    }

    package init() {}

    /// One line for `STATUS=`.
    package var line: String {
        var text = "processed \(processed), alerts \(alerts), failed \(failed), duplicates \(duplicates)"
        if waiting > 0 { text += ", awaiting delivery \(waiting)" }
        if let lastAlert { text += "; last alert: \(lastAlert)" }
        return text
    }
}
