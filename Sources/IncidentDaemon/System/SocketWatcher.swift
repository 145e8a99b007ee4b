import Dispatch
import Synchronization

/// What ``SocketWatcher`` reports.
package enum SocketReadiness: Sendable, Equatable {
    case readable
    case writable
}

/// Reports when a socket someone else reads and writes (sd-bus) becomes readable or
/// writable, once per arming, so the owner's event loop does the I/O in its own task.
///
/// Each report disarms its direction (the source is suspended in the handler) until
/// ``rearm(write:)``: a socket with unread data does not make the handler spin while the
/// loop is busy with a file. Nothing but the watcher's private queue touches the sources
/// and their suspension flags.
///
/// `@unchecked Sendable`: Dispatch sources are not marked `Sendable`; all their state is
/// only touched on `queue`.
package final class SocketWatcher: @unchecked Sendable {
    private let queue = DispatchQueue(label: "incidentd.socket")
    private let reader: any DispatchSourceRead
    private let writer: any DispatchSourceWrite
    private var readerSuspended = false
    private var writerSuspended = false
    private var cancelled = false
    private let gone = DispatchGroup()
    /// Set by the first ``cancel()``; checked before touching the queue, because the last
    /// reference may be dropped by a block running on that queue (deinit → cancel → sync
    /// on the own queue would deadlock).
    private let finished = Atomic(false)

    /// Starts watching `fd` (which stays owned by the caller and must stay open until
    /// ``cancel()`` returned).
    ///
    /// - Parameter deliver: Called on the watcher's queue with each readiness.
    package init(fd: Int32, deliver: @escaping @Sendable (SocketReadiness) -> Void) {
        reader = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        writer = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
        gone.enter()
        gone.enter()
        reader.setEventHandler { [unowned self] in
            readerSuspended = true
            reader.suspend()
            deliver(.readable)
        }
        writer.setEventHandler { [unowned self] in
            writerSuspended = true
            writer.suspend()
            deliver(.writable)
        }
        reader.setCancelHandler { [gone] in gone.leave() }
        writer.setCancelHandler { [gone] in gone.leave() }
        reader.resume()
        // A fresh socket is writable: this reports once, then waits for rearm(write: true).
        writer.resume()
    }

    /// Watches for reading again, and for writing when `write` (data waits to be sent).
    package func rearm(write: Bool) {
        queue.async { [self] in
            guard !cancelled else { return }
            if readerSuspended {
                readerSuspended = false
                reader.resume()
            }
            if write && writerSuspended {
                writerSuspended = false
                writer.resume()
            }
        }
    }

    /// Stops watching and waits until Dispatch no longer uses the descriptor.
    package func cancel() {
        guard !finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.sync {
            cancelled = true
            reader.cancel()
            writer.cancel()
            // A suspended source never runs its cancel handler, and releasing one crashes.
            if readerSuspended { readerSuspended = false; reader.resume() }
            if writerSuspended { writerSuspended = false; writer.resume() }
        }
        gone.wait()
    }

    deinit { cancel() }
}
