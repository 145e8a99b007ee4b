/// The ASCII words and stems of a lexicon in two small open-addressing hash tables.
///
/// One pass over a token hashes its lowercase bytes; at every length where some stem
/// exists the running hash probes the stem table, and at the end the word table. The
/// tables are a few kilobytes, so a lookup costs a multiply per byte and one or two
/// cache-resident probes — no pointer chasing through a trie.
struct WordTable: Sendable {
    private struct Table: Sendable {
        var slots: [Int32]  // entry index + 1; 0 = empty
        var mask: Int
        var hashes: [UInt64] = []
        var offsets: [Int32] = []
        var lengths: [Int32] = []
        var atoms: [Int32] = []
        var bytes: [UInt8] = []

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

    private var words = Table()
    private var stems = Table()
    /// Bit `n` set when some stem is `n` bytes long (stems longer than 63 bytes never match).
    private var stemLengths: UInt64 = 0

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    /// Whether `word` can be stored (ASCII only; other words go to the foreign list).
    static func accepts(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.allSatisfy { $0 < 0x80 }
    }

    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h = offsetBasis
        for b in bytes { h = (h ^ UInt64(ByteClass.lowered(b))) &* prime }
        return h
    }

    mutating func insert(_ word: String, atom: Int32, isStem: Bool) {
        let bytes = word.utf8.map(ByteClass.lowered)
        if isStem {
            guard bytes.count < 64 else { return }
            stems.insert(bytes, hash: Self.hash(bytes), atom: atom)
            stemLengths |= 1 << UInt64(bytes.count)
        } else {
            words.insert(bytes, hash: Self.hash(bytes), atom: atom)
        }
    }

    /// Appends to `out` the atoms that `text[start..<end]` matches: the word equal to it
    /// and every stem that is a prefix of it. Returns false when the token holds a
    /// non-ASCII byte (the caller then tries the foreign words).
    @inline(__always)
    @discardableResult
    func match(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int, into out: inout [Int32]) -> Bool {
        var h = Self.offsetBasis
        var i = start
        let lengths = stemLengths
        while i < end {
            let b = text[i]
            if b >= 0x80 { return false }
            h = (h ^ UInt64(ByteClass.lowered(b))) &* Self.prime
            i &+= 1
            let length = i &- start
            if length < 64, lengths & (1 << UInt64(length)) != 0 {
                let atom = stems.find(text, start: start, length: length, hash: h)
                if atom >= 0 { out.append(atom) }
            }
        }
        let atom = words.find(text, start: start, length: end - start, hash: h)
        if atom >= 0 { out.append(atom) }
        return true
    }
}
