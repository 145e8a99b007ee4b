import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// journald gone, spool directories not writable, disk full, reloads that fail, a spool
/// removed under the daemon: reports wait, nothing is lost, the daemon says so once and
/// recovers by itself.
@Suite(.serialized) struct FaultEndToEndTests {
    /// Lines of the daemon's stderr containing `text`.
    static func lines(_ daemon: DaemonHarness, _ text: String) -> Int {
        daemon.stderr.split(separator: "\n").filter { $0.contains(text) }.count
    }

    static let waitingLine = "Reports wait in incoming"
    static let recoveredLine = "Reports get through again"

    @Test(.needsRuleEngine) func withJournaldAbsentReportsWaitAndAreDeliveredWhenItStarts() throws {
        guard let journal = PrivateJournal(start: false) else { return }
        defer { journal.tearDown() }
        let daemon = DaemonHarness(arguments: ["--journal", "on", "--output", "off"], wrapper: journal.command([]))
        try #require(daemon.waitReady())
        let names = (0..<20).map { Reports.name($0, .casualties) }
        for (index, name) in names.enumerated() {
            Reports.drop(name, text: Reports.text(index, .casualties), spool: daemon.spool)
        }
        #expect(daemon.wait { Self.lines(daemon, Self.waitingLine) == 1 })
        usleep(1_500_000)
        #expect(daemon.list("incoming") == names, "every report waits in incoming/")
        #expect(daemon.list("processed").isEmpty)
        #expect(Self.lines(daemon, Self.waitingLine) == 1, "said once, not once per file:\n\(daemon.stderr)")
        #expect(Self.lines(daemon, "No such file or directory") == 1, "the reason, once:\n\(daemon.stderr)")

        try #require(journal.startJournald())
        #expect(daemon.wait(timeout: .seconds(15)) { daemon.list("processed") == names })
        let alerted = Set(journal.entries(timeout: .seconds(5)) { Set($0.compactMap { $0["INCIDENT_NAME"] }).count == names.count }
            .compactMap { $0["INCIDENT_NAME"] })
        #expect(alerted == Set(names), "every waiting report alerted once journald was back")
        #expect(Self.lines(daemon, Self.recoveredLine) == 1)
        #expect(daemon.stop() == 0)
    }

    @Test(.needsRuleEngine) func withJournaldStoppedMidRunNothingIsLost() throws {
        guard let journal = PrivateJournal() else { return }
        defer { journal.tearDown() }
        let daemon = DaemonHarness(arguments: ["--journal", "on", "--output", "off"], wrapper: journal.command([]))
        try #require(daemon.waitReady())
        let before = (0..<5).map { Reports.name($0, .casualties) }
        for (index, name) in before.enumerated() { Reports.drop(name, text: Reports.text(index, .casualties), spool: daemon.spool) }
        #expect(daemon.wait { daemon.list("processed") == before })

        journal.stopJournald()
        let during = (5..<25).map { Reports.name($0, .casualties) }
        for (offset, name) in during.enumerated() {
            Reports.drop(name, text: Reports.text(5 + offset, .casualties), spool: daemon.spool)
        }
        #expect(daemon.wait { Self.lines(daemon, Self.waitingLine) == 1 })
        usleep(1_500_000)
        #expect(daemon.list("incoming") == during, "reports wait while journald is down")
        #expect(Self.lines(daemon, Self.waitingLine) == 1, "said once:\n\(daemon.stderr)")

        try #require(journal.startJournald())
        #expect(daemon.wait(timeout: .seconds(15)) { daemon.list("processed") == before + during })
        let alerted = Set(journal.entries(timeout: .seconds(5)) { Set($0.compactMap { $0["INCIDENT_NAME"] }).count == 25 }
            .compactMap { $0["INCIDENT_NAME"] })
        #expect(alerted == Set(before + during), "no alert lost across the outage")
        #expect(daemon.stop() == 0)
    }

    /// The daemon runs as `nobody` (as it runs as `incidentd` in production: root would
    /// ignore the mode) and `processed/` loses its write permission.
    @Test(.needsRuleEngine) func anUnwritableProcessedDirectoryKeepsTheFileAndRecovers() throws {
        try #require(Gates.isRoot, "needs root to run the daemon as another user")
        let daemon = DaemonHarness(
            arguments: ["--journal", "off", "--output", "json"],
            wrapper: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        ) { spool in
            let temp = String(spool.dropLast("/spool".count))
            chmod(temp, 0o755)
            chmod(temp + "/notify.sock", 0o777)
            Reports.makeSpool(spool)
            for directory in ["", "/tmp", "/incoming", "/processed", "/failed"] { chown(spool + directory, 65534, 65534) }
        }
        try #require(daemon.waitReady())
        chmod(daemon.spool + "/processed", 0o500)
        let names = (0..<5).map { Reports.name($0, .casualties) }
        for (index, name) in names.enumerated() { Reports.drop(name, text: Reports.text(index, .casualties), spool: daemon.spool) }
        #expect(daemon.wait { Self.lines(daemon, Self.waitingLine) == 1 })
        let cpuBefore = Self.cpuTicks(daemon.process.pid)
        usleep(2_000_000)
        let cpu = Self.cpuTicks(daemon.process.pid) - cpuBefore
        #expect(daemon.list("incoming") == names, "the files are kept")
        #expect(daemon.stdoutLines.count == names.count, "each alert printed once, not per retry")
        #expect(Self.lines(daemon, Self.waitingLine) == 1)
        #expect(Self.lines(daemon, "Permission denied") == 1, "the reason, once")
        #expect(cpu < 20, "no spinning: \(cpu) ticks of CPU in 2 s")

        chmod(daemon.spool + "/processed", 0o750)
        #expect(daemon.wait(timeout: .seconds(10)) { daemon.list("processed") == names })
        #expect(daemon.stdoutLines.count == names.count, "no second alert after recovery")
        #expect(Self.lines(daemon, Self.recoveredLine) == 1)
        #expect(daemon.stop() == 0)
    }

    /// A full disk (a 256 KiB tmpfs as the spool): a report that fails cannot get its
    /// `.error` file written, so it stays in `incoming/`; when space returns it goes to
    /// `failed/` with its reason. Reports that only need a rename keep flowing.
    @Test func aFullDiskKeepsTheFileAndRecoversWhenSpaceReturns() throws {
        try #require(Gates.isRoot, "needs root to mount a small tmpfs")
        let temp = TemporaryDirectory(prefix: "incidentd-full")
        defer { temp.remove() }
        let spool = temp.appending("spool")
        mkdir(spool, 0o755)
        let mount = Shell.run(["/bin/mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", spool])
        try #require(mount.status == 0, "mount: \(mount.stderr)")
        defer { _ = Shell.run(["/bin/umount", "-l", spool]) }
        Reports.makeSpool(spool)
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "json"], spool: spool)
        try #require(daemon.waitReady())
        FileHelpers.write("not a report", to: spool + "/tmp/bad.exe")
        FileHelpers.write("The council met on Tuesday.", to: spool + "/tmp/ok.txt")
        // Fill the file system to the last block.
        let filler = open(spool + "/filler", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        try #require(filler >= 0)
        let block = [UInt8](repeating: 0x61, count: 4096)
        while block.withUnsafeBytes({ Glibc.write(filler, $0.baseAddress, $0.count) }) > 0 {}
        close(filler)

        FileHelpers.move(spool + "/tmp/bad.exe", spool + "/incoming/bad.exe")
        FileHelpers.move(spool + "/tmp/ok.txt", spool + "/incoming/ok.txt")
        #expect(daemon.wait { daemon.list("processed") == ["ok.txt"] }, "a rename needs no space")
        #expect(daemon.wait { Self.lines(daemon, Self.waitingLine) == 1 })
        let cpuBefore = Self.cpuTicks(daemon.process.pid)
        usleep(2_000_000)
        #expect(Self.cpuTicks(daemon.process.pid) - cpuBefore < 20, "no spinning")
        #expect(daemon.list("incoming") == ["bad.exe"], "kept while its reason cannot be written")
        #expect(daemon.list("failed").isEmpty, "never in failed/ without its reason")
        #expect(Self.lines(daemon, "No space left on device") == 1, "the reason, once:\n\(daemon.stderr)")

        unlink(spool + "/filler")
        #expect(daemon.wait(timeout: .seconds(10)) { daemon.list("failed") == ["bad.exe", "bad.exe.error"] })
        #expect(FileHelpers.read(spool + "/failed/bad.exe.error")?.contains("unsupported") == true)
        #expect(Self.lines(daemon, Self.recoveredLine) == 1)
        #expect(daemon.stop() == 0)
    }

    @Test(.needsRuleEngine) func aRuleFileDeletedMidRunKeepsTheRulesInForceAndAReloadSaysWhichIsMissing() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let rules = temp.appending("rules.d")
        mkdir(rules, 0o755)
        for file in ["00-common.yaml", "casualties-reported.yaml"] {
            FileHelpers.write(FileHelpers.read(Binary.repository + "/config/rules.d/" + file) ?? "", to: rules + "/" + file)
        }
        let daemon = DaemonHarness(arguments: [
            "--journal", "off", "--output", "json",
            "--rules", rules + "/00-common.yaml", "--rules", rules + "/casualties-reported.yaml",
        ])
        try #require(daemon.waitReady())
        unlink(rules + "/casualties-reported.yaml")
        Reports.drop("a.txt", text: Reports.text(1, .casualties), spool: daemon.spool)
        #expect(daemon.wait { daemon.stdoutLines.count == 1 }, "the loaded rules keep working")

        daemon.process.signal(SIGHUP)
        #expect(daemon.wait { daemon.stderr.contains("Reload failed; keeping the previous configuration and rules") })
        #expect(daemon.stderr.contains("casualties-reported.yaml: no such rule file or directory"))
        Reports.drop("b.txt", text: Reports.text(2, .casualties), spool: daemon.spool)
        #expect(daemon.wait { daemon.stdoutLines.count == 2 }, "the old rules still work after the failed reload")
        #expect(daemon.stop() == 0)
    }

    @Test func aSpoolRemovedAndRecreatedIsWatchedAgain() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "json"])
        try #require(daemon.waitReady())
        Reports.drop("a.txt", text: Reports.text(1, .plain), spool: daemon.spool)
        #expect(daemon.wait { daemon.list("processed") == ["a.txt"] })

        _ = Shell.run(["/bin/rm", "-rf", daemon.spool])
        #expect(daemon.wait { daemon.stderr.contains("The spool directory was removed or moved") })
        usleep(1_000_000)
        #expect(!FileHelpers.exists(daemon.spool), "the daemon does not recreate a spool someone removed")
        let quiet = daemon.stderr.count
        usleep(1_000_000)
        #expect(daemon.stderr.count == quiet, "waits quietly")

        _ = Shell.run(["/bin/mkdir", "-p", daemon.spool + "/tmp", daemon.spool + "/incoming"])
        #expect(daemon.wait(timeout: .seconds(10)) { daemon.stderr.contains("Spool is back; watching incoming again") })
        Reports.drop("b.txt", text: Reports.text(2, .plain), spool: daemon.spool)
        #expect(daemon.wait { daemon.list("processed") == ["b.txt"] })

        // processed/ alone removed: the move fails, the spool is re-opened, the file lands.
        _ = Shell.run(["/bin/rm", "-rf", daemon.spool + "/processed"])
        Reports.drop("c.txt", text: Reports.text(3, .plain), spool: daemon.spool)
        #expect(daemon.wait(timeout: .seconds(10)) { daemon.list("processed") == ["c.txt"] })
        #expect(daemon.list("incoming").isEmpty)
        #expect(daemon.stop() == 0)
    }

    /// User plus system CPU time of `pid`, in clock ticks.
    static func cpuTicks(_ pid: Int32) -> Int {
        guard let stat = FileHelpers.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3, utime 14, stime 15 (1-based in proc(5)).
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }
}
