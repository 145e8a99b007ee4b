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
    /// The watched directory was deleted, renamed away or unmounted: nothing more will
    /// be reported until it is watched again.
    case lost
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
    /// - Parameters:
    ///   - path: The directory whose new files are reported.
    ///   - parent: A directory whose subdirectories named in `guarded` must stay: their
    ///     removal or renaming is reported as ``WatchEvent/lost``, as is the removal of
    ///     `parent` itself. (The watched directory's own `IN_DELETE_SELF` comes only once
    ///     every descriptor on it is closed, and the spool keeps one open.)
    ///   - guarded: The names in `parent` that matter.
    package init(
        path: String, parent: String? = nil, guarded: Set<String> = [],
        deliver: @escaping @Sendable (WatchEvent) -> Void
    ) throws(SystemError) {
        let fd = try Inotify.makeDescriptor()
        var parentWatch: Int32 = -1
        do {
            _ = try Inotify.addWatch(fd, path: path, mask: [.closeWrite, .movedTo, .onlyDirectory, .deleteSelf, .moveSelf])
            if let parent {
                parentWatch = try Inotify.addWatch(
                    fd, path: parent, mask: [.deleted, .movedFrom, .onlyDirectory, .deleteSelf, .moveSelf])
            }
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
                } else if event.watch == parentWatch, !event.name.isEmpty {
                    if guarded.contains(event.name), !event.mask.isDisjoint(with: [.deleted, .movedFrom]) {
                        deliver(.lost)
                    }
                } else if !event.mask.isDisjoint(with: [.ignored, .deleteSelf, .moveSelf, .unmounted]) {
                    // Reported once per cause; the daemon re-opens the spool and ignores repeats.
                    deliver(.lost)
                } else if !event.name.isEmpty,
                    !event.mask.isDisjoint(with: [.closeWrite, .movedTo])
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

    /// Stops watching and closes the descriptor.
    package func cancel() {
        source.cancel()
    }

    deinit {
        source.cancel()
    }
}
