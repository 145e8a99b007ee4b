/// The ASCII words and stems of a lexicon in small open-addressing hash tables.
///
/// Words and stems of up to 8 bytes — nearly every token — are hashed from their
/// lowercase bytes packed into one integer, so a stem probe at any prefix length is a
/// mask and one multiply. Words of up to 16 bytes are also in ``ShortWordTable``s, found
/// with one bucket read when no stem may prefix them (see ``Reader``). Other tokens fall
/// back to a running FNV-1a hash that probes the stem table at every length where some
/// stem exists, and the word table at the end.
struct WordTable: Sendable {
    private struct Table: Sendable {
        var slots: [Int32]  // entry index + 1; 0 = empty
        var mask: Int
        var hashes: [UInt64] = []
        var offsets: [Int32] = []
        var lengths: [Int32] = []
        var atoms: [Int32] = []
        var bytes: [UInt8] = []
        /// Entries of up to 8 bytes: the bytes packed little-endian (0 for longer ones).
        var keys: [UInt64] = []

        init() {
            slots = [Int32](repeating: 0, count: 16)
            mask = 15
        }

        mutating func insert(_ word: [UInt8], hash: UInt64, atom: Int32) {
            if (atoms.count + 1) * 4 > slots.count { grow() }
            let entry = Int32(atoms.count)
            hashes.append(hash)
            offsets.append(Int32(bytes.count))
            lengths.append(Int32(word.count))
            atoms.append(atom)
            bytes += word
            keys.append(word.count <= 8 ? WordTable.pack(word) : 0)
            place(entry)
        }

        private mutating func place(_ entry: Int32) {
            var i = Int(truncatingIfNeeded: hashes[Int(entry)]) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = entry + 1
        }

        private mutating func grow() {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for entry in atoms.indices { place(Int32(entry)) }
        }

        /// The atom of the word of `length` ≤ 8 bytes packed (lowercase) in `key`.
        @inline(__always)
        func find(key: UInt64, length: Int, hash: UInt64) -> Int32 {
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slot = Int(slots[i])
                if slot == 0 { return -1 }
                let entry = slot - 1
                if keys[entry] == key, Int(lengths[entry]) == length { return atoms[entry] }
                i = (i + 1) & mask
            }
        }

        /// The atom of the word `text[start..<start+length]` (compared lowercased).
        @inline(__always)
        func find(_ text: UnsafeBufferPointer<UInt8>, start: Int, length: Int, hash: UInt64) -> Int32 {
            var i = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slot = Int(slots[i])
                if slot == 0 { return -1 }
                let entry = slot - 1
                if hashes[entry] == hash, Int(lengths[entry]) == length {
                    let offset = Int(offsets[entry])
                    var same = true
                    for k in 0..<length where ByteClass.lowered(text[start + k]) != bytes[offset + k] {
                        same = false
                        break
                    }
                    if same { return atoms[entry] }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Words of up to 8 bytes.
    private var shortWords = ShortWordTable()
    /// Words of 9 to 16 bytes, by ``mediumTag(_:_:seed:)``; the payload indexes
    /// ``mediumEntries``, which holds their bytes to check a match against.
    private var mediumWords = ShortWordTable()
    private var mediumEntries: [MediumEntry] = []
    private var mediumSeed: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// Words of more than 8 bytes (the medium ones too, for the general matcher).
    private var words = Table()
    private var stems = Table()
    /// Bit ``stemSlot(_:_:)`` set when some stem starts so: 128 bytes that settle, for
    /// most words, that no stem needs looking up.
    private var stemStarts = [UInt64](repeating: 0, count: 16)
    /// Bit `n` set when some stem is `n` bytes long (1 ≤ n ≤ 15), per pair of first two
    /// bytes (hashed to 10 bits; a collision costs a probe, no more), and bit 0 when a stem
    /// of 16 or more bytes starts so: most words start like no stem, and then cost one
    /// probe, for the word itself. 2 KB, to stay in the L1 cache beside the word table.
    private var stemLengths = [UInt16](repeating: 0, count: 1024)
    /// Bit `n` set when some stem is `n` bytes long, for `n` ≥ 16 (stems longer than 63
    /// bytes never match).
    private var longStemLengths: UInt64 = 0

    /// The ``stemLengths`` slot of a word starting with lowercase `b0`, `b1` (0 for a
    /// one-byte word).
    @inline(__always)
    fileprivate static func stemSlot(_ b0: UInt64, _ b1: UInt64) -> Int {
        Int(truncatingIfNeeded: (b0 & 31) << 5 | (b1 & 31))
    }

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// Whether `word` can be stored (ASCII only; other words go to the foreign list).
    static func accepts(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Up to 8 bytes, lowercased and packed little-endian.
    static func pack(_ bytes: [UInt8]) -> UInt64 {
        var key: UInt64 = 0
        for (i, b) in bytes.prefix(8).enumerated() { key |= UInt64(ByteClass.lowered(b)) << UInt64(8 * i) }
        return key
    }

    /// The hash of lowercase `bytes`: packed for up to 8 bytes; beyond, FNV-1a over the
    /// rest, starting from the packed first 8 bytes.
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        if bytes.count <= 8 { return shortHash(pack(bytes), length: bytes.count) }
        var h = longSeed(pack(bytes))
        for b in bytes[8...] { h = (h ^ UInt64(ByteClass.lowered(b))) &* prime }
        return h
    }

    /// Where the hash of a word longer than 8 bytes starts: its first 8 bytes, packed.
    @inline(__always)
    static func longSeed(_ key: UInt64) -> UInt64 {
        (key ^ offsetBasis) &* prime
    }

    /// The hash of a word of `length` ≤ 8 bytes packed little-endian into `key`.
    @inline(__always)
    static func shortHash(_ key: UInt64, length: Int) -> UInt64 {
        let h = (key &+ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 32)
    }

    /// A word of 9 to 16 bytes: its first 8 bytes packed, and the ``ShortWordTable/tag(_:length:)``
    /// of the rest.
    fileprivate struct MediumEntry {
        var first: UInt64
        var rest: UInt64
        var atom: Int32
    }

    /// The tag of a medium word in ``mediumWords``: a hash of both halves, with bit 63
    /// clear (so it is never the empty slot's tag).
    @inline(__always)
    static func mediumTag(_ first: UInt64, _ rest: UInt64, seed: UInt64) -> UInt64 {
        let h = (first &* seed) ^ (rest &* 0xD6E8_FEB8_6659_FD93)
        return (h ^ (h >> 29)) & ~(1 << 63)
    }

    /// Places the short and medium words; the lexicon calls it once all words and stems
    /// are in.
    mutating func finish() {
        shortWords.finish()
        // Medium words must have distinct tags (a look-up checks the bytes of the one it
        // finds, and only that one): change the seed until they do. A word added twice
        // keeps its first atom, as in the general matcher's table.
        var seen: Set<SIMD2<UInt64>> = []
        let distinct = mediumEntries.indices.filter { seen.insert(SIMD2(mediumEntries[$0].first, mediumEntries[$0].rest)).inserted }
        while Set(distinct.map { Self.mediumTag(mediumEntries[$0].first, mediumEntries[$0].rest, seed: mediumSeed) }).count < distinct.count {
            mediumSeed = (mediumSeed &+ 0x9E37_79B9_7F4A_7C15 &* 2) | 1
        }
        mediumWords = ShortWordTable()
        for index in distinct {
            let entry = mediumEntries[index]
            mediumWords.insert(tag: Self.mediumTag(entry.first, entry.rest, seed: mediumSeed), atom: Int32(index), hasStemPrefix: false)
        }
        mediumWords.finish()
    }

    mutating func insert(_ word: String, atom: Int32, isStem: Bool) {
        let bytes = word.utf8.map(ByteClass.lowered)
        if isStem {
            guard bytes.count < 64 else { return }
            stems.insert(bytes, hash: Self.hash(bytes), atom: atom)
            let b0 = UInt64(bytes[0])
            if bytes.count == 1 {
                for b1 in 0..<UInt64(32) { stemLengths[Self.stemSlot(b0, b1)] |= 1 << 1 }
            } else if bytes.count <= 15 {
                stemLengths[Self.stemSlot(b0, UInt64(bytes[1]))] |= 1 << UInt16(bytes.count)
            } else {
                stemLengths[Self.stemSlot(b0, UInt64(bytes[1]))] |= 1
                longStemLengths |= 1 << UInt64(bytes.count)
            }
            for slot in stemLengths.indices where stemLengths[slot] != 0 {
                stemStarts[slot >> 6] |= 1 << UInt64(slot & 63)
            }
            if bytes.count <= 8 { shortWords.markStem(key: Self.pack(bytes), length: bytes.count) }
        } else if bytes.count <= 8 {
            let key = Self.pack(bytes)
            var stemAtoms = AtomBuffer(capacity: 16)
            defer { stemAtoms.deallocate() }
            appendStems(key: key, upTo: bytes.count, lengths: stemCandidates(key), into: &stemAtoms)
            shortWords.insert(key: key, length: bytes.count, atom: atom, hasStemPrefix: stemAtoms.count > 0)
        } else {
            words.insert(bytes, hash: Self.hash(bytes), atom: atom)
            if bytes.count <= 16 {
                let rest = ShortWordTable.tag(Self.pack(Array(bytes[8...])), length: bytes.count - 8)
                mediumEntries.append(MediumEntry(first: Self.pack(bytes), rest: rest, atom: atom))
            }
        }
    }

    /// The lengths (bit `n` for `n` bytes) at which a stem may be a prefix of a word whose
    /// first bytes are packed in `key`; 0 for most words.
    @inline(__always)
    private func stemCandidates(_ key: UInt64) -> UInt64 {
        let slot = Self.stemSlot(key & 0xFF, (key >> 8) & 0xFF)
        guard stemStarts[slot >> 6] & (1 << UInt64(slot & 63)) != 0 else { return 0 }
        let lengths = stemLengths[slot]
        return UInt64(lengths & ~1) | (lengths & 1 != 0 ? longStemLengths : 0)
    }

    /// Appends the stems of 1...`upTo` (at most 8) bytes that prefix the word packed in
    /// `key`, shortest first, trying only the `lengths` that ``stemCandidates(_:)`` gave.
    @inline(__always)
    private func appendStems(key: UInt64, upTo ascii: Int, lengths candidates: UInt64, into out: inout AtomBuffer) {
        var lengths = candidates & ((2 << UInt64(ascii)) &- 2)
        while lengths != 0 {
            let length = lengths.trailingZeroBitCount
            lengths &= lengths &- 1
            let prefix = length == 8 ? key : key & ((1 << UInt64(8 &* length)) &- 1)
            let atom = stems.find(key: prefix, length: length, hash: Self.shortHash(prefix, length: length))
            if atom >= 0 { out.append(atom) }
        }
    }

    /// The first (up to 8) bytes of `text[start..<end]` lowercased and packed
    /// little-endian, up to the first non-ASCII byte, and how many bytes that is.
    @inline(__always)
    static func packedKey(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> (key: UInt64, ascii: Int) {
        let m = min(end &- start, 8)
        guard let base = text.baseAddress, start &+ 8 <= text.count else {
            var key: UInt64 = 0
            var ascii = 0
            while ascii < m {
                let b = text[start &+ ascii]
                if b >= 0x80 { break }
                key |= UInt64(ByteClass.lowered(b)) << UInt64(8 &* ascii)
                ascii &+= 1
            }
            return (key, ascii)
        }
        // Eight bytes at once: keep the token's, find the first non-ASCII one, and
        // lowercase A-Z in every lane (no lane carries into the next below 0x80).
        let ones: UInt64 = 0x0101_0101_0101_0101
        var word = UInt64(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self))
        if m < 8 { word &= (1 << UInt64(8 &* m)) &- 1 }
        var ascii = m
        let high = word & (ones &* 0x80)
        if high != 0 {
            ascii = high.trailingZeroBitCount / 8
            word &= (1 << UInt64(8 &* ascii)) &- 1
        }
        let atLeastA = word &+ ones &* (0x80 - 0x41)
        let aboveZ = word &+ ones &* (0x80 - 0x5B)
        let upper = atLeastA & ~aboveZ & (ones &* 0x80)
        return (word | (upper >> 2), ascii)
    }

    /// A view of what the look-up of a word of up to 16 bytes reads, taken once per
    /// document: the per-token loop then keeps it in registers instead of reloading every
    /// table through `self` after each store.
    struct Reader {
        fileprivate let words: ShortWordTable.Reader
        fileprivate let stemStarts: UnsafeBufferPointer<UInt64>
        fileprivate let stemLengths: UnsafeBufferPointer<UInt16>
        fileprivate let longStemLengths: UInt64
        fileprivate let mediumWords: ShortWordTable.Reader
        fileprivate let mediumEntries: UnsafeBufferPointer<MediumEntry>
        fileprivate let mediumSeed: UInt64

        /// For a token of `length` (9...16) ASCII bytes, its first 8 packed in `first`
        /// and the rest in `rest`: the atom of the word equal to it (-1 when none), or
        /// nil when some stem may prefix it (then the general matcher must look).
        @inline(__always)
        func mediumWord(first: UInt64, rest: UInt64, length: Int) -> Int32? {
            let slot = WordTable.stemSlot(first & 0xFF, (first >> 8) & 0xFF)
            if stemStarts[slot >> 6] & (1 << UInt64(slot & 63)) != 0 {
                let lengths = stemLengths[slot]
                let candidates = UInt64(lengths & ~1) | (lengths & 1 != 0 ? longStemLengths : 0)
                if candidates & ((2 << UInt64(length)) &- 2) != 0 { return nil }
            }
            let restTag = ShortWordTable.tag(rest, length: length &- 8)
            let payload = mediumWords.find(tag: WordTable.mediumTag(first, restTag, seed: mediumSeed))
            guard payload != ShortWordTable.missing else { return -1 }
            let entry = mediumEntries[Int(payload)]
            return entry.first == first && entry.rest == restTag ? entry.atom : -1
        }

        /// For a token of `length` (1...8) ASCII bytes packed in `key`: the atom of the
        /// word equal to it (-1 when none), and whether some stem may prefix it (then
        /// ``WordTable/appendStems(key:length:into:)`` must run first).
        @inline(__always)
        func shortWord(key: UInt64, length: Int) -> (atom: Int32, needsStems: Bool) {
            let payload = words.find(tag: ShortWordTable.tag(key, length: length))
            let slot = WordTable.stemSlot(key & 0xFF, (key >> 8) & 0xFF)
            let mayStem = stemStarts[slot >> 6] & (1 << UInt64(slot & 63)) != 0
            let found = payload != ShortWordTable.missing
            let atom = found ? Int32(bitPattern: payload & ~ShortWordTable.stemPrefixFlag) : -1
            return (atom, mayStem && payload & ShortWordTable.stemPrefixFlag != 0)
        }
    }

    /// Calls `body` with a ``Reader`` of this table.
    @inline(__always)
    func withReader<R>(_ body: (Reader) -> R) -> R {
        shortWords.withReader { words in
        mediumWords.withReader { mediumWords in
        mediumEntries.withUnsafeBufferPointer { mediumEntries in
        stemLengths.withUnsafeBufferPointer { stemLengths in
            stemStarts.withUnsafeBufferPointer {
                body(Reader(
                    words: words, stemStarts: $0, stemLengths: stemLengths, longStemLengths: longStemLengths,
                    mediumWords: mediumWords, mediumEntries: mediumEntries, mediumSeed: mediumSeed
                ))
            }
        }
        }
        }
        }
    }

    /// Appends the stems that prefix the word of `length` (1...8) bytes packed in `key`,
    /// shortest first. Out of line: few words start like a stem.
    @inline(never)
    func appendStems(key: UInt64, length: Int, into out: inout AtomBuffer) {
        appendStems(key: key, upTo: length, lengths: stemCandidates(key), into: &out)
    }

    /// Appends to `out` the atoms that `text[start..<end]` matches: every stem that is a
    /// prefix of it (shortest first), then the word equal to it. Returns false when the
    /// token holds a non-ASCII byte (the caller then tries the foreign words); the stems
    /// of the ASCII prefix before that byte are still appended. The general case, out of
    /// line: the per-token loop settles short ASCII words with a ``Reader``.
    @inline(never)
    @discardableResult
    func match(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int, into out: inout AtomBuffer) -> Bool {
        let n = end &- start
        let m = min(n, 8)
        let (key, ascii) = Self.packedKey(text, start: start, end: end)
        // Stems of 1...ascii bytes: mask the packed key.
        let stemBits = stemCandidates(key)
        appendStems(key: key, upTo: ascii, lengths: stemBits, into: &out)
        if ascii < m { return false }
        if n <= 8 {
            out.appendIfFound(withReader { $0.shortWord(key: key, length: n).atom })
            return true
        }
        // Longer than 8 bytes: FNV-1a over the rest, probing longer stems on the way.
        var h = Self.longSeed(key)
        var i = start &+ 8
        while i < end {
            let b = text[i]
            if b >= 0x80 { return false }
            h = (h ^ UInt64(ByteClass.lowered(b))) &* Self.prime
            i &+= 1
            let length = i &- start
            if length < 64, stemBits & (1 << UInt64(length)) != 0 {
                let atom = stems.find(text, start: start, length: length, hash: h)
                if atom >= 0 { out.append(atom) }
            }
        }
        let atom = words.find(text, start: start, length: n, hash: h)
        if atom >= 0 { out.append(atom) }
        return true
    }
}
