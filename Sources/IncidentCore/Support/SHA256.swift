import CSHA256

/// SHA-256 (FIPS 180-4), so the core hashes documents without Glibc or a crypto
/// dependency. Used for content identity, not for secrecy. Blocks go through the CPU's
/// SHA extensions where it has them (x86-64 SHA-NI: about 8× the Swift block function),
/// else through the Swift one.
public struct SHA256 {
    /// Whether blocks go through the SHA extensions; tests turn it off to check the
    /// Swift block function against them.
    private let accelerated: Bool
    static let cpuHasSHA = incidentd_sha256_accelerated() != 0

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// The partial block, inline (no heap storage, so copying a hasher is cheap).
    private var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var buffered = 0
    private var length: UInt64 = 0

    public init() { accelerated = Self.cpuHasSHA }

    /// A hasher that uses the Swift block function only.
    init(portable: Bool) { accelerated = portable ? false : Self.cpuHasSHA }

    /// Feeds more bytes into the hash.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ update(contiguous: $0) }) == nil {
            Array(bytes).withUnsafeBufferPointer { update(contiguous: $0) }
        }
    }

    /// Whole blocks are compressed straight from `bytes`; only a partial block is copied.
    private mutating func update(contiguous bytes: UnsafeBufferPointer<UInt8>) {
        length &+= UInt64(bytes.count)
        var i = 0
        if buffered > 0 {
            let take = min(64 - buffered, bytes.count)
            let offset = buffered
            withUnsafeMutableBytes(of: &buffer) { block in
                for k in 0..<take { block[offset + k] = bytes[k] }
            }
            buffered += take
            i = take
            guard buffered == 64 else { return }
            compressBuffer()
            buffered = 0
        }
        let blocks = (bytes.count - i) / 64
        if blocks > 0 {
            compress(bytes.baseAddress! + i, blocks: blocks)
            i += blocks * 64
        }
        if i < bytes.count {
            let rest = bytes.count - i
            withUnsafeMutableBytes(of: &buffer) { block in
                for k in 0..<rest { block[k] = bytes[i + k] }
            }
            buffered = rest
        }
    }

    private mutating func compressBuffer() {
        var block = buffer
        withUnsafeBytes(of: &block) { compress($0.assumingMemoryBound(to: UInt8.self).baseAddress!, blocks: 1) }
    }

    /// Finishes the hash and returns the 32-byte digest.
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { finalize(into: $0) }
        return digest
    }

    /// Finishes the hash, writing the 32-byte digest to `digest`.
    private mutating func finalize(into digest: UnsafeMutableBufferPointer<UInt8>) {
        let bitLength = length &* 8
        let count = buffered
        let blocks = count < 56 ? 1 : 2
        var tail = buffer
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { padded in
            padded.initialize(repeating: 0)
            withUnsafeBytes(of: &tail) { block in
                for i in 0..<count { padded[i] = block[i] }
            }
            padded[count] = 0x80
            let end = blocks * 64
            for k in 0..<8 { padded[end - 1 - k] = UInt8(truncatingIfNeeded: bitLength >> UInt64(8 * k)) }
            compress(UnsafePointer(padded.baseAddress!), blocks: blocks)
        }
        buffered = 0
        withUnsafeBytes(of: state) { words in
            let words = words.assumingMemoryBound(to: UInt32.self)
            for i in 0..<8 {
                let w = words[i]
                digest[i * 4] = UInt8(truncatingIfNeeded: w >> 24)
                digest[i * 4 + 1] = UInt8(truncatingIfNeeded: w >> 16)
                digest[i * 4 + 2] = UInt8(truncatingIfNeeded: w >> 8)
                digest[i * 4 + 3] = UInt8(truncatingIfNeeded: w)
            }
        }
    }

    /// Finishes the hash and returns the lowercase hex of the digest's first `limit` bytes,
    /// with no intermediate array.
    mutating func finalizeHex(limit: Int = 32) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
            finalize(into: digest)
            return Self.hexString(UnsafeBufferPointer(digest), limit: limit)
        }
    }

    /// The lowercase hex digest of `bytes`.
    public static func hex(of bytes: some Collection<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hexString(hasher.finalize())
    }

    /// Lowercase hex of the first `limit` bytes of `digest` (all of them by default).
    static func hexString(_ digest: [UInt8], limit: Int = .max) -> String {
        digest.withUnsafeBufferPointer { hexString($0, limit: limit) }
    }

    static func hexString(_ digest: UnsafeBufferPointer<UInt8>, limit: Int = .max) -> String {
        let count = min(limit, digest.count)
        return String(unsafeUninitializedCapacity: count * 2) { out in
            for i in 0..<count {
                out[2 * i] = hexDigit(digest[i] >> 4)
                out[2 * i + 1] = hexDigit(digest[i] & 0xF)
            }
            return count * 2
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 48 + nibble : 87 + nibble
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Compresses `blocks` consecutive 64-byte blocks at `start`.
    private mutating func compress(_ start: UnsafePointer<UInt8>, blocks: Int) {
        if accelerated {
            withUnsafeMutablePointer(to: &state) { state in
                state.withMemoryRebound(to: UInt32.self, capacity: 8) { incidentd_sha256_blocks($0, start, blocks) }
            }
            return
        }
        for b in 0..<blocks { compress(UnsafeBufferPointer(start: start + 64 * b, count: 64)) }
    }

    private mutating func compress(_ block: UnsafeBufferPointer<UInt8>) {
        // The message schedule lives on the stack: no allocation per block.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            Self.k.withUnsafeBufferPointer { k in
                for i in 0..<16 {
                    w[i] = UInt32(block[i * 4]) << 24 | UInt32(block[i * 4 + 1]) << 16
                        | UInt32(block[i * 4 + 2]) << 8 | UInt32(block[i * 4 + 3])
                }
                for i in 16..<64 {
                    let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
                    let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
                    w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                }
                var (a, b, c, d, e, f, g, h) = state
                for i in 0..<64 {
                    let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let ch = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ ch &+ k[i] &+ w[i]
                    let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let maj = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = s0 &+ maj
                    (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
                }
                state = (
                    state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                    state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h
                )
            }
        }
    }
}

extension UInt32 {
    fileprivate func rotatedRight(_ n: UInt32) -> UInt32 { (self >> n) | (self << (32 - n)) }
}
