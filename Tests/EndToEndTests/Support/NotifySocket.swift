import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A `NOTIFY_SOCKET` owned by the test: a datagram socket the daemon's `sd_notify`
/// messages arrive on.
final class NotifySocket: @unchecked Sendable {
    // @unchecked: used from one test at a time; `messages` is only touched by `receive`.
    let path: String
    private let fd: Int32
    private(set) var messages: [String] = []

    init(directory: String) {
        path = directory + "/notify.sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        precondition(fd >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            precondition(bytes.count < raw.count, "socket path too long")
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        precondition(result == 0, "bind \(path): \(errno)")
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Reads every message waiting, without blocking. A long test calls this now and
    /// then: like systemd, it must keep reading, or the daemon's `sd_notify` blocks once
    /// the socket's queue (`net.unix.max_dgram_qlen`, 10 here) is full.
    func drain() {
        while true {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            guard count > 0 else { return }
            messages.append(String(decoding: buffer[0..<count], as: UTF8.self))
        }
    }

    /// Reads messages until one contains `text` or `timeout` passes.
    /// - Returns: Whether it arrived.
    @discardableResult
    func wait(for text: String, timeout: Duration = .seconds(3)) -> Bool {
        if messages.contains(where: { $0.contains(text) }) { return true }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            guard count > 0 else { continue }
            let message = String(decoding: buffer[0..<count], as: UTF8.self)
            messages.append(message)
            if message.contains(text) { return true }
        }
        return false
    }
}
