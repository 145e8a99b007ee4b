import IncidentDaemon
import Testing

@Suite struct DuplicateWindowTests {
    let start = ContinuousClock.now

    @Test func theSameContentWithinTheWindowIsADuplicate() {
        var window = DuplicateWindow<ContinuousClock.Instant>(length: .seconds(60))
        #expect(!window.contains("abc", now: start))
        window.record("abc", now: start)
        #expect(window.contains("abc", now: start.advanced(by: .seconds(59))))
        #expect(!window.contains("abd", now: start.advanced(by: .seconds(1))))
    }

    @Test func contentIsForgottenAfterTheWindow() {
        var window = DuplicateWindow<ContinuousClock.Instant>(length: .seconds(60))
        window.record("abc", now: start)
        #expect(!window.contains("abc", now: start.advanced(by: .seconds(60))))
        window.record("xyz", now: start.advanced(by: .seconds(60)))
        #expect(window.count == 1, "expired hashes are pruned")
    }

    @Test func aHashRecordedAgainIsKeptFromItsLatestRecord() {
        var window = DuplicateWindow<ContinuousClock.Instant>(length: .seconds(60))
        window.record("abc", now: start)
        window.record("abc", now: start.advanced(by: .seconds(50)))
        window.record("xyz", now: start.advanced(by: .seconds(61)))
        #expect(window.contains("abc", now: start.advanced(by: .seconds(61))), "the older record expiring must not drop the newer")
        #expect(window.count == 2)
        window.record("xyz", now: start.advanced(by: .seconds(111)))
        #expect(!window.contains("abc", now: start.advanced(by: .seconds(111))))
        #expect(window.count == 1)
    }

    @Test func manyRecordsArePrunedInOrder() {
        var window = DuplicateWindow<ContinuousClock.Instant>(length: .seconds(10))
        for i in 0..<1000 { window.record("h\(i)", now: start.advanced(by: .milliseconds(i * 100))) }
        // At 100 s, records made at 90.0 s and later (900…999) are within the window.
        #expect(window.count == 100)
        #expect(window.contains("h999", now: start.advanced(by: .seconds(100))))
        #expect(!window.contains("h899", now: start.advanced(by: .seconds(100))))
    }

    @Test func aZeroWindowTurnsTheCheckOff() {
        var window = DuplicateWindow<ContinuousClock.Instant>(length: .zero)
        window.record("abc", now: start)
        #expect(!window.contains("abc", now: start))
    }
}
