/// Where alerts go, decided once from the settings and what the process is connected to.
package struct OutputPlan: Sendable, Equatable {
    /// Alerts are written to the journal (and only its acceptance counts).
    package var journal: Bool
    /// Alert lines on standard output, in this format, or none.
    package var stdout: OutputFormat?

    package init(journal: Bool, stdout: OutputFormat?) {
        self.journal = journal
        self.stdout = stdout
    }

    /// Decides the plan.
    ///
    /// - Parameters:
    ///   - output: `auto` prints text on a terminal and JSON otherwise, and nothing when
    ///     stdout is already the journal and alerts go there anyway (no double logging).
    ///   - journal: `auto` uses the journal only if its socket exists.
    ///   - journalAvailable: Whether `/run/systemd/journal/socket` exists.
    ///   - stdoutIsJournal: Whether `$JOURNAL_STREAM` matches fd 1.
    ///   - stdoutIsTerminal: Whether fd 1 is a terminal.
    package static func resolve(
        output: OutputSetting, journal: JournalSetting,
        journalAvailable: Bool, stdoutIsJournal: Bool, stdoutIsTerminal: Bool
    ) -> OutputPlan {
        let useJournal =
            switch journal {
            case .on: true
            case .off: false
            case .auto: journalAvailable
            }
        let format: OutputFormat? =
            switch output {
            case .text: .text
            case .json: .json
            case .off: nil
            case .auto: (useJournal && stdoutIsJournal) ? nil : (stdoutIsTerminal ? .text : .json)
            }
        return OutputPlan(journal: useJournal, stdout: format)
    }
}
