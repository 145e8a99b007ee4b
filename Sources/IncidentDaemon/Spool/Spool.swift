import IncidentCore

#if canImport(Glibc)
import Glibc
#endif

/// A Maildir-style spool: writers create files in `tmp/` and rename them into
/// `incoming/`; the daemon moves each one to `processed/` or `failed/`.
///
/// Every operation goes through directory descriptors opened once, so a directory
/// replaced by a symbolic link after start-up cannot redirect reads or moves.
package final class Spool: Sendable {
    /// Where the spool lives (absolute when it could be resolved).
    package let root: String
    package let tmp: Directory
    package let incoming: Directory
    package let processed: Directory
    package let failed: Directory

    /// Opens the spool at `root`, creating it and its four directories if missing.
    ///
    /// New directories get safe modes: the root 0755, `tmp/` and `incoming/` 0770 (writers
    /// are the owner and its group), `processed/` and `failed/` 0750. Existing ones are
    /// left as they are (systemd-tmpfiles sets them in production).
    /// - Throws: ``SystemError`` naming the call that failed.
    package init(root: String) throws(SystemError) {
        let top = try Directory.ensure(root, mode: 0o755)
        self.root = Files.canonical(root)
        tmp = try top.subdirectory("tmp", mode: 0o770)
        incoming = try top.subdirectory("incoming", mode: 0o770)
        processed = try top.subdirectory("processed", mode: 0o750)
        failed = try top.subdirectory("failed", mode: 0o750)
    }

    /// The names waiting in `incoming/` that are not ignored, sorted.
    package func pending() throws(SystemError) -> [String] {
        try incoming.names().filter { !SpoolName.isIgnored($0) }
    }

    /// Claims `name` in `incoming/` and reads it safely.
    ///
    /// The file is looked at before it is opened (no link followed, no FIFO or device
    /// opened), opened with `O_NOFOLLOW | O_NONBLOCK`, checked again through the open
    /// descriptor (same file, regular, one link, within `limit`) and read; an oversize
    /// file is never read.
    /// - Parameters:
    ///   - limit: The largest size read, in bytes (`max_file_size`).
    ///   - beforeOpen: Runs between the first look and the open; tests use it to swap the
    ///     file underneath (the race a hostile writer would try).
    package func claim(_ name: String, limit: Int, beforeOpen: () -> Void = {}) -> Claim {
        let before: FileStatus
        do {
            before = try incoming.status(of: name)
        } catch {
            return error.errno == ENOENT ? .gone : .rejected(.unreadable(error))
        }
        if let problem = Self.problem(with: before, limit: limit) { return .rejected(problem) }
        beforeOpen()
        do {
            let file = try incoming.openForReading(name)
            let status = try file.status()
            guard status.isSameFile(as: before) else { return .rejected(.changed) }
            if let problem = Self.problem(with: status, limit: limit) { return .rejected(problem) }
            let bytes = try file.readAll(limit: limit)
            if bytes.count > limit { return .rejected(.tooLarge(size: Int64(bytes.count), limit: limit)) }
            return .claimed(bytes: bytes, status: status)
        } catch {
            switch error.errno {
            case ENOENT: return .gone
            case ELOOP: return .rejected(.symlink)
            default: return .rejected(.unreadable(error))
            }
        }
    }

    /// What disqualifies a file from being read, if anything.
    static func problem(with status: FileStatus, limit: Int) -> ClaimError? {
        switch status.kind {
        case .regular: break
        case .symlink: return .symlink
        case .directory: return .directory
        default: return .notRegular(status.kind)
        }
        if status.linkCount != 1 { return .hardLinked(status.linkCount) }
        if status.size > Int64(limit) { return .tooLarge(size: status.size, limit: limit) }
        return nil
    }

    /// The first name free in `processed/` for `name` (what ``moveToProcessed(_:preferring:)``
    /// will most likely use), so alerts can say where the file will be.
    package func freeProcessedName(for name: String) -> String {
        freeName(for: name, in: processed) { _ in true }
    }

    /// The path of `name` in `processed/`.
    package func processedPath(_ name: String) -> String {
        root + "/processed/" + name
    }

    /// Moves `name` from `incoming/` to `processed/`, never replacing a file there.
    ///
    /// - Parameter preferred: The name to try first (from ``freeProcessedName(for:)``).
    /// - Returns: The name it got in `processed/`.
    @discardableResult
    package func moveToProcessed(_ name: String, preferring preferred: String? = nil) throws(SystemError) -> String {
        if let preferred {
            do {
                try incoming.move(name, to: processed, as: preferred)
                return preferred
            } catch where error.errno == EEXIST {
                // Someone took the name in between; fall through to the next free one.
            }
        }
        return try move(name, to: processed) { _ in true }
    }

    /// Moves `name` from `incoming/` to `failed/` and writes `NAME.error` beside it.
    ///
    /// A directory that another user owns and keeps unwritable cannot change parent (the
    /// kernel must rewrite its `..`, which needs write permission on it), so the daemon's
    /// unprivileged user gets EACCES. Such a directory is renamed within `incoming/` to
    /// `.failed.NAME` (dot-files are ignored, so it is not retried for ever) and
    /// `failed/NAME.error` says where it is.
    ///
    /// - Returns: The name it got in `failed/` (for a directory left behind, the name its
    ///   `.error` file is for).
    @discardableResult
    package func moveToFailed(_ name: String, reason: String) throws(SystemError) -> String {
        // The failed name leaves room for `.error` within NAME_MAX.
        let maxBytes = SpoolName.maxBytes - SpoolName.errorSuffix.utf8.count
        let errorFree: (String) -> Bool = { !self.failed.contains(SpoolName.errorFile(for: $0)) }
        var text = reason.split(whereSeparator: \.isNewline).joined(separator: " ")
        let destination: String
        do {
            destination = try move(name, to: failed, maxBytes: maxBytes, errorFree)
        } catch where (error.errno == EACCES || error.errno == EPERM) && (try? incoming.status(of: name))?.kind == .directory {
            let aside = try setAside(name)
            destination = freeName(for: name, in: failed, maxBytes: maxBytes, errorFree)
            text += "; left in incoming/ as \(Escaping.printable(aside)) (ignored there): its owner did not let the daemon move it"
        }
        try failed.createFile(SpoolName.errorFile(for: destination), bytes: Array((text + "\n").utf8), mode: 0o640)
        return destination
    }

    /// Renames `name` within `incoming/` to a free `.failed.NAME`, which the daemon ignores.
    private func setAside(_ name: String) throws(SystemError) -> String {
        var attempt = 0
        while true {
            let candidate = SpoolName.candidate(".failed." + name, attempt: attempt)
            do {
                try incoming.move(name, to: incoming, as: candidate)
                return candidate
            } catch where error.errno == EEXIST {
                attempt += 1
            }
        }
    }

    private func freeName(
        for name: String, in directory: Directory, maxBytes: Int = SpoolName.maxBytes, _ alsoFree: (String) -> Bool
    ) -> String {
        var attempt = 0
        while true {
            let candidate = SpoolName.candidate(name, attempt: attempt, maxBytes: maxBytes)
            if !directory.contains(candidate) && alsoFree(candidate) { return candidate }
            attempt += 1
        }
    }

    private func move(
        _ name: String, to directory: Directory, maxBytes: Int = SpoolName.maxBytes, _ alsoFree: (String) -> Bool
    ) throws(SystemError) -> String {
        var attempt = 0
        while true {
            let candidate = SpoolName.candidate(name, attempt: attempt, maxBytes: maxBytes)
            if !directory.contains(candidate) && alsoFree(candidate) {
                do {
                    try incoming.move(name, to: directory, as: candidate)
                    return candidate
                } catch where error.errno == EEXIST {
                    // Lost a race for the name: try the next one.
                }
            }
            attempt += 1
        }
    }
}
