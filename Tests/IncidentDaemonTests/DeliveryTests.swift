import IncidentCore
import IncidentDaemon
import Logging
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

@Suite struct DeliveryTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func sinksThatSendTheJSONRecordAllGetTheAlertsOwnRecord() throws {
        let pipe = try Pipe()
        let stdout = StdoutSink(format: .json, fd: pipe.write)
        let bus = RecordSink()
        var delivery = Delivery(targets: [.init(stdout, counts: true), .init(bus, counts: false)])
        let alerts = [sampleAlert(), sampleAlert(rule: "protected-mission-damage", evidence: "The embassy was hit.")]
        #expect(delivery.deliver(alerts, logger: logger).complete)
        #expect(bus.records == alerts.map(\.jsonLine))
        #expect(pipe.readAvailable() == alerts.map { $0.jsonLine + "\n" }.joined())
    }

    @Test func aStdoutWriteThatFailsPartWayPrintsNoWholeLineTwiceOnRetry() throws {
        let pipe = try Pipe()
        _ = fcntl(pipe.write, F_SETFL, O_NONBLOCK)
        // The smallest pipe holds one page: two 1.5 KB lines fit, the third is cut short.
        let capacity = Int(fcntl(pipe.write, 1031 /* F_SETPIPE_SZ */, 4096))
        try #require(capacity == 4096)
        let stdout = StdoutSink(format: .text, fd: pipe.write)
        var delivery = Delivery(targets: [.init(stdout, counts: true)])
        let alerts = (1...3).map { n in sampleAlert(rule: "rule-\(n)", evidence: String(repeating: "x", count: 1_500)) }
        #expect(!delivery.deliver(alerts, logger: logger).complete, "the pipe filled up")
        let first = pipe.readAvailable()
        #expect(delivery.deliver(alerts, logger: logger).complete)
        let output = first + pipe.readAvailable()
        // Lines as read (a cut line runs into its retry), and how often each whole one came.
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for alert in alerts {
            let line = StdoutSink.line(for: alert, format: .text)
            #expect(lines.filter { $0.hasSuffix(line) }.count == 1, "\(alert.rule) printed once, whole")
        }
    }

    @Test func aFailingSinkDoesNotStopTheOthers() {
        let broken = RecordingSink(name: "stdout", failing: true)
        let journal = RecordingSink(name: "journal")
        var delivery = Delivery(targets: [.init(broken, counts: false), .init(journal, counts: true)])
        let report = delivery.deliver([sampleAlert()], logger: logger)
        #expect(report.complete, "only the journal counts")
        #expect(journal.alerts.count == 1)
    }

    @Test func aRefusingCountingSinkLeavesTheAlertUndelivered() {
        let journal = RecordingSink(name: "journal", failing: true)
        let stdout = RecordingSink(name: "stdout")
        var delivery = Delivery(targets: [.init(journal, counts: true), .init(stdout, counts: false)])
        let report = delivery.deliver([sampleAlert()], logger: logger)
        #expect(!report.complete)
        #expect(report.failure?.sink == "journal")
        #expect(stdout.alerts.count == 1)
    }

    @Test func aRetrySendsOnlyToTheSinksThatMissedIt() {
        let journal = RecordingSink(name: "journal", failing: true)
        let stdout = RecordingSink(name: "stdout")
        var delivery = Delivery(targets: [.init(journal, counts: true), .init(stdout, counts: false)])
        _ = delivery.deliver([sampleAlert()], logger: logger)
        journal.setFailing(false)
        #expect(delivery.deliver([sampleAlert()], logger: logger).complete)
        #expect(journal.alerts.count == 1)
        #expect(stdout.alerts.count == 1, "stdout already had it")
    }

    @Test func alertsASinkGathersCountOnlyOnceItsFlushWorked() {
        let stdout = GatheringSink(failFlushes: 1)
        var delivery = Delivery(targets: [.init(stdout, counts: true)])
        let alerts = [sampleAlert(), sampleAlert(rule: "protected-mission-damage", evidence: "The embassy was hit.")]
        let first = delivery.deliver(alerts, logger: logger)
        #expect(!first.complete, "the flush failed: nothing was written")
        #expect(first.failure?.sink == "gathering")
        #expect(delivery.deliver(alerts, logger: logger).complete)
        #expect(stdout.written.map(\.alertID) == alerts.map(\.alertID), "both handed again and written once")
        #expect(delivery.deliver(alerts, logger: logger).complete)
        #expect(stdout.written.count == 2, "taken alerts are not sent again")
    }
}

/// A sink that gathers alerts and writes them on flush, as stdout does; its first
/// `failFlushes` flushes fail (and drop what was gathered).
private final class GatheringSink: AlertSink, @unchecked Sendable {
    // @unchecked: used from one test's task only.
    let name = "gathering"
    var failFlushes: Int
    var gathered: [Alert] = []
    var written: [Alert] = []
    init(failFlushes: Int) { self.failFlushes = failFlushes }
    func deliver(_ alert: Alert) throws(SinkError) { gathered.append(alert) }
    func flush() throws(SinkError) {
        defer { gathered = [] }
        if failFlushes > 0 {
            failFlushes -= 1
            throw SinkError(sink: name, reason: "refused by the test")
        }
        written += gathered
    }
}

/// A sink that sends the JSON record, as the D-Bus sink does, and keeps what it got.
private final class RecordSink: AlertSink, @unchecked Sendable {
    // @unchecked: used from one test's task only.
    let name = "records"
    var records: [String] = []
    var usesRecord: Bool { true }
    func deliver(_ alert: Alert) throws(SinkError) { records.append("not the shared record") }
    func deliver(_ alert: Alert, record: String) throws(SinkError) { records.append(record) }
}

/// A pipe whose write end a sink writes to and whose read end the test drains.
private struct Pipe {
    let read: Int32
    let write: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SinkError(sink: "pipe", reason: "pipe failed") }
        read = fds[0]
        write = fds[1]
        _ = fcntl(read, F_SETFL, O_NONBLOCK)
    }

    func readAvailable() -> String { String(decoding: FileHelpers.readAll(read), as: UTF8.self) }
}
