import CLinux

#if canImport(Glibc)
import Glibc
#endif

/// Receives signals through a signalfd on the event loop instead of a handler: the
/// signals are blocked and read like any other input, so nothing runs in signal context
/// and no thread waits for them.
///
/// Needs ``EventLoop`` installed and running; create and cancel it on the loop.
package final class SignalWatcher {
    private let fd: Int32
    private var token: UInt64?

    /// Blocks `signals` and calls `deliver` on the loop with each one received.
    ///
    /// - Throws: ``SystemError`` from `sigprocmask`, `signalfd` or `epoll_ctl`.
    package init(_ signals: [Int32], deliver: @escaping (Int32) -> Void) throws(SystemError) {
        let fd = signals.withUnsafeBufferPointer { incidentd_signalfd($0.baseAddress, Int32($0.count)) }
        guard fd >= 0 else { throw SystemError("signalfd", errno: errno) }
        self.fd = fd
        do {
            token = try EventLoop.shared.watch(fd) {
                while true {
                    let signal = incidentd_signalfd_read(fd)
                    guard signal > 0 else { return }
                    deliver(signal)
                }
            }
        } catch {
            close(fd)
            throw error
        }
    }

    /// Stops receiving; the signals stay blocked (pending ones are discarded at exit).
    package func cancel() {
        guard let token else { return }
        EventLoop.shared.unwatch(token, fd: fd)
        self.token = nil
        close(fd)
    }

    deinit { cancel() }
}
