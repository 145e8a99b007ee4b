import CLinux
import IncidentCore

#if canImport(Glibc)
import Glibc
#endif

/// `F_SETLEASE` from `<linux/fcntl.h>` (`F_LINUX_SPECIFIC_BASE + 0`): glibc defines it only
/// under `_GNU_SOURCE`, which the Swift Glibc module does not set.
private let setLease: Int32 = 1024

/// An open directory, and the `*at` calls made relative to it. The only place the spool
/// touches the file system, so every name is resolved against a descriptor, never a path
/// that could be swapped underneath.
package final class Directory: Sendable {
    /// The descriptor (`O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC`).
    package let fd: Int32
    /// The path it was opened with, for messages.
    package let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Opens an existing directory without following a final symbolic link.
    package static func open(_ path: String) throws(SystemError) -> Directory {
        let fd = try valueOrErrno("open") {
            Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        return Directory(fd: fd, path: path)
    }

    /// Creates `path` with `mode` if it is missing (parents too), then opens it.
    package static func ensure(_ path: String, mode: mode_t) throws(SystemError) -> Directory {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, mode) != 0, errno != EEXIST {
                throw SystemError("mkdir", errno: errno)
            }
            prefix += "/"
        }
        return try open(path)
    }

    /// Creates the subdirectory `name` with `mode` if missing, then opens it.
    package func subdirectory(_ name: String, mode: mode_t) throws(SystemError) -> Directory {
        if mkdirat(fd, name, mode) != 0, errno != EEXIST {
            throw SystemError("mkdirat", errno: errno)
        }
        let child = try valueOrErrno("openat") {
            openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        return Directory(fd: child, path: path + "/" + name)
    }

    /// The status of `name` itself (a link is not followed). Corresponds to `fstatat`
    /// with `AT_SYMLINK_NOFOLLOW`.
    package func status(of name: String) throws(SystemError) -> FileStatus {
        var info = stat()
        _ = try valueOrErrno("fstatat") { withRawName(name) { fstatat(fd, $0, &info, AT_SYMLINK_NOFOLLOW) } }
        return FileStatus(info)
    }

    /// Whether `name` exists (as anything, links not followed).
    package func contains(_ name: String) -> Bool {
        var info = stat()
        return withRawName(name) { fstatat(fd, $0, &info, AT_SYMLINK_NOFOLLOW) } == 0
    }

    /// The names in the directory, without `.` and `..`, sorted.
    package func names() throws(SystemError) -> [String] {
        let copy = try valueOrErrno("dup") { dup(fd) }
        guard let stream = fdopendir(copy) else {
            let code = errno
            close(copy)
            throw SystemError("fdopendir", errno: code)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                RawName.decode(raw.prefix { $0 != 0 })
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Opens `name` for reading without following links, blocking on FIFOs or becoming
    /// a controlling terminal. Corresponds to `openat` with
    /// `O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY`.
    package func openForReading(_ name: String) throws(SystemError) -> OpenFile {
        let file = try valueOrErrno("openat") {
            withRawName(name) { openat(fd, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        }
        return OpenFile(fd: file)
    }

    /// Moves `name` into `destination` as `newName`, failing with `EEXIST` rather than
    /// replacing a file there. Corresponds to `renameat2(…, RENAME_NOREPLACE)`.
    package func move(_ name: String, to destination: Directory, as newName: String) throws(SystemError) {
        _ = try valueOrErrno("renameat2") {
            withRawName(name) { old in
                withRawName(newName) { new in incidentd_rename_noreplace(fd, old, destination.fd, new) }
            }
        }
    }

    /// Creates `name` (which must not exist) holding `bytes`, and syncs it to disk.
    package func createFile(_ name: String, bytes: [UInt8], mode: mode_t) throws(SystemError) {
        let file = try valueOrErrno("openat") {
            withRawName(name) { openat(fd, $0, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode) }
        }
        defer { close(file) }
        try OpenFile.writeAll(file, bytes)
        _ = try valueOrErrno("fsync") { fsync(file) }
    }

    /// Appends `bytes` to `name`, creating it (with `mode`) when missing; no link is
    /// followed. Corresponds to `openat(O_APPEND | O_CREAT | O_NOFOLLOW)` and `write`.
    package func append(_ bytes: [UInt8], to name: String, mode: mode_t) throws(SystemError) {
        let file = try valueOrErrno("openat") {
            withRawName(name) { openat(fd, $0, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode) }
        }
        defer { close(file) }
        try OpenFile.writeAll(file, bytes)
    }

    /// Renames `name` to `newName` in this directory, replacing what `newName` was.
    /// Corresponds to `renameat`.
    package func replace(_ newName: String, with name: String) throws(SystemError) {
        _ = try valueOrErrno("renameat") {
            withRawName(name) { old in withRawName(newName) { new in renameat(fd, old, fd, new) } }
        }
    }

    /// Removes `name`. Corresponds to `unlinkat`.
    package func remove(_ name: String) throws(SystemError) {
        _ = try valueOrErrno("unlinkat") { withRawName(name) { unlinkat(fd, $0, 0) } }
    }

    /// Flushes the directory's entries (new names, renames) to disk.
    package func sync() throws(SystemError) {
        _ = try valueOrErrno("fsync") { fsync(fd) }
    }

    /// Whether the directory was removed since it was opened (its link count is zero), so
    /// names created at its path now land somewhere else.
    package var isRemoved: Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && info.st_nlink == 0
    }

    /// Whether some process still has `name` open for writing, when that can be told.
    ///
    /// Asks for a read lease (`fcntl(F_SETLEASE, F_RDLCK)`), which the kernel refuses with
    /// `EAGAIN` while any writer holds the file open, and gives it back at once. Only the
    /// file's owner or a process with `CAP_LEASE` may take a lease; for anyone else the
    /// answer is `nil` (unknown). The lease is held for two system calls; a writer opening
    /// the file in between waits for it (no signal reaches the daemon: see
    /// ``ignoreLeaseBreakSignal()``).
    package func isOpenForWriting(_ name: String) -> Bool? {
        let file = withRawName(name) { openat(fd, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        guard file >= 0 else { return nil }
        defer { close(file) }
        if fcntl(file, setLease, F_RDLCK) == 0 {
            _ = fcntl(file, setLease, F_UNLCK)
            return false
        }
        return errno == EAGAIN ? true : nil
    }

    /// Ignores `SIGIO`, which the kernel sends a lease holder when a writer wants the
    /// file; its default action would end the process.
    package static func ignoreLeaseBreakSignal() {
        signal(SIGIO, SIG_IGN)
    }
}

/// An open file descriptor for reading, closed when released.
package final class OpenFile: Sendable {
    package let fd: Int32

    init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    /// The status of the open file. Corresponds to `fstat`.
    package func status() throws(SystemError) -> FileStatus {
        var info = stat()
        _ = try valueOrErrno("fstat") { fstat(fd, &info) }
        return FileStatus(info)
    }

    /// Reads to the end, or until more than `limit` bytes were seen.
    ///
    /// - Parameter size: The size `fstat` gave, for a regular file: the bytes are read
    ///   straight into an array of that size plus one byte (to notice a file that grew),
    ///   and a read that returns less than it asked for is the end of the file, so a
    ///   report takes one `read()` rather than a copy from a scratch buffer and a second
    ///   `read()` that returns 0. Without it (`/proc` files, FIFOs), reads go on until one
    ///   returns 0.
    /// - Returns: The bytes read; more than `limit` of them means the file is too large
    ///   (at most `limit + 1` are ever read).
    package func readAll(limit: Int, size: Int64? = nil) throws(SystemError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: min(limit, Int(clamping: max(size ?? 64 * 1024, 0))) + 1)
        var count = 0
        while count <= limit {
            if count == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - count)))
            }
            let want = bytes.count - count
            let got = try valueOrErrno("read") {
                bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, want) }
            }
            count += got
            if got == 0 { break }
            // A short read ends the file only once its fstat size is in: network and FUSE
            // file systems may return less than asked before the end.
            if let size, Int64(count) >= size, got < want { break }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Writes every byte, continuing after short writes.
    package static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(SystemError) {
        var written = 0
        try writeAll(fd, bytes, written: &written)
    }

    /// Writes every byte, continuing after short writes; `written` says how far it got
    /// when it throws.
    package static func writeAll(_ fd: Int32, _ bytes: [UInt8], written offset: inout Int) throws(SystemError) {
        while offset < bytes.count {
            let start = offset
            let written = try valueOrErrno("write") {
                bytes.withUnsafeBytes { write(fd, $0.baseAddress! + start, bytes.count - start) }
            }
            offset += written
        }
    }
}

/// Calls `body` with `name` as the C string the kernel knows it by: names that were not
/// UTF-8 are held as ``RawName`` scalars and turned back into their bytes here.
@inline(__always)
func withRawName<R>(_ name: String, _ body: (UnsafePointer<CChar>) -> R) -> R {
    if !name.utf8.contains(0xF4) { return name.withCString(body) }
    var bytes = RawName.bytes(of: name).map { CChar(bitPattern: $0) }
    bytes.append(0)
    return bytes.withUnsafeBufferPointer { body($0.baseAddress!) }
}
