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
    /// The spool's own directory, which holds the alert log.
    let base: Directory
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
        base = top
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
            let bytes = try file.readAll(limit: limit, size: status.size)
            if bytes.count > limit { return .rejected(.tooLarge(size: Int64(bytes.count), limit: limit)) }
            return .claimed(bytes: bytes, status: status)
        } catch {
            switch error.errno {
            case ENOENT: return .gone
            case ELOOP: return .rejected(.symlink)
            // Out of descriptors or memory: the daemon's trouble, not the report's.
            case EMFILE, ENFILE, ENOMEM, ENOBUFS: return .rejected(.unavailable(error))
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

    /// The log of reports alerted on, in the spool's own directory (beside `processed/`, out
    /// of reach of tmpfiles' 30-day ageing): one line per report, `SECONDS SHA256` (seconds
    /// since the epoch when it was moved).
    package static let alertLog = ".incidentd-alerted"
    /// The largest alert log read at start-up (about 700,000 reports).
    static let alertLogLimit = 64 << 20

    /// Appends `lines` (`SECONDS SHA256\n` each) to the alert log.
    package func logAlerted(_ lines: [UInt8]) throws(SystemError) {
        try base.append(lines, to: Self.alertLog, mode: 0o640)
    }

    /// The content hashes of the reports alerted on less than `window` before `wallNow`
    /// (seconds since the epoch), and how long ago each was alerted on, oldest first, from
    /// the alert log. When the log holds older entries it is rewritten without them
    /// (a new file renamed over it). A line that does not read is skipped; an entry dated
    /// in the future (the clock was set back) counts as made now.
    package func recentlyAlerted(within window: Duration, wallNow: Double) -> [(sha256: String, age: Duration)] {
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
        guard seconds > 0, let file = try? base.openForReading(Self.alertLog),
            let bytes = try? file.readAll(limit: Self.alertLogLimit)
        else { return [] }
        var found: [(sha256: String, age: Double)] = []
        var kept: [UInt8] = []
        var expired = 0
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 2, fields[1].count == 64,
                let at = Double(String(decoding: fields[0], as: UTF8.self))
            else {
                expired += 1
                continue
            }
            let age = max(0, wallNow - at)
            guard age < seconds else {
                expired += 1
                continue
            }
            found.append((String(decoding: fields[1], as: UTF8.self), age))
            kept += line
            kept.append(UInt8(ascii: "\n"))
        }
        if expired > 0 {
            let scratch = Self.alertLog + ".new"
            try? base.remove(scratch)
            if (try? base.createFile(scratch, bytes: kept, mode: 0o640)) != nil {
                try? base.replace(Self.alertLog, with: scratch)
            }
        }
        return found.sorted { $0.age > $1.age }.map { ($0.sha256, .milliseconds(Int64(($0.age * 1000).rounded()))) }
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

    /// Moves `name` from `incoming/` to `failed/` with `NAME.error` beside it.
    ///
    /// The reason is written (and synced) first, then the report is renamed, then
    /// `failed/` is synced: a report is never in `failed/` without its reason, and when
    /// the reason cannot be written (disk full) the report stays in `incoming/`. A crash
    /// between the two steps leaves an `.error` file without its report; the report is
    /// still in `incoming/` and fails again under the next free name.
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
        let text = reason.split(whereSeparator: \.isNewline).joined(separator: " ")
        var attempt = 0
        while true {
            let candidate = SpoolName.candidate(name, attempt: attempt, maxBytes: maxBytes)
            let errorFile = SpoolName.errorFile(for: candidate)
            attempt += 1
            if failed.contains(candidate) || failed.contains(errorFile) { continue }
            do {
                try failed.createFile(errorFile, bytes: Array((text + "\n").utf8), mode: 0o640)
            } catch where error.errno == EEXIST {
                continue
            } catch {
                try? failed.remove(errorFile)
                throw error
            }
            do {
                try incoming.move(name, to: failed, as: candidate)
            } catch where (error.errno == EACCES || error.errno == EPERM) && (try? incoming.status(of: name))?.kind == .directory {
                try? failed.remove(errorFile)
                let aside = try setAside(name)
                let note = text + "; left in incoming/ as \(Escaping.printable(aside)) (ignored there): its owner did not let the daemon move it"
                try failed.createFile(errorFile, bytes: Array((note + "\n").utf8), mode: 0o640)
            } catch {
                try? failed.remove(errorFile)
                if error.errno == EEXIST { continue }
                throw error
            }
            try? failed.sync()
            return candidate
        }
    }

    /// Flushes `processed/` and `incoming/` to disk, so the renames made so far survive a
    /// power loss (a rename not yet flushed may come back as a file in `incoming/`).
    package func syncMoves() {
        try? processed.sync()
        try? incoming.sync()
    }

    /// Whether one of the spool's directories was removed since it was opened.
    package var isRemoved: Bool {
        incoming.isRemoved || processed.isRemoved || failed.isRemoved
    }

    /// Whether `name` in `incoming/` looks completely written: nobody holds it open for
    /// writing (asked with a lease, see ``Directory/isOpenForWriting(_:)``), or — when that
    /// cannot be asked because the daemon neither owns the file nor has `CAP_LEASE` — it
    /// was last modified at least `quiet` seconds ago. Anything that is not a regular file
    /// counts as settled (the claim rejects it).
    package func isSettled(_ name: String, quiet: Double) -> Bool {
        if let writing = incoming.isOpenForWriting(name) { return !writing }
        guard let status = try? incoming.status(of: name), status.kind == .regular else { return true }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 - status.modified >= quiet
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
