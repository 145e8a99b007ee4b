import IncidentDaemon
import Testing

@Suite struct RetryPolicyTests {
    @Test func theDelayDoublesUpToTheMaximum() {
        let policy = RetryPolicy(initial: .milliseconds(250), maximum: .seconds(2))
        #expect(policy.delay(afterFailures: 1) == .milliseconds(250))
        #expect(policy.delay(afterFailures: 2) == .milliseconds(500))
        #expect(policy.delay(afterFailures: 3) == .seconds(1))
        #expect(policy.delay(afterFailures: 4) == .seconds(2))
        #expect(policy.delay(afterFailures: 50) == .seconds(2))
    }
}
