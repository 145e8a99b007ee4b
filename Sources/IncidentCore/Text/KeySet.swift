/// A small set of short words packed into integers (see ``Tokenizer/key(_:)``), for the
/// sentence splitter's abbreviation and sentence-starter checks: a 64-bit filter settles
/// most words with one multiply, the rest take a binary search, and nothing is hashed
/// with `Hasher` (SipHash) at every full stop.
struct KeySet: Sendable {
    private let keys: [UInt64]
    /// Bit ``filterBit(_:)`` set for every key.
    private let filter: UInt64

    init(_ words: [String]) {
        keys = Set(words.map(Tokenizer.key)).sorted()
        filter = keys.reduce(0) { $0 | Self.filterBit($1) }
    }

    @inline(__always)
    private static func filterBit(_ key: UInt64) -> UInt64 {
        1 << ((key &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    func contains(_ key: UInt64) -> Bool {
        guard filter & Self.filterBit(key) != 0 else { return false }
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == key
    }
}
