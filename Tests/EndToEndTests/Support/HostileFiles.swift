import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Making the files a hostile writer would drop, and watching what the daemon read.
enum HostileFiles {
    /// Binds a UNIX socket at `path` (then closes it; the socket file stays).
    static func bindSocket(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }

    /// A file of `size` bytes that takes no disk space.
    static func sparseFile(_ path: String, size: Int) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return ftruncate(fd, off_t(size)) == 0
    }

    /// Creates `directory/<name bytes>` holding `text` in place (closed after writing).
    static func writeRaw(_ name: [UInt8], in directory: String, text: [UInt8]) -> Bool {
        let path = Array(directory.utf8) + name + [0]
        let fd = path.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        }
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == text.count
    }

    /// `rchar` of `/proc/PID/io`: bytes the process got from read() and friends.
    static func bytesRead(by pid: pid_t) -> Int? {
        guard let io = FileHelpers.read("/proc/\(pid)/io") else { return nil }
        for line in io.split(separator: "\n") where line.hasPrefix("rchar: ") {
            return Int(line.dropFirst("rchar: ".count))
        }
        return nil
    }
}
