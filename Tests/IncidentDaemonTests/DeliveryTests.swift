import IncidentCore
import IncidentDaemon
import Logging
import Testing

@Suite struct DeliveryTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

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
}
