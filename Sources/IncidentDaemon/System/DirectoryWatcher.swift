import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// What the spool watcher reports.
package enum WatchEvent: Sendable, Equatable {
    /// A file was closed after writing or renamed into the directory, or something that is
    /// not a regular file being written (a link, FIFO, socket, device, directory) was
    /// created in it.
    case arrived(String)
    /// The kernel dropped events: the directory must be scanned again.
    case overflow
}

/// Watches one directory with inotify and hands each event to a callback.
///
/// A `DispatchSource` read source drains the non-blocking descriptor on a private
/// queue, so no cooperative-pool thread ever blocks in `read()`. The callback runs on
/// that queue; the daemon's callback yields straight into its one event stream, so an
/// event costs one hop to the processing task, not two.
///
/// `@unchecked Sendable`: Dispatch sources are not marked `Sendable`, but a source is
/// thread-safe to cancel, which is all this class does with it after `init`.
package final class DirectoryWatcher: @unchecked Sendable {
    private let source: any DispatchSourceRead

    /// Starts watching `path` for files closed after writing or renamed in.
    ///
    /// - Parameter deliver: Called with each event, in the order the kernel reported them,
    ///   on the watcher's private queue.
    /// - Throws: ``SystemError`` from `inotify_init1` or `inotify_add_watch`.
    package init(path: String, deliver: @escaping @Sendable (WatchEvent) -> Void) throws(SystemError) {
        let fd = try Inotify.makeDescriptor()
        do {
            _ = try Inotify.addWatch(fd, path: path, mask: [.closeWrite, .movedTo, .create, .onlyDirectory])
        } catch {
            close(fd)
            throw error
        }
        let queue = DispatchQueue(label: "incidentd.inotify")
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler {
            let batch: [Inotify.Event]
            do {
                batch = try Inotify.readEvents(fd)
            } catch {
                deliver(.overflow)
                return
            }
            for event in batch {
                if event.mask.contains(.queueOverflow) {
                    deliver(.overflow)
                } else if !event.name.isEmpty,
                    !event.mask.isDisjoint(with: [.closeWrite, .movedTo])
                {
                    deliver(.arrived(event.name))
                } else if !event.name.isEmpty, event.mask.contains(.create),
                    Self.isNeverWritten(event.name, in: path, mask: event.mask)
                {
                    deliver(.arrived(event.name))
                }
            }
        }
        source.setCancelHandler {
            close(fd)
        }
        source.resume()
        self.source = source
    }

    /// Whether an entry just created in the directory is something no writer will close:
    /// a symbolic link, FIFO, socket, device, directory or extra hard link made in place
    /// (`ln -s`, `mkfifo`, `ln`). These get no `IN_CLOSE_WRITE`, so without this they
    /// would wait in `incoming/` until the next scan. A regular file with one link is being
    /// written and is left for its close.
    static func isNeverWritten(_ name: String, in directory: String, mask: Inotify.WatchMask) -> Bool {
        if mask.contains(.isDirectory) { return true }
        var info = stat()
        guard withRawName(directory + "/" + name, { lstat($0, &info) }) == 0 else { return false }
        return info.st_mode & S_IFMT != S_IFREG || info.st_nlink != 1
    }

    /// Stops watching and closes the descriptor.
    package func cancel() {
        source.cancel()
    }

    deinit {
        source.cancel()
    }
}
