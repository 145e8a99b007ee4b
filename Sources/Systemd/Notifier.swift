import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Tells the service manager about the service's state. The only place that calls
/// `sd_notify` and `sd_watchdog_enabled`.
///
/// Every call is a no-op when `$NOTIFY_SOCKET` is unset, so the daemon behaves the same
/// outside systemd.
public struct Notifier: Sendable {
    public init() {}

    /// `READY=1`: start-up (or a reload) is complete.
    public func ready(status: String? = nil) {
        send(["READY=1"] + (status.map { ["STATUS=\($0)"] } ?? []))
    }

    /// `STATUS=…`: a one-line status shown by `systemctl status`.
    public func status(_ text: String) {
        send(["STATUS=\(text.split(whereSeparator: \.isNewline).joined(separator: " "))"])
    }

    /// `WATCHDOG=1`: the service is alive; send at least every half of ``watchdogInterval``.
    public func watchdog() {
        send(["WATCHDOG=1"])
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=`, as `Type=notify-reload` and newer managers expect.
    public func reloading() {
        send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"])
    }

    /// `STOPPING=1`: the service is shutting down.
    public func stopping() {
        send(["STOPPING=1"])
    }

    /// The watchdog interval the manager expects (`$WATCHDOG_USEC`), or `nil` when off.
    ///
    /// Corresponds to `sd_watchdog_enabled(0, &usec)`.
    public static var watchdogInterval: Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec))
    }

    /// `CLOCK_MONOTONIC` in microseconds, the clock systemd compares `MONOTONIC_USEC` with.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    private func send(_ lines: [String]) {
        // Best effort by design: a manager that cannot be told is not a reason to stop.
        _ = sd_notify(0, lines.joined(separator: "\n"))
    }
}
