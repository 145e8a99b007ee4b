import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The daemon as systemd sees it: readiness, status, watchdog, reload, stop.
@Suite(.serialized) struct DaemonLifecycleTests {
    @Test func readyComesAfterTheWatchAndStatusCountsFiles() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"])
        #expect(daemon.waitReady())
        daemon.drop("note.txt", text: "Nothing to see here.\n")
        #expect(daemon.wait { daemon.list("processed") == ["note.txt"] })
        #expect(daemon.notify.wait(for: "STATUS=processed 1"))
        #expect(daemon.stop() == 0)
    }

    @Test func filesPresentBeforeStartUpAreProcessed() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"]) { spool in
            for directory in ["", "/incoming"] { mkdir(spool + directory, 0o755) }
            FileHelpers.write("one", to: spool + "/incoming/a.txt")
            FileHelpers.write("two", to: spool + "/incoming/b.txt")
            FileHelpers.write("partial", to: spool + "/incoming/c.txt.part")
        }
        #expect(daemon.waitReady())
        #expect(daemon.wait { daemon.list("processed") == ["a.txt", "b.txt"] })
        #expect(daemon.list("incoming") == ["c.txt.part"], "writes in progress are left alone")
        #expect(daemon.stop() == 0)
    }

    @Test func theWatchdogIsPingedWhenWatchdogUSecIsSet() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"], environment: ["WATCHDOG_USEC": "200000"])
        #expect(daemon.waitReady())
        #expect(daemon.notify.wait(for: "WATCHDOG=1", timeout: .seconds(2)))
        #expect(daemon.stop() == 0)
    }

    @Test func sigtermFinishesAndSaysStopping() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"])
        #expect(daemon.waitReady())
        for index in 0..<50 { daemon.drop("r\(index).txt", text: "report \(index)") }
        #expect(daemon.stop() == 0)
        #expect(daemon.notify.wait(for: "STOPPING=1"))
        // Whatever was taken is wholly done: each file is in exactly one place.
        let done = daemon.list("processed"), left = daemon.list("incoming")
        #expect(done.count + left.count == 50)
        #expect(Set(done).isDisjoint(with: left))
        #expect(daemon.list("failed").isEmpty)
    }

    @Test func sighupWithABrokenConfigurationKeepsTheOldOne() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let config = temp.appending("incidentd.yaml")
        FileHelpers.write("max_file_size: 1MiB\n", to: config)
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--config", config])
        #expect(daemon.waitReady())
        FileHelpers.write("max_file_size: 1MiB\nmax_filesize: 2\n", to: config)
        daemon.process.signal(SIGHUP)
        #expect(daemon.notify.wait(for: "RELOADING=1"))
        #expect(daemon.notify.messages.contains { $0.contains("RELOADING=1") && $0.contains("MONOTONIC_USEC=") })
        #expect(daemon.notify.wait(for: "READY=1"))
        #expect(daemon.wait { daemon.stderr.contains("Reload failed; keeping the previous configuration and rules") })
        #expect(daemon.stderr.contains("incidentd.yaml:2:1: unknown key 'max_filesize'"))
        // Still running and still processing.
        daemon.drop("after.txt", text: "still alive")
        #expect(daemon.wait { daemon.list("processed") == ["after.txt"] })
        #expect(daemon.stop() == 0)
    }

    @Test func aBadConfigurationStopsStartUpWithStatus78() {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        FileHelpers.write("spool: [\n", to: temp.appending("bad.yaml"))
        let result = Binary.run(["run", "--config", temp.appending("bad.yaml"), "--spool", temp.appending("s")])
        #expect(result.status == 78)
        #expect(result.stderr.contains("bad.yaml"))
    }
}
