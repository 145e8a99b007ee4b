/// The counters shown in `STATUS=` and by `systemctl status`.
package struct DaemonStatus: Sendable, Equatable {
    package var processed = 0
    package var alerts = 0
    package var failed = 0
    package var duplicates = 0
    package var waiting = 0
    /// `rule on name` of the latest alert.
    package var lastAlert: String?

    package init() {}

    /// One line for `STATUS=`.
    package var line: String {
        var text = "processed \(processed), alerts \(alerts), failed \(failed), duplicates \(duplicates)"
        if waiting > 0 { text += ", awaiting delivery \(waiting)" }
        if let lastAlert { text += "; last alert: \(lastAlert)" }
        return text
    }
}
