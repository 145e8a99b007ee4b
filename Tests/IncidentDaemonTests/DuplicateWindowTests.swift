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

    @Test func aZeroWindowTurnsTheCheckOff() {
        var window = DuplicateWindow<ContinuousClock.Instant>(length: .zero)
        window.record("abc", now: start)
        #expect(!window.contains("abc", now: start))
    }
}
