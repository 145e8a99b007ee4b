/// Why a file in `incoming/` was not read, in words fit for its `NAME.error` file.
///
/// Equality compares the kind of problem only.
package struct ClaimError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case symlink, directory, notRegular, hardLinked, tooLarge, changed, unreadable, unavailable
    }

    let code: Code
    package let description: String

    package static func == (lhs: ClaimError, rhs: ClaimError) -> Bool { lhs.code == rhs.code }

    package static let symlink = ClaimError(
        code: .symlink, description: "symbolic link: the spool reads regular files only, links are never followed")
    package static let directory = ClaimError(
        code: .directory, description: "directory: drop report files, not directories")
    package static func notRegular(_ kind: FileStatus.Kind) -> ClaimError {
        let what =
            switch kind {
            case .fifo: "FIFO"
            case .socket: "socket"
            case .characterDevice: "character device"
            case .blockDevice: "block device"
            default: "unknown file type"
            }
        return ClaimError(code: .notRegular, description: "not a regular file (\(what)): the spool reads regular files only, and never opens anything else")
    }
    package static func hardLinked(_ count: UInt64) -> ClaimError {
        ClaimError(
            code: .hardLinked,
            description: "file has \(count) hard links: copy or rename the report into the spool instead of linking it")
    }
    package static func tooLarge(size: Int64, limit: Int) -> ClaimError {
        ClaimError(
            code: .tooLarge,
            description: "file is too large: \(size) bytes, the limit is \(limit) (max_file_size)")
    }
    package static let changed = ClaimError(
        code: .changed, description: "file was replaced while it was being read")
    package static func unreadable(_ error: SystemError) -> ClaimError {
        ClaimError(code: .unreadable, description: "cannot read file: \(error)")
    }

    /// The daemon could not open the file for a reason of its own (out of descriptors or
    /// memory): the report is left in `incoming/` and tried again, never failed.
    package static func unavailable(_ error: SystemError) -> ClaimError {
        ClaimError(code: .unavailable, description: "cannot open file now: \(error)")
    }

    /// Whether the problem is the daemon's and passes, rather than the report's.
    package var isTransient: Bool { code == .unavailable }

    // Patterns for `==` in tests, where only the code matters.
    package static let notRegular = ClaimError(code: .notRegular, description: "")
    package static let hardLinked = ClaimError(code: .hardLinked, description: "")
    package static let tooLarge = ClaimError(code: .tooLarge, description: "")
    package static let unreadable = ClaimError(code: .unreadable, description: "")
}
