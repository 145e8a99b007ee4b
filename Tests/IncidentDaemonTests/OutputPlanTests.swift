import IncidentDaemon
import Testing

@Suite struct OutputPlanTests {
    @Test func autoUsesTheJournalOnlyWhenItsSocketExists() {
        #expect(plan(journalAvailable: true).journal)
        #expect(!plan(journalAvailable: false).journal)
        #expect(plan(journal: .on, journalAvailable: false).journal)
        #expect(!plan(journal: .off, journalAvailable: true).journal)
    }

    @Test func autoOutputIsTextOnATerminalAndJSONOtherwise() {
        #expect(plan(terminal: true).stdout == .text)
        #expect(plan(terminal: false).stdout == .json)
    }

    @Test func stdoutThatIsTheJournalPrintsNothingTwice() {
        #expect(plan(journalAvailable: true, stdoutIsJournal: true).stdout == nil)
        // Without the journal sink, stdout is the only way alerts get out.
        #expect(plan(journal: .off, stdoutIsJournal: true).stdout == .json)
        // An explicit format is honoured.
        #expect(plan(output: .json, journalAvailable: true, stdoutIsJournal: true).stdout == .json)
    }

    @Test func offMeansNoStdoutLines() {
        #expect(plan(output: .off).stdout == nil)
    }

    private func plan(
        output: OutputSetting = .auto, journal: JournalSetting = .auto, journalAvailable: Bool = true,
        stdoutIsJournal: Bool = false, terminal: Bool = false
    ) -> OutputPlan {
        OutputPlan.resolve(
            output: output, journal: journal, journalAvailable: journalAvailable,
            stdoutIsJournal: stdoutIsJournal, stdoutIsTerminal: terminal)
    }
}
