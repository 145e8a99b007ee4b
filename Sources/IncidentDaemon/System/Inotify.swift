import CLinux
import IncidentCore


#if canImport(Glibc)
import Glibc
#endif

/// The inotify calls the daemon makes. The only place that touches inotify.
package enum Inotify {
    /// The events a watch reports.
    package struct WatchMask: OptionSet, Sendable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }

        /// A file opened for writing was closed. Corresponds to `IN_CLOSE_WRITE`.
        package static let closeWrite = WatchMask(rawValue: UInt32(IN_CLOSE_WRITE))
        /// An entry was created in the directory. Corresponds to `IN_CREATE`.
        package static let create = WatchMask(rawValue: UInt32(IN_CREATE))
        /// The event is about a directory. Corresponds to `IN_ISDIR`; reported, never requested.
        package static let isDirectory = WatchMask(rawValue: UInt32(IN_ISDIR))
        /// A file was renamed into the directory. Corresponds to `IN_MOVED_TO`.
        package static let movedTo = WatchMask(rawValue: UInt32(IN_MOVED_TO))
        /// Refuse to watch anything but a directory. Corresponds to `IN_ONLYDIR`.
        package static let onlyDirectory = WatchMask(rawValue: UInt32(IN_ONLYDIR))
        /// The kernel's event queue overflowed and events were lost.
        /// Corresponds to `IN_Q_OVERFLOW`; always reported, never requested.
        package static let queueOverflow = WatchMask(rawValue: UInt32(IN_Q_OVERFLOW))
        /// The watch was removed (directory deleted or unmounted). Corresponds to `IN_IGNORED`.
        package static let ignored = WatchMask(rawValue: UInt32(IN_IGNORED))
        /// An entry of the watched directory was deleted. Corresponds to `IN_DELETE`.
        package static let deleted = WatchMask(rawValue: UInt32(IN_DELETE))
        /// An entry was renamed out of the watched directory. Corresponds to `IN_MOVED_FROM`.
        package static let movedFrom = WatchMask(rawValue: UInt32(IN_MOVED_FROM))
        /// The watched directory itself was deleted. Corresponds to `IN_DELETE_SELF`.
        package static let deleteSelf = WatchMask(rawValue: UInt32(IN_DELETE_SELF))
        /// The watched directory itself was renamed. Corresponds to `IN_MOVE_SELF`.
        package static let moveSelf = WatchMask(rawValue: UInt32(IN_MOVE_SELF))
        /// The file system holding the watched directory was unmounted. Corresponds to `IN_UNMOUNT`.
        package static let unmounted = WatchMask(rawValue: UInt32(IN_UNMOUNT))
    }

    /// One event read from an inotify descriptor.
    package struct Event: Sendable, Equatable {
        package var watch: Int32
        package var mask: WatchMask
        /// The file name inside the watched directory; empty for overflow.
        package var name: String
    }

    /// Creates a non-blocking, close-on-exec inotify descriptor.
    ///
    /// Corresponds to `inotify_init1(IN_NONBLOCK | IN_CLOEXEC)`.
    package static func makeDescriptor() throws(SystemError) -> Int32 {
        try valueOrErrno("inotify_init1") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
    }

    /// Watches `path` for `mask`. Corresponds to `inotify_add_watch`.
    package static func addWatch(_ fd: Int32, path: String, mask: WatchMask) throws(SystemError) -> Int32 {
        try valueOrErrno("inotify_add_watch") { inotify_add_watch(fd, path, mask.rawValue) }
    }

    /// Reads every event queued on the non-blocking descriptor `fd`.
    ///
    /// - Returns: The events, possibly none when the queue is empty (`EAGAIN`).
    package static func readEvents(_ fd: Int32) throws(SystemError) -> [Event] {
        // Large enough for many events; a name is at most NAME_MAX + 1 bytes. Not zeroed:
        // this runs on every turn of the loop during a burst.
        let capacity = 64 * 1024
        return try withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 8) { buffer throws(SystemError) in
            var events: [Event] = []
            while true {
                let count = read(fd, buffer.baseAddress, capacity)
                if count < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    if code == EAGAIN || code == EWOULDBLOCK { return events }
                    throw SystemError("read(inotify)", errno: code)
                }
                if count == 0 { return events }
                events += parse(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
        }
    }

    /// Splits a buffer of packed `struct inotify_event`s.
    static func parse(_ raw: UnsafeRawBufferPointer) -> [Event] {
        var events: [Event] = []
        let header = MemoryLayout<inotify_event>.size
        var position = 0
        while position + header <= raw.count {
            let watch = raw.loadUnaligned(fromByteOffset: position, as: Int32.self)
            let mask = raw.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self)
            let length = Int(raw.loadUnaligned(fromByteOffset: position + 12, as: UInt32.self))
            let nameBytes = raw[(position + header)..<min(raw.count, position + header + length)]
            let name = RawName.decode(nameBytes.prefix { $0 != 0 })
            events.append(Event(watch: watch, mask: WatchMask(rawValue: mask), name: name))
            position += header + length
        }
        return events
    }
}
