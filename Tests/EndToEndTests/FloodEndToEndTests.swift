import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Floods and writers that take their time.
@Suite(.serialized) struct FloodEndToEndTests {
    /// 50,000 files land while the daemon is stopped (SIGSTOP), far more than the kernel's
    /// inotify queue holds (`fs.inotify.max_queued_events`, 16,384 by default): the queue
    /// overflows, the daemon rescans, and every file is processed, with memory and
    /// descriptors bounded. `INCIDENTD_FLOOD_FILES` changes the count.
    @Test(.timeLimit(.minutes(5))) func aFloodOverflowingInotifyIsAllProcessedInBoundedMemory() throws {
        let total = Reports.setting("INCIDENTD_FLOOD_FILES", default: 50_000)
        let queueLimit = Int((FileHelpers.read("/proc/sys/fs/inotify/max_queued_events") ?? "16384").split(separator: "\n").first ?? "") ?? 16_384
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "json"])
        try #require(daemon.waitReady())
        let spool = daemon.spool
        let idleRSS = daemon.statusKB("VmRSS") ?? 0

        daemon.process.signal(SIGSTOP)
        let dropping = ContinuousClock.now
        var alerting = 0
        for index in 0..<total {
            let kind: Reports.Kind = index % 100 == 1 ? .casualties : .plain
            if kind == .casualties { alerting += 1 }
            Reports.drop(Reports.name(index, kind), text: Reports.text(index, kind), spool: spool)
        }
        let dropTime = ContinuousClock.now - dropping
        let processing = ContinuousClock.now
        daemon.process.signal(SIGCONT)

        var maxDescriptors = 0
        var maxRSS = 0
        let done = daemon.wait(timeout: .seconds(240)) {
            maxDescriptors = max(maxDescriptors, daemon.openDescriptors)
            maxRSS = max(maxRSS, daemon.statusKB("VmRSS") ?? 0)
            usleep(100_000)
            return Reports.count(spool + "/incoming") == 0
        }
        let elapsed = ContinuousClock.now - processing
        let peak = daemon.statusKB("VmHWM") ?? maxRSS
        #expect(done, "incoming/ drained")
        #expect(Reports.count(spool + "/processed") == total, "every file processed")
        #expect(Reports.count(spool + "/failed") == 0)
        #expect(daemon.wait(timeout: .seconds(5)) { daemon.stdoutLines.count == alerting }, "one alert per alerting report")

        let overflowLines = daemon.stderr.split(separator: "\n").filter { $0.contains("inotify queue overflowed") }
        if total > queueLimit {
            #expect(overflowLines.count == 1, "the overflow is logged once: \(overflowLines)")
            #expect(overflowLines.first?.contains("b5e1c7a94d2f4a3e9c60f8d1a2b3c4d5") == true, "with its MESSAGE_ID")
        }
        // Generous bounds for a debug build; the release figure is in the README.
        #expect(peak <= 96 * 1024, "peak RSS \(peak) kB")
        #expect(maxDescriptors <= 32, "descriptors \(maxDescriptors)")
        #expect(daemon.stop() == 0)
        print("""
            FLOOD TEST: \(total) files (\(alerting) alerting), dropped in \(dropTime) while stopped; \
            processed in \(elapsed) (\(Int(Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))) files/s); \
            overflow warnings \(overflowLines.count); RSS idle \(idleRSS) kB, peak (VmHWM) \(peak) kB; \
            max open descriptors \(maxDescriptors)
            """)
    }

    /// A writer that writes slowly straight into `incoming/` (no rename) is read only
    /// once it closes the file: the casualty sentence comes last, so a half-read report
    /// would raise nothing.
    @Test(.needsRuleEngine) func aSlowDirectWriterIsReadOnlyAfterItCloses() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "json"])
        try #require(daemon.waitReady())
        let path = daemon.spool + "/incoming/slow.txt"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        write(fd, "The council met on Tuesday to discuss the budget.\n")
        usleep(1_500_000)
        #expect(daemon.list("incoming") == ["slow.txt"], "not touched while open")
        #expect(daemon.list("processed").isEmpty)
        write(fd, "Two people were killed and five were injured when a shell hit the market.\n")
        close(fd)
        #expect(daemon.wait { daemon.list("processed") == ["slow.txt"] })
        #expect(daemon.wait { daemon.stdoutLines.contains { $0.contains("\"killed\":2") } }, "the whole file was read")
        #expect(daemon.stop() == 0)
    }

    /// A file found by a scan (here at start-up; an overflow rescan takes the same path)
    /// while a writer still holds it open is not read until the writer closes it.
    @Test(.needsRuleEngine) func aFileStillOpenForWritingAtStartUpWaitsForItsWriter() throws {
        var fd: Int32 = -1
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "json"]) { spool in
            Reports.makeSpool(spool)
            fd = open(spool + "/incoming/open.txt", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            write(fd, "The council met on Tuesday to discuss the budget.\n")
        }
        try #require(fd >= 0)
        try #require(daemon.waitReady())
        usleep(2_500_000)
        #expect(daemon.list("incoming") == ["open.txt"], "not read while a writer holds it")
        #expect(daemon.list("processed").isEmpty)
        write(fd, "Two people were killed and five were injured when a shell hit the market.\n")
        close(fd)
        #expect(daemon.wait(timeout: .seconds(3)) { daemon.list("processed") == ["open.txt"] })
        #expect(daemon.wait { daemon.stdoutLines.contains { $0.contains("\"killed\":2") } }, "the whole file was read")
        #expect(daemon.stop() == 0)
    }
}

private func write(_ fd: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
}
