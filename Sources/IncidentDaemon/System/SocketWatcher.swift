/// What ``SocketWatcher`` reports.
package enum SocketReadiness: Sendable, Equatable {
    case readable
    case writable
}

/// Reports when a socket someone else reads and writes (sd-bus) becomes readable or
/// writable, once per arming, so the owner's event loop does the I/O in its own task.
///
/// The descriptor is watched on ``EventLoop`` (epoll, level-triggered). Each report
/// disarms the watch until ``rearm(write:)``: a socket with unread data does not make the
/// loop call back on every turn while the spool task is busy with a file.
///
/// Needs ``EventLoop`` installed and running; create, re-arm and cancel it on the loop.
package final class SocketWatcher {
    private let fd: Int32
    private var token: UInt64?
    /// Disarmed until `rearm`: epoll still reports a hang-up or an error with an empty
    /// interest, and that must not be delivered on every turn of the loop.
    private var armed = true

    /// Starts watching `fd` for reading and writing (a fresh socket is writable: that is
    /// reported once, then writing is only watched after `rearm(write: true)`). `fd` stays
    /// owned by the caller and must stay open until ``cancel()``.
    ///
    /// - Parameter deliver: Called on the loop with each readiness.
    /// - Throws: ``SystemError`` from `epoll_ctl`.
    package init(fd: Int32, deliver: @escaping (SocketReadiness) -> Void) throws(SystemError) {
        self.fd = fd
        token = try EventLoop.shared.watch(fd, for: [.readable, .writable]) { [weak self] ready in
            guard let self, let token = self.token, self.armed else { return }
            self.armed = false
            EventLoop.shared.modify(token, fd: self.fd, interest: [])
            deliver(ready.contains(.readable) ? .readable : .writable)
        }
    }

    /// Watches for reading again, and for writing when `write` (data waits to be sent).
    package func rearm(write: Bool) {
        guard let token else { return }
        armed = true
        EventLoop.shared.modify(token, fd: fd, interest: write ? [.readable, .writable] : [.readable])
    }

    /// Stops watching; call before the descriptor is closed.
    package func cancel() {
        guard let token else { return }
        EventLoop.shared.unwatch(token, fd: fd)
        self.token = nil
    }

    deinit { cancel() }
}
