import Testing
import TestSupport

/// The one-shot commands and their exit statuses.
@Suite struct CommandTests {
    @Test func versionPrintsAndExitsZero() {
        let result = Binary.run(["--version"])
        #expect(result.status == 0)
        #expect(!result.stdout.isEmpty)
    }

    @Test func anUnknownOptionIsAUsageError() {
        #expect(Binary.run(["run", "--no-such-flag"]).status == 64)
    }

    @Test func submitRenamesIntoIncoming() {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let result = Binary.run(["submit", "--spool", temp.appending("spool"), Binary.seed, Binary.seed])
        #expect(result.status == 0)
        #expect(FileHelpers.list(temp.appending("spool/incoming")) == ["seed.1.txt", "seed.txt"])
        #expect(FileHelpers.list(temp.appending("spool/tmp")).isEmpty)
        #expect(FileHelpers.read(temp.appending("spool/incoming/seed.txt")) == FileHelpers.read(Binary.seed))
    }

    @Test func submittingAMissingFileIsStatus65() {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let result = Binary.run(["submit", "--spool", temp.appending("spool"), temp.appending("nope.txt"), Binary.seed])
        #expect(result.status == 65)
        #expect(result.stderr.contains("nope.txt"))
        #expect(FileHelpers.list(temp.appending("spool/incoming")) == ["seed.txt"], "the good file still goes in")
    }

    @Test func checkAcceptsTheShippedConfiguration() {
        let result = Binary.run(["check", "--config", Binary.repository + "/config/incidentd.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("ok: "))
    }

    @Test func checkRejectsABadConfigurationWithStatus78() {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        FileHelpers.write("spool: /x\ncolour: blue\n", to: temp.appending("c.yaml"))
        let result = Binary.run(["check", "--config", temp.appending("c.yaml")])
        #expect(result.status == 78)
        #expect(result.stderr.contains("c.yaml:2:1: unknown key 'colour'"))
    }

    @Test func checkRejectsAMissingRulePathWithStatus78() {
        let result = Binary.run(["check", "--config", "/dev/null", "--rules", "/nonexistent/rules.d"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("/nonexistent/rules.d"))
    }

    @Test func evalReportsAnUnreadableFileAndGoesOnWithStatus65() {
        let result = Binary.run(["eval", "--output", "json", "/nonexistent/report.txt", Binary.seed])
        #expect(result.status == 65)
        #expect(result.stderr.contains("/nonexistent/report.txt"))
    }

    @Test(.needsRuleEngine) func evalPrintsTheSeedsAlerts() {
        let result = Binary.run(["eval", "--output", "json", Binary.seed])
        #expect(result.status == 0)
        let rules = Set(result.stdout.split(separator: "\n").compactMap { JSONLine.object(String($0))?["rule"] as? String })
        #expect(rules == ["protected-mission-damage", "casualties-reported"])
    }
}
