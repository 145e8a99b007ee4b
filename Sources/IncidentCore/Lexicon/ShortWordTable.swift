/// The lexicon's ASCII words of up to 8 bytes, found with one bucket read and no branch.
///
/// A word's tag is its lowercase bytes packed into one integer, with its length in the
/// top bits of the low four bytes (ASCII leaves them free). Every word sits in the bucket
/// its tag hashes to, four to a bucket; ``finish()`` doubles the buckets or changes the
/// hash seed until none overflows. A look-up compares the four tags of one bucket and
/// selects the match without a branch: about half of all tokens are lexicon words, a coin
/// toss no branch predictor wins.
struct ShortWordTable: Sendable {
    /// Four words; an empty slot has tag ``empty``, which no word or token has.
    struct Bucket: Sendable {
        var tags: (UInt64, UInt64, UInt64, UInt64) = (empty, empty, empty, empty)
        /// Per slot: the word's atom, with ``stemPrefixFlag`` set when some stem is a
        /// prefix of the word (its stems must then be looked up too).
        var payloads: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
    }

    private struct Entry {
        var tag: UInt64
        /// The word's packed bytes and length, for ``markStem(key:length:)`` (0 for an
        /// entry added by tag).
        var key: UInt64
        var length: Int
        var payload: UInt32
    }

    /// The tag of an empty slot: all ones, where a tag has ASCII bytes with their top
    /// bit free (bit 63 is always clear).
    static let empty: UInt64 = ~0
    /// Set in a payload when some stem is a prefix of the word.
    static let stemPrefixFlag: UInt32 = 1 << 31
    /// The payload a look-up gives for a word that is not in the table.
    static let missing: UInt32 = ~0

    private var buckets = [Bucket](repeating: Bucket(), count: 2)
    private var shift: UInt64 = 63
    private var seed: UInt64 = 1
    /// Every word added, to place in the buckets.
    private var entries: [Entry] = []

    /// The tag of a word of `length` (1...8) ASCII bytes packed little-endian in `key`.
    @inline(__always)
    static func tag(_ key: UInt64, length: Int) -> UInt64 {
        // Length bits 0...3 to bits 7, 15, 23 and 31 in one multiply: the four shifted
        // copies of the length (by 7, 14, 21 and 28) do not overlap, so nothing carries.
        // As four shifts and masks it was 2 % of the engine's instructions (callgrind).
        let n = UInt64(truncatingIfNeeded: length) & 15
        return key | (n &* 0x1020_4080) & 0x8080_8080
    }

    @inline(__always)
    private static func bucket(_ tag: UInt64, seed: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (tag &* seed) &>> shift)
    }

    /// Adds a word (the lexicon adds each once); ``finish()`` places it.
    mutating func insert(key: UInt64, length: Int, atom: Int32, hasStemPrefix: Bool) {
        let payload = UInt32(atom) | (hasStemPrefix ? Self.stemPrefixFlag : 0)
        entries.append(Entry(tag: Self.tag(key, length: length), key: key, length: length, payload: payload))
    }

    /// Adds an entry under a tag of the caller's (any but ``empty``, each once).
    mutating func insert(tag: UInt64, atom: Int32, hasStemPrefix: Bool) {
        let payload = UInt32(atom) | (hasStemPrefix ? Self.stemPrefixFlag : 0)
        entries.append(Entry(tag: tag, key: 0, length: 0, payload: payload))
    }

    /// Marks every word that starts with the stem of `length` bytes packed in `key`.
    mutating func markStem(key: UInt64, length: Int) {
        let prefixMask: UInt64 = length >= 8 ? ~0 : (1 << UInt64(8 * length)) - 1
        for i in entries.indices where entries[i].length >= length && entries[i].key & prefixMask == key {
            entries[i].payload |= Self.stemPrefixFlag
        }
    }

    /// Places every word: from one bucket per two words, doubling after every 16 seeds
    /// that leave some bucket with more than four.
    mutating func finish() {
        var count = 2
        while count * 2 < entries.count { count *= 2 }
        var attempt: UInt64 = 0
        while true {
            attempt += 1
            let seed = (0x9E37_79B9_7F4A_7C15 &* attempt) | 1
            let shift = UInt64(64 - count.trailingZeroBitCount)
            if let placed = place(buckets: count, seed: seed, shift: shift) {
                (buckets, self.seed, self.shift) = (placed, seed, shift)
                return
            }
            if attempt % 16 == 0 { count *= 2 }
        }
    }

    private func place(buckets count: Int, seed: UInt64, shift: UInt64) -> [Bucket]? {
        var buckets = [Bucket](repeating: Bucket(), count: count)
        var used = [UInt8](repeating: 0, count: count)
        for entry in entries {
            let tag = entry.tag
            let b = Self.bucket(tag, seed: seed, shift: shift)
            switch used[b] {
            case 0: (buckets[b].tags.0, buckets[b].payloads.0) = (tag, entry.payload)
            case 1: (buckets[b].tags.1, buckets[b].payloads.1) = (tag, entry.payload)
            case 2: (buckets[b].tags.2, buckets[b].payloads.2) = (tag, entry.payload)
            case 3: (buckets[b].tags.3, buckets[b].payloads.3) = (tag, entry.payload)
            default: return nil
            }
            used[b] += 1
        }
        return buckets
    }

    /// Calls `body` with a view of the buckets for a document's look-ups.
    @inline(__always)
    func withReader<R>(_ body: (Reader) -> R) -> R {
        buckets.withUnsafeBufferPointer { body(Reader(buckets: $0, seed: seed, shift: shift)) }
    }

    /// The buckets and hash parameters, held in registers by the per-token loop.
    struct Reader {
        fileprivate let buckets: UnsafeBufferPointer<Bucket>
        fileprivate let seed: UInt64
        fileprivate let shift: UInt64

        /// The payload of the word with `tag`, or ``ShortWordTable/missing``.
        @inline(__always)
        func find(tag: UInt64) -> UInt32 {
            let b = buckets[ShortWordTable.bucket(tag, seed: seed, shift: shift)]
            // The first slot that matches wins, as the first entry added would.
            var payload = ShortWordTable.missing
            payload = b.tags.3 == tag ? b.payloads.3 : payload
            payload = b.tags.2 == tag ? b.payloads.2 : payload
            payload = b.tags.1 == tag ? b.payloads.1 : payload
            payload = b.tags.0 == tag ? b.payloads.0 : payload
            return payload
        }
    }
}
