/// How long to wait before trying a file's delivery again: doubling from `initial` up to
/// `maximum`, so a journald outage costs a few wake-ups, not a spin.
package struct RetryPolicy: Sendable, Equatable {
    package var initial: Duration
    package var maximum: Duration

    package init(initial: Duration = .milliseconds(250), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before attempt number `failures + 1`, after `failures` failed ones (≥ 1).
    package func delay(afterFailures failures: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(1, failures) {
            delay = delay * 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
