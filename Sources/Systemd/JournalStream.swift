#if canImport(Glibc)
import Glibc
#endif

/// Whether a file descriptor is already connected to the journal.
///
/// systemd sets `$JOURNAL_STREAM` to `<device>:<inode>` of the stream it gives a service
/// as stdout/stderr; when that matches the descriptor, whatever is written there already
/// lands in the journal.
public enum JournalStream {
    /// Whether `fd` (standard output by default) is the stream named by `$JOURNAL_STREAM`.
    ///
    /// - Parameters:
    ///   - value: The variable's value; `nil` when unset.
    ///   - fd: The descriptor to compare, `1` by default.
    public static func isJournal(_ value: String?, fd: Int32 = 1) -> Bool {
        guard let value, let (device, inode) = parse(value) else { return false }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }

    /// Parses `<device>:<inode>` (both decimal).
    static func parse(_ value: String) -> (UInt64, UInt64)? {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
            return nil
        }
        return (device, inode)
    }
}
