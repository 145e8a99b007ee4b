#if canImport(Glibc)
import Glibc
#endif

/// Drops files into a spool atomically, as `incidentd submit` does: the content is
/// written and synced under a unique name in `tmp/`, then renamed into `incoming/`, so
/// the daemon never sees a half-written report.
///
/// Only `tmp/` and `incoming/` are opened: a submitter in the `incidentd-submit` group
/// may write there but not read `processed/` or `failed/`.
package struct SpoolWriter: Sendable {
    private let tmp: Directory
    private let incoming: Directory
    /// The spool root.
    package let root: String

    /// Opens (creating if missing) the spool's `tmp/` and `incoming/`.
    package init(root: String) throws(SystemError) {
        let top = try Directory.ensure(root, mode: 0o755)
        self.root = Files.canonical(root)
        tmp = try top.subdirectory("tmp", mode: 0o770)
        incoming = try top.subdirectory("incoming", mode: 0o770)
    }

    /// Submits `bytes` as `name`.
    ///
    /// - Returns: The name it got in `incoming/` (`name`, or `name` with a number added
    ///   when that is taken: nothing is ever replaced).
    package func submit(_ bytes: [UInt8], as name: String) throws(SystemError) -> String {
        // Unique, and short whatever the report's name (which may be 255 bytes already).
        let temporary = "\(getpid()).\(Self.nanoseconds()).submit"
        try tmp.createFile(temporary, bytes: bytes, mode: 0o640)
        var attempt = 0
        while true {
            let candidate = SpoolName.candidate(name, attempt: attempt)
            do {
                try tmp.move(temporary, to: incoming, as: candidate)
                try incoming.sync()
                return candidate
            } catch where error.errno == EEXIST {
                attempt += 1
            } catch {
                try? tmp.remove(temporary)
                throw error
            }
        }
    }

    private static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
