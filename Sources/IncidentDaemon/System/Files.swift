#if canImport(Glibc)
import Glibc
#endif

/// Path-based file access for configuration, rule files and `submit`, where paths come
/// from the operator rather than from the spool.
package enum Files {
    /// What is at a path, following links.
    package enum Kind: Sendable, Equatable {
        case missing, file, directory, other
    }

    /// What `path` is (links followed).
    package static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Reads a whole file of at most `limit` bytes (`/dev/null` reads as empty).
    ///
    /// - Throws: ``SystemError`` (`EFBIG` when larger than `limit`, `EISDIR` for a
    ///   directory).
    package static func read(_ path: String, limit: Int = 16 << 20) throws(SystemError) -> [UInt8] {
        let fd = try valueOrErrno("open") { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        let file = OpenFile(fd: fd)
        if try file.status().kind == .directory { throw SystemError("read", errno: EISDIR) }
        let bytes = try file.readAll(limit: limit)
        if bytes.count > limit { throw SystemError("read", errno: EFBIG) }
        return bytes
    }

    /// The names in a directory, sorted, without dot entries.
    package static func list(_ path: String) throws(SystemError) -> [String] {
        try Directory.open(path).names()
    }

    /// The absolute, link-free form of `path`. Corresponds to `realpath`.
    package static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether standard output is a terminal.
    package static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    /// The value of an environment variable.
    package static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
