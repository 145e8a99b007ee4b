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
    /// The watched directory was deleted, renamed away or unmounted: nothing more will
    /// be reported until it is watched again.
    case lost
}

/// Watches one directory with inotify and hands each event to a callback.
///
/// The non-blocking descriptor is one more epoll source of the daemon's ``EventLoop``,
/// and the callback runs on the loop: an event reaches the processing task without
/// waking another thread.
///
/// Needs ``EventLoop`` installed and running; create and cancel it on the loop.
package final class DirectoryWatcher {
    private let fd: Int32
    private var token: UInt64?

    /// Starts watching `path` for files closed after writing or renamed in.
    ///
    /// - Throws: ``SystemError`` from `inotify_init1`, `inotify_add_watch` or `epoll_ctl`.
    /// - Parameters:
    ///   - path: The directory whose new files are reported.
    ///   - parent: A directory whose subdirectories named in `guarded` must stay: their
    ///     removal or renaming is reported as ``WatchEvent/lost``, as is the removal of
    ///     `parent` itself. (The watched directory's own `IN_DELETE_SELF` comes only once
    ///     every descriptor on it is closed, and the spool keeps one open.)
    ///   - guarded: The names in `parent` that matter.
    ///   - deliver: Called on the loop with each event, in the order the kernel reported them.
    package init(
        path: String, parent: String? = nil, guarded: Set<String> = [],
        deliver: @escaping (WatchEvent) -> Void
    ) throws(SystemError) {
        let fd = try Inotify.makeDescriptor()
        var parentWatch: Int32 = -1
        do {
            _ = try Inotify.addWatch(
                fd, path: path, mask: [.closeWrite, .movedTo, .create, .onlyDirectory, .deleteSelf, .moveSelf])
            if let parent {
                parentWatch = try Inotify.addWatch(
                    fd, path: parent, mask: [.deleted, .movedFrom, .onlyDirectory, .deleteSelf, .moveSelf])
            }
        } catch {
            close(fd)
            throw error
        }
        let parentWatchID = parentWatch
        let drain = {
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
                } else if event.watch == parentWatchID, !event.name.isEmpty {
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
                } else if !event.name.isEmpty, event.mask.contains(.create),
                    Self.isNeverWritten(event.name, in: path, mask: event.mask)
                {
                    deliver(.arrived(event.name))
                }
            }
        }
        self.fd = fd
        do {
            token = try EventLoop.shared.watch(fd, onReadable: drain)
        } catch {
            close(fd)
            throw error
        }
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
        guard let token else { return }
        EventLoop.shared.unwatch(token, fd: fd)
        self.token = nil
        close(fd)
    }

    deinit {
        cancel()
    }
}
