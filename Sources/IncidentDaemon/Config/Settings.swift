/// Whether alert lines go to standard output, and how.
package enum OutputSetting: String, Sendable, CaseIterable {
    /// Text on a terminal, JSON otherwise; off when stdout is already the journal.
    case auto
    case text
    case json
    case off
}

/// Whether alerts go to the journal.
package enum JournalSetting: String, Sendable, CaseIterable {
    /// Only when journald's socket exists.
    case auto
    case on
    case off
}
