import IncidentCore
import IncidentDaemon
import Logging
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ReportProcessorTests {
    let start = ContinuousClock.now

    func make(
        _ temp: TemporaryDirectory, sinks: [Delivery.Target], window: Duration = .seconds(60), limit: Int = 1 << 20,
        evaluator: FixedEvaluator = FixedEvaluator()
    ) throws -> ReportProcessor {
        ReportProcessor(
            spool: try Spool(root: temp.path), engine: evaluator, maxFileSize: limit,
            duplicateWindow: window, delivery: Delivery(targets: sinks),
            retry: RetryPolicy(initial: .seconds(1), maximum: .seconds(8)),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), timestamp: { "2026-11-28T15:07:00Z" })
    }

    @Test func aReportIsAlertedAndMovedToProcessed() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let sink = RecordingSink()
        var processor = try make(temp, sinks: [.init(sink, counts: true)])
        FileHelpers.write("Two people were killed.", to: temp.appending("incoming/r.txt"))
        #expect(processor.process("r.txt", now: start) == .processed("r.txt", alerts: 1))
        #expect(sink.alerts.first?.file == temp.path + "/processed/r.txt")
        #expect(sink.alerts.first?.time == "2026-11-28T15:07:00Z")
        #expect(FileHelpers.exists(temp.appending("processed/r.txt")))
        #expect(processor.status.processed == 1 && processor.status.alerts == 1)
    }

    @Test func theSameContentAgainRaisesNoSecondAlert() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let sink = RecordingSink()
        var processor = try make(temp, sinks: [.init(sink, counts: true)])
        FileHelpers.write("Same text.", to: temp.appending("incoming/a.txt"))
        _ = processor.process("a.txt", now: start)
        FileHelpers.write("Same text.", to: temp.appending("incoming/b.txt"))
        #expect(processor.process("b.txt", now: start.advanced(by: .seconds(5))) == .duplicate("b.txt"))
        #expect(sink.alerts.count == 1)
        #expect(FileHelpers.exists(temp.appending("processed/b.txt")))
        // After the window, the same content alerts again.
        FileHelpers.write("Same text.", to: temp.appending("incoming/c.txt"))
        #expect(processor.process("c.txt", now: start.advanced(by: .seconds(61))) == .processed("c.txt", alerts: 1))
    }

    @Test func aNewProcessorRemembersWhatWasAlertedOnWithinTheWindow() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let sink = RecordingSink()
        var before = try make(temp, sinks: [.init(sink, counts: true)])
        FileHelpers.write("Same text.", to: temp.appending("incoming/a.txt"))
        #expect(before.process("a.txt", now: start) == .processed("a.txt", alerts: 1))
        // A duplicate and a copy an admin put in processed/ are not alerts: neither is
        // remembered.
        FileHelpers.write("Same text.", to: temp.appending("incoming/dup.txt"))
        #expect(before.process("dup.txt", now: start) == .duplicate("dup.txt"))
        FileHelpers.write("Other text.", to: temp.appending("processed/copied.txt"))
        before.syncMoves(now: start.advanced(by: .seconds(2)))
        let log = try #require(FileHelpers.read(temp.appending(Spool.alertLog)))
        #expect(log.split(separator: "\n").count == 1, "one line per alerted report: \(log)")

        // Restarted within the window: the same content is a duplicate.
        var after = try make(temp, sinks: [.init(sink, counts: true)])
        #expect(after.rememberAlerted(now: start, wallNow: UTCTime.seconds() + 30) == 1)
        FileHelpers.write("Same text.", to: temp.appending("incoming/b.txt"))
        #expect(after.process("b.txt", now: start) == .duplicate("b.txt"))
        // Its age counts: 30 s old at the restart, forgotten 30 s later.
        FileHelpers.write("Same text.", to: temp.appending("incoming/c.txt"))
        #expect(after.process("c.txt", now: start.advanced(by: .seconds(31))) == .processed("c.txt", alerts: 1))

        // Restarted after the window: nothing is remembered, and the log is rewritten
        // without the expired entries.
        var late = try make(temp, sinks: [.init(sink, counts: true)])
        #expect(late.rememberAlerted(now: start, wallNow: UTCTime.seconds() + 3_600) == 0)
        #expect(FileHelpers.read(temp.appending(Spool.alertLog)) == "")
        var off = try make(temp, sinks: [.init(sink, counts: true)], window: .zero)
        #expect(off.rememberAlerted(now: start, wallNow: UTCTime.seconds()) == 0)
        #expect(sink.alerts.count == 2)
    }

    @Test func aReportThatRaisedNothingIsReadAgainWhenItComesAgain() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        var processor = try make(temp, sinks: [.init(RecordingSink(), counts: true)], evaluator: FixedEvaluator(rules: []))
        FileHelpers.write("Nothing here.", to: temp.appending("incoming/a.txt"))
        #expect(processor.process("a.txt", now: start) == .processed("a.txt", alerts: 0))
        FileHelpers.write("Nothing here.", to: temp.appending("incoming/b.txt"))
        #expect(processor.process("b.txt", now: start) == .processed("b.txt", alerts: 0), "not a duplicate")
    }

    @Test func anUndeliveredReportStaysInIncomingAndIsRetriedWithBackoff() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let journal = RecordingSink(name: "journal", failing: true)
        var processor = try make(temp, sinks: [.init(journal, counts: true)])
        FileHelpers.write("Two people were killed.", to: temp.appending("incoming/r.txt"))

        #expect(processor.process("r.txt", now: start) == .waiting(retryIn: .seconds(1)))
        #expect(FileHelpers.exists(temp.appending("incoming/r.txt")))
        #expect(processor.dueRetries(now: start) == [])
        #expect(processor.dueRetries(now: start.advanced(by: .seconds(1))) == ["r.txt"])
        #expect(processor.process("r.txt", now: start.advanced(by: .seconds(1))) == .waiting(retryIn: .seconds(2)))
        #expect(processor.nextRetry == start.advanced(by: .seconds(3)))

        journal.setFailing(false)
        #expect(processor.process("r.txt", now: start.advanced(by: .seconds(3))) == .processed("r.txt", alerts: 1))
        #expect(processor.nextRetry == nil)
        #expect(journal.alerts.count == 1)
        #expect(!FileHelpers.exists(temp.appending("incoming/r.txt")))
    }

    @Test func anUnreadableFileGoesToFailedWithItsReason() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        var processor = try make(temp, sinks: [], limit: 4)
        FileHelpers.write("too long", to: temp.appending("incoming/big.txt"))
        guard case .failed("big.txt", let reason) = processor.process("big.txt", now: start) else {
            Issue.record("expected failed")
            return
        }
        #expect(reason.contains("too large"))
        #expect(FileHelpers.read(temp.appending("failed/big.txt.error"))?.contains("too large") == true)
        #expect(processor.status.failed == 1)
    }

    @Test func aFileSeenTwiceIsProcessedOnce() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let sink = RecordingSink()
        var processor = try make(temp, sinks: [.init(sink, counts: true)], window: .zero)
        FileHelpers.write("x", to: temp.appending("incoming/r.txt"))
        #expect(processor.process("r.txt", now: start) == .processed("r.txt", alerts: 1))
        #expect(processor.process("r.txt", now: start) == .gone)
        #expect(sink.alerts.count == 1)
    }

    @Test func ignoredNamesAreLeftAlone() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        var processor = try make(temp, sinks: [])
        FileHelpers.write("x", to: temp.appending("incoming/r.txt.part"))
        #expect(processor.process("r.txt.part", now: start) == .ignored)
        #expect(FileHelpers.exists(temp.appending("incoming/r.txt.part")))
    }

    @Test func anOutageIsOneStateAndItsEndMakesEveryWaitingReportDue() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let journal = RecordingSink(name: "journal", failing: true)
        var processor = try make(temp, sinks: [.init(journal, counts: true)])
        for name in ["a.txt", "b.txt", "c.txt"] {
            FileHelpers.write(name, to: temp.appending("incoming/" + name))
            _ = processor.process(name, now: start)
        }
        #expect(processor.outage?.contains("refused by the test") == true)
        #expect(processor.outages.count == 1)
        #expect(processor.status.waiting == 3)
        // Due in a second; journald is back before that, and the first retry clears it.
        journal.setFailing(false)
        let later = start.advanced(by: .seconds(1))
        #expect(processor.process("a.txt", now: later) == .processed("a.txt", alerts: 1))
        #expect(processor.outage == nil)
        #expect(Set(processor.dueRetries(now: later)) == ["b.txt", "c.txt"])
    }

    @Test func duringAnOutageOneReportRetriesOnTheBackoffAndTheRestWaitTheLongestDelay() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let journal = RecordingSink(name: "journal", failing: true)
        var processor = try make(temp, sinks: [.init(journal, counts: true)])
        let names = (1...50).map { "r\($0).txt" }
        for name in names {
            FileHelpers.write(name, to: temp.appending("incoming/" + name))
            _ = processor.process(name, now: start)
        }
        // The first to fail tries again after 1 s, 2 s, 4 s; the other 49 only after 8 s.
        #expect(processor.dueRetries(now: start.advanced(by: .seconds(1))) == ["r1.txt"])
        #expect(processor.process("r1.txt", now: start.advanced(by: .seconds(1))) == .waiting(retryIn: .seconds(2)))
        #expect(processor.dueRetries(now: start.advanced(by: .seconds(3))) == ["r1.txt"])
        // The one that retries is removed by hand: another takes its place at once.
        unlink(temp.appending("incoming/r1.txt"))
        let gone = start.advanced(by: .seconds(3))
        #expect(processor.process("r1.txt", now: gone) == .gone)
        let next = processor.dueRetries(now: gone)
        #expect(next.count == 1)
        guard let probe = next.first else { return }
        #expect(processor.process(probe, now: gone) == .waiting(retryIn: .seconds(2)))
        // Journald is back: one retry gets through and every waiting report is due at once.
        journal.setFailing(false)
        let back = gone.advanced(by: .seconds(2))
        #expect(processor.dueRetries(now: back) == [probe])
        #expect(processor.process(probe, now: back) == .processed(probe, alerts: 1))
        #expect(processor.dueRetries(now: back).count == 48)
    }

    @Test func aFileStillOpenForWritingIsNotReadWhenFoundByAScan() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let sink = RecordingSink()
        var processor = try make(temp, sinks: [.init(sink, counts: true)])
        var fd = open(temp.appending("incoming/open.txt"), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        // Closed once only: a second close could hit a descriptor another test opened since.
        defer { if fd >= 0 { close(fd) } }
        #expect(processor.process("open.txt", now: start, scanned: true) == .waiting(retryIn: .seconds(1)))
        #expect(sink.alerts.isEmpty)
        _ = Array("Two people were killed.".utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        fd = -1
        #expect(processor.process("open.txt", now: start.advanced(by: .seconds(1))) == .processed("open.txt", alerts: 1))
    }
}
