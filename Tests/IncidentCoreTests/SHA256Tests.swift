import Testing
import TestSupport
@testable import IncidentCore

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180-2 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(input: String, digest: String) {
        #expect(SHA256.hex(of: Array(input.utf8)) == digest)
    }

    @Test("a million a's")
    func million() {
        #expect(SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("feeding the bytes in pieces of any size, or from a non-contiguous collection, gives the same digest")
    func incremental() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }
        let whole = SHA256.hex(of: bytes)
        for piece in [1, 3, 63, 64, 65, 127, 1000] {
            var hasher = SHA256()
            var start = 0
            while start < bytes.count {
                let end = min(start + piece, bytes.count)
                hasher.update(bytes[start..<end])
                start = end
            }
            #expect(SHA256.hexString(hasher.finalize()) == whole, "pieces of \(piece)")
        }
        #expect(SHA256.hex(of: bytes.lazy.map { $0 }) == whole)
    }

    @Test("the CPU's SHA extensions and the Swift block function agree on every length up to 1,100 bytes and on a million a's")
    func bothBlockFunctions() {
        var random = SeededRandom(seed: 1)
        let bytes = (0..<1_100).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for count in 0...bytes.count {
            var fast = SHA256(), portable = SHA256(portable: true)
            fast.update(bytes[0..<count])
            portable.update(bytes[0..<count])
            #expect(fast.finalize() == portable.finalize(), "\(count) bytes")
        }
        var portable = SHA256(portable: true)
        portable.update([UInt8](repeating: 0x61, count: 1_000_000))
        #expect(SHA256.hexString(portable.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("this machine's CPU has the SHA extensions, so the fast path is the one tested above",
          .enabled(if: SHA256Tests.cpuinfoListsSHA))
    func acceleratedHere() {
        #expect(SHA256.cpuHasSHA)
    }

    /// Whether /proc/cpuinfo (read by the test, not the core) lists `sha_ni`.
    static var cpuinfoListsSHA: Bool {
        FileHelpers.read("/proc/cpuinfo")?.contains(" sha_ni") ?? false
    }
}
