import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Structured writes to the systemd journal. The only place that calls `sd_journal_*`.
public enum Journal {
    /// The socket journald listens on; its presence means a journal can be written.
    public static let socketPath = "/run/systemd/journal/socket"

    /// Whether journald listens on its native socket: the socket exists and accepts a
    /// connection (a socket left behind by a journald that has stopped does not).
    public static var isAvailable: Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0
    }

    /// Sends one entry with the given fields.
    ///
    /// Corresponds to `sd_journal_sendv`: each field becomes one `iovec` holding
    /// `NAME=value`, so values with newlines or control characters stay intact.
    /// `sd_journal_sendv` "fails silently if the journal is not available": call
    /// ``confirmListening()`` after the entries of one batch to learn whether they went
    /// anywhere.
    /// - Parameter fields: The entry's fields; `MESSAGE` should be among them.
    /// - Throws: ``SystemdError`` when journald refused the entry (`ECONNREFUSED`, a full
    ///   queue).
    public static func send(_ fields: [JournalField]) throws(SystemdError) {
        // One buffer for every `NAME=value`, then one iovec per field pointing into it:
        // two allocations per entry instead of a few per field.
        var total = 0
        for field in fields { total += field.name.utf8.count + 1 + field.value.utf8.count }
        var bytes = [UInt8]()
        bytes.reserveCapacity(total)
        var ends = [Int]()
        ends.reserveCapacity(fields.count)
        for field in fields {
            bytes.append(contentsOf: field.name.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes.append(contentsOf: field.value.utf8)
            ends.append(bytes.count)
        }
        let result: Int32 = bytes.withUnsafeMutableBytes { raw in
            withUnsafeTemporaryAllocation(of: iovec.self, capacity: max(ends.count, 1)) { vectors in
                var start = 0
                for (index, end) in ends.enumerated() {
                    vectors[index] = iovec(iov_base: raw.baseAddress.map { $0 + start }, iov_len: end - start)
                    start = end
                }
                return sd_journal_sendv(vectors.baseAddress, Int32(ends.count))
            }
        }
        if result < 0 { throw SystemdError(function: "sd_journal_sendv", result: result) }
    }

    /// Whether the entries sent since the last call can have reached journald: its
    /// socket still exists. `sd_journal_sendv` returns success when the socket is missing
    /// (`ENOENT`) and the entry is gone; whoever counts on the entries must hear about it.
    /// One look per batch, not per entry (a path walk costs about as much as a send).
    /// - Throws: ``SystemdError`` with `ENOENT` when the socket is gone.
    /// - Parameter path: The socket to look for (journald's, unless a test says otherwise).
    public static func confirmListening(at path: String = socketPath) throws(SystemdError) {
        var info = stat()
        if lstat(path, &info) != 0 && errno == ENOENT {
            // The entries went through sd_journal_sendv, which reported success: name it.
            throw SystemdError(function: "sd_journal_sendv (journald's socket is gone)", result: -ENOENT)
        }
    }

    /// Turns a free-form key (`incident.file`) into a valid journal field name
    /// (`INCIDENT_FILE`): upper-cased, anything but A-Z and 0-9 as `_`, no leading `_`,
    /// at most 64 bytes.
    public static func fieldName(_ key: String) -> String {
        var bytes: [UInt8] = key.utf8.map { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): byte
            default: UInt8(ascii: "_")
            }
        }
        while bytes.first == UInt8(ascii: "_") { bytes.removeFirst() }
        if let first = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
            bytes.insert(UInt8(ascii: "F"), at: 0)
        }
        if bytes.isEmpty { bytes = Array("FIELD".utf8) }
        return String(decoding: bytes.prefix(64), as: UTF8.self)
    }
}
