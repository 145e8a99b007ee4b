import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Files that must not be read go to failed/ with a reason, whatever the rules are.
@Suite(.serialized) struct SpoolEndToEndTests {
    @Test func hostileFilesGoToFailedWithAnErrorFile() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"])
        #expect(daemon.waitReady())
        let outside = daemon.temp.appending("outside.txt")
        FileHelpers.write("secret", to: outside)
        // A symbolic link and a hard link, renamed in as a writer would.
        symlink(outside, daemon.temp.appending("link.txt"))
        FileHelpers.move(daemon.temp.appending("link.txt"), daemon.spool + "/incoming/link.txt")
        link(outside, daemon.temp.appending("hard.txt"))
        FileHelpers.move(daemon.temp.appending("hard.txt"), daemon.spool + "/incoming/hard.txt")
        daemon.drop("big.txt", text: String(repeating: "x", count: (1 << 20) + 1))

        #expect(daemon.wait { daemon.list("failed").count == 6 })
        #expect(daemon.list("failed") == ["big.txt", "big.txt.error", "hard.txt", "hard.txt.error", "link.txt", "link.txt.error"])
        #expect(FileHelpers.read(daemon.spool + "/failed/link.txt.error")?.contains("symbolic link") == true)
        #expect(FileHelpers.read(daemon.spool + "/failed/hard.txt.error")?.contains("hard links") == true)
        #expect(FileHelpers.read(daemon.spool + "/failed/big.txt.error")?.contains("too large") == true)
        #expect(daemon.stdoutLines.isEmpty)
        #expect(daemon.stop() == 0)
    }

    @Test(.needsRuleEngine) func anUnsupportedFormatGoesToFailed() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"])
        #expect(daemon.waitReady())
        daemon.drop("report.exe", text: "MZ")
        #expect(daemon.wait { daemon.list("failed") == ["report.exe", "report.exe.error"] })
        #expect(FileHelpers.read(daemon.spool + "/failed/report.exe.error")?.contains("unsupported") == true)
        #expect(daemon.stop() == 0)
    }

    @Test func aSecondDropOfTheSameContentIsRecognised() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"])
        #expect(daemon.waitReady())
        daemon.drop("first.txt", copyOf: Binary.seed)
        #expect(daemon.wait { daemon.list("processed") == ["first.txt"] })
        let alertsAfterFirst = daemon.stdoutLines.count
        daemon.drop("second.txt", copyOf: Binary.seed)
        #expect(daemon.wait { daemon.list("processed") == ["first.txt", "second.txt"] })
        #expect(daemon.wait { daemon.stderr.contains("Duplicate report") })
        #expect(daemon.stdoutLines.count == alertsAfterFirst, "no second alert")
        #expect(daemon.stop() == 0)
    }

    @Test func theSameContentAfterARestartIsStillRecognised() throws {
        let first = DaemonHarness(arguments: ["--journal", "off"])
        #expect(first.waitReady())
        first.drop("first.txt", copyOf: Binary.seed)
        #expect(first.wait { first.list("processed") == ["first.txt"] })
        #expect(!first.stdoutLines.isEmpty)
        #expect(first.stop() == 0)
        // A new daemon on the same spool: it knows the report from `processed/`.
        let second = DaemonHarness(arguments: ["--journal", "off"], spool: first.spool)
        #expect(second.waitReady())
        #expect(second.stderr.contains("duplicates.remembered=1"))
        second.drop("again.txt", copyOf: Binary.seed)
        #expect(second.wait { second.list("processed") == ["again.txt", "first.txt"] })
        #expect(second.wait { second.stderr.contains("Duplicate report") })
        #expect(second.stdoutLines.isEmpty, "no second alert after the restart")
        #expect(second.stop() == 0)
    }

    @Test func aReusedNameNeverOverwritesAProcessedFile() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"])
        #expect(daemon.waitReady())
        daemon.drop("r.txt", text: "one")
        #expect(daemon.wait { daemon.list("processed") == ["r.txt"] })
        daemon.drop("r.txt", text: "two")
        #expect(daemon.wait { daemon.list("processed") == ["r.1.txt", "r.txt"] })
        #expect(FileHelpers.read(daemon.spool + "/processed/r.txt") == "one")
        #expect(daemon.stop() == 0)
    }
}
