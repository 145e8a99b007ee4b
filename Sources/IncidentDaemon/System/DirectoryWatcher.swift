import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// What the spool watcher reports.
package enum WatchEvent: Sendable, Equatable {
    /// A file was closed after writing or renamed into the directory.
    case arrived(String)
    /// The kernel dropped events: the directory must be scanned again.
    case overflow
}

/// Watches one directory with inotify and delivers events as an `AsyncStream`.
///
/// A `DispatchSource` read source drains the non-blocking descriptor on a private
/// queue, so no cooperative-pool thread ever blocks in `read()`.
///
/// `@unchecked Sendable`: Dispatch sources are not marked `Sendable`, but a source is
/// thread-safe to cancel, which is all this class does with it after `init`.
package final class DirectoryWatcher: @unchecked Sendable {
    /// The events, in the order the kernel reported them.
    package let events: AsyncStream<WatchEvent>
    private let source: any DispatchSourceRead

    /// Starts watching `path` for files closed after writing or renamed in.
    ///
    /// - Throws: ``SystemError`` from `inotify_init1` or `inotify_add_watch`.
    package init(path: String) throws(SystemError) {
        let fd = try Inotify.makeDescriptor()
        do {
            _ = try Inotify.addWatch(fd, path: path, mask: [.closeWrite, .movedTo, .onlyDirectory])
        } catch {
            close(fd)
            throw error
        }
        let (stream, continuation) = AsyncStream.makeStream(of: WatchEvent.self)
        let queue = DispatchQueue(label: "incidentd.inotify")
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler {
            let batch: [Inotify.Event]
            do {
                batch = try Inotify.readEvents(fd)
            } catch {
                continuation.yield(.overflow)
                return
            }
            for event in batch {
                if event.mask.contains(.queueOverflow) {
                    continuation.yield(.overflow)
                } else if !event.name.isEmpty,
                    !event.mask.isDisjoint(with: [.closeWrite, .movedTo])
                {
                    continuation.yield(.arrived(event.name))
                }
            }
        }
        source.setCancelHandler {
            close(fd)
            continuation.finish()
        }
        source.resume()
        self.events = stream
        self.source = source
        continuation.onTermination = { [weak self] _ in self?.cancel() }
    }

    /// Stops watching and closes the descriptor.
    package func cancel() {
        source.cancel()
    }

    deinit {
        source.cancel()
    }
}
