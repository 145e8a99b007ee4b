/// Every term of every rule and cue set, compiled once into one matcher, so the cost of
/// reading a document does not grow with the number of rules or terms.
struct Lexicon: Sendable {
    /// A term compiled to atom ids, and the concept it belongs to.
    struct Phrase: Sendable {
        var atoms: [Int32]
        var concept: Int32
    }

    private var trie = WordTable()
    private var atomIDs: [Atom: Int32] = [:]
    private var foreignWords: [String: Int32] = [:]
    private var foreignStems: [(String, Int32)] = []
    private var punctAtoms = [Int32](repeating: -1, count: 256)
    private var numberAtom: Int32 = -1
    private var phrases: [Phrase] = []
    private var byFirstAtom: [[Int32]] = []
    /// Flat tables for the scan (no nested arrays): one-atom phrases by their atom, and
    /// longer phrases by their first two atoms.
    private var pairs = PairTable()
    /// By atom, what phrase assembly reads of it, in one place: its one-atom phrases and
    /// the seconds of the longer phrases it starts. One read per atom, where three
    /// tables (phrase starts, concepts, pair seconds) took three, each often an L1 miss.
    private var atomInfo: [AtomInfo] = []
    /// The concepts of the atoms with more than one one-atom phrase (a word that is a
    /// term of several concepts), from ``AtomInfo/concept``.
    private var sharedConcepts: [Int32] = []

    /// What phrase assembly reads of an atom.
    struct AtomInfo: Sendable {
        /// Bit `b % 64` set for every atom `b` that follows this one in the first two
        /// atoms of some phrase (0 when it starts none). Most pairs of neighbouring atoms
        /// start no phrase, and this settles it without a probe of the pair table.
        var seconds: UInt64
        /// How many one-atom phrases the atom is.
        var singles: Int32
        /// The concept of its one-atom phrase when it has one; the index of the first in
        /// ``sharedConcepts`` when it has several; -1 when none.
        var concept: Int32
    }

    /// The ``AtomInfo/seconds`` bit of a second atom.
    @inline(__always)
    private static func pairBit(_ atom: Int32) -> UInt64 {
        1 << UInt64(truncatingIfNeeded: atom & 63)
    }

    /// Rebuilds the flat tables; called after every `add` (rule sets are small).
    private mutating func freeze() {
        atomInfo = []
        sharedConcepts = []
        var byPair: [UInt64: [Int32]] = [:]
        for list in byFirstAtom {
            var concepts: [Int32] = []
            for p in list {
                let atoms = phrases[Int(p)].atoms
                if atoms.count == 1 {
                    concepts.append(phrases[Int(p)].concept)
                } else {
                    byPair[PairTable.key(atoms[0], atoms[1]), default: []].append(p)
                }
            }
            var concept = concepts.first ?? -1
            if concepts.count > 1 {
                concept = Int32(sharedConcepts.count)
                sharedConcepts += concepts
            }
            atomInfo.append(AtomInfo(seconds: 0, singles: Int32(concepts.count), concept: concept))
        }
        pairs = PairTable(byPair, phrases: phrases)
        for key in byPair.keys { atomInfo[Int(key >> 32)].seconds |= Self.pairBit(Int32(truncatingIfNeeded: key)) }
    }

    /// Adds `term` as a way of writing `concept`.
    mutating func add(_ term: Term, concept: Int32) {
        var atoms: [Int32] = []
        for atom in term.atoms { atoms.append(intern(atom)) }
        let index = Int32(phrases.count)
        phrases.append(Phrase(atoms: atoms, concept: concept))
        byFirstAtom[Int(atoms[0])].append(index)
        needsFreeze = true
    }

    private var needsFreeze = false

    /// Prepares the flat scan tables; the rule compiler calls it once when done.
    mutating func finish() {
        if needsFreeze {
            trie.finish()
            freeze()
        }
        needsFreeze = false
    }

    private mutating func intern(_ atom: Atom) -> Int32 {
        if let id = atomIDs[atom] { return id }
        let id = Int32(atomIDs.count)
        atomIDs[atom] = id
        byFirstAtom.append([])
        switch atom {
        case .word(let w):
            if WordTable.accepts(w) { trie.insert(w, atom: id, isStem: false) } else { foreignWords[w] = id }
        case .stem(let s):
            if WordTable.accepts(s) { trie.insert(s, atom: id, isStem: true) } else { foreignStems.append((s, id)) }
        case .punct(let mark):
            punctAtoms[Int(mark)] = id
        case .number:
            numberAtom = id
        }
        return id
    }

    /// Finds every concept hit in `tokens`, in token order.
    ///
    /// - Parameters:
    ///   - text: The document's UTF-8 bytes the tokens index into.
    ///   - tokens: The document's tokens.
    /// - Returns: The hits, in an array of their exact size.
    func annotate(_ text: UnsafeBufferPointer<UInt8>, tokens: [Token]) -> [Hit] {
        let tokenCount = tokens.count
        // Per-token atom lists, flat: the atoms of token `t` are pool[start[t]..<start[t + 1]].
        // Raw buffers, so the per-token loop has no uniqueness or bounds checks to make.
        // One entry more than tokens and their end: an empty atom list after the last
        // token, so pass 2 may look at the atoms after any token without a bounds test.
        // The matched tokens' list shares the allocation (one malloc less per document).
        let start = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * tokenCount + 3)
        defer { start.deallocate() }
        let matchedTokens = start + (tokenCount + 2)
        var matchedCount = 0
        var atoms = AtomBuffer(capacity: tokenCount + 64)
        defer { atoms.deallocate() }
        // Pass 1: every token's atoms. The tables are taken once as raw views, so the
        // loop need not reload them after every store.
        let numberAtom = self.numberAtom
        tokens.withUnsafeBufferPointer { tokens in
        punctAtoms.withUnsafeBufferPointer { punctAtoms in
        trie.withReader { words in
            for t in 0..<tokenCount {
                let token = tokens[t]
                let before = atoms.count
                start[t] = Int32(before)
                if token.kind == .punct {
                    atoms.appendIfFound(punctAtoms[Int(token.mark)])
                } else {
                    matchWord(text, token, words: words, into: &atoms)
                    if token.kind == .number, token.value >= 0 { atoms.appendIfFound(numberAtom) }
                }
                // Without a branch: whether a token matched is a coin toss to the predictor.
                matchedTokens[matchedCount] = Int32(t)
                matchedCount += atoms.count != before ? 1 : 0
            }
        }
        }
        }
        start[tokenCount] = Int32(atoms.count)
        start[tokenCount + 1] = Int32(atoms.count)
        // Pass 2: phrases, from the tokens that carry atoms, into raw memory: the storage
        // of the array returned, so the hits are not copied at the end. Unsafe views
        // keep the loop free of reference counting and slice creation.
        let pool = UnsafePointer(atoms.base)
        return ScratchBuffer<Hit>.collect(capacity: matchedCount + 16) { found in
        atomInfo.withUnsafeBufferPointer { atomInfo in
        sharedConcepts.withUnsafeBufferPointer { sharedConcepts in
        pairs.withReader { pairs in
            /// Whether token `k` carries `atom`.
            @inline(__always) func has(_ atom: Int32, at k: Int) -> Bool {
                var j = Int(start[k])
                let end = Int(start[k + 1])
                while j < end {
                    if pool[j] == atom { return true }
                    j += 1
                }
                return false
            }
            for m in 0..<matchedCount {
                let t = Int(matchedTokens[m])
                let here = Int(start[t])..<Int(start[t + 1])
                // While at it, the seconds of the phrases this token's atoms may start.
                var seconds: UInt64 = 0
                for i in here {
                    let info = atomInfo[Int(pool[i])]
                    seconds |= info.seconds
                    if info.singles <= 1 {
                        // Whether an atom is a term of its own is a coin toss to the
                        // predictor: the hit is written either way, and counted if so.
                        found.append(Hit(concept: info.concept, first: Int32(t), last: Int32(t)), if: info.singles == 1)
                    } else {
                        let p = Int(info.concept)
                        for q in p..<p + Int(info.singles) { found.append(Hit(concept: sharedConcepts[q], first: Int32(t), last: Int32(t))) }
                    }
                }
                // Most tokens start no phrase with the next token's atoms (or the next
                // token has none): one test, where a test per atom mispredicted often.
                let next = Int(start[t + 1])..<Int(start[t + 2])
                var follows: UInt64 = 0
                for j in next { follows |= Self.pairBit(pool[j]) }
                if seconds & follows == 0 { continue }
                for i in here {
                    let first = pool[i]
                    let seconds = atomInfo[Int(first)].seconds
                    if seconds == 0 { continue }
                    for j in next where seconds & Self.pairBit(pool[j]) != 0 {
                        for phrase in pairs.phrases(first, pool[j]) {
                            var k = t + 1
                            var a = Int(phrase.rest)
                            let aEnd = Int(phrase.restEnd)
                            var matched = true
                            while a < aEnd {
                                k += 1
                                if k >= tokenCount || !has(pairs.restAtoms[a], at: k) {
                                    matched = false
                                    break
                                }
                                a += 1
                            }
                            if matched { found.append(Hit(concept: phrase.concept, first: Int32(t), last: Int32(k))) }
                        }
                    }
                }
            }
        }
        }
        }
        }
    }

    /// Appends the atoms of word or number `token`: ASCII words of up to 16 bytes, nearly
    /// all, with one look-up in `words`; the rest through the general matcher.
    @inline(__always)
    private func matchWord(_ text: UnsafeBufferPointer<UInt8>, _ token: Token, words: WordTable.Reader, into atoms: inout AtomBuffer) {
        let start = Int(token.start)
        let end = Int(token.end)
        let n = end &- start
        if n <= 8 {
            let (key, ascii) = WordTable.packedKey(text, start: start, end: end)
            if ascii == n {
                let (atom, needsStems) = words.shortWord(key: key, length: n)
                if needsStems { trie.appendStems(key: key, length: n, into: &atoms) }
                atoms.appendIfFound(atom)
                return
            }
        }
        matchLongWord(text, token, words: words, into: &atoms)
    }

    /// ``matchWord(_:_:words:into:)`` for the tokens that are not short ASCII words.
    /// Out of line: with the medium-word look-up inlined, the per-token loop kept more
    /// values than there are registers, and spilled and reloaded them for every token.
    @inline(never)
    private func matchLongWord(_ text: UnsafeBufferPointer<UInt8>, _ token: Token, words: WordTable.Reader, into atoms: inout AtomBuffer) {
        let start = Int(token.start)
        let end = Int(token.end)
        let n = end &- start
        if n > 8, n <= 16 {
            let (first, asciiFirst) = WordTable.packedKey(text, start: start, end: start &+ 8)
            let (rest, asciiRest) = WordTable.packedKey(text, start: start &+ 8, end: end)
            if asciiFirst == 8, asciiRest == n &- 8, let atom = words.mediumWord(first: first, rest: rest, length: n) {
                atoms.appendIfFound(atom)
                return
            }
        }
        if !trie.match(text, start: start, end: end, into: &atoms) { matchForeign(text, token, into: &atoms) }
    }

    private func matchForeign(_ text: UnsafeBufferPointer<UInt8>, _ token: Token, into found: inout AtomBuffer) {
        let slice = UnsafeBufferPointer(rebasing: text[Int(token.start)..<Int(token.end)])
        // Fast path, no String: curly apostrophes (U+2018, U+2019) read as "'"; when the
        // rest is ASCII ("’s", "embassy’s"), the ASCII tables decide.
        if slice.count <= 64 {
            var ascii = true
            let matched: Bool = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: slice.count) { buffer in
                var n = 0
                var i = 0
                while i < slice.count {
                    let b = slice[i]
                    if b == 0xE2, i + 2 < slice.count, slice[i + 1] == 0x80, slice[i + 2] == 0x98 || slice[i + 2] == 0x99 {
                        buffer[n] = UInt8(ascii: "'")
                        i += 3
                    } else {
                        if b >= 0x80 { ascii = false }
                        buffer[n] = b
                        i += 1
                    }
                    n += 1
                }
                guard ascii else { return false }
                trie.match(UnsafeBufferPointer(rebasing: buffer[0..<n]), start: 0, end: n, into: &found)
                return true
            }
            if matched { return }
        }
        guard !foreignWords.isEmpty || !foreignStems.isEmpty else { return }
        let word = Term.fold(String(decoding: slice, as: UTF8.self))
        if let id = foreignWords[word] { found.append(id) }
        for (stem, id) in foreignStems where word.hasPrefix(stem) { found.append(id) }
    }
}

/// A concept found in the text: tokens `first...last` spell one of its terms.
struct Hit: Sendable, Hashable {
    var concept: Int32
    var first: Int32
    var last: Int32
}

/// A growable list in raw memory, for the lexicon's per-token loops: appends check the
/// capacity and nothing else (an array's append also checks, with a call, that its
/// storage is not shared). The owner calls ``deallocate()``.
///
/// ``collect(capacity:_:)`` fills an array's own storage instead, so the list becomes
/// the array without a copy.
struct ScratchBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int
    /// Whether ``base`` was allocated here (else it is an array's, being initialized).
    private var owned = true

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// A buffer that appends into `storage`, memory it does not own, until it fills up.
    private init(borrowing storage: UnsafeMutableBufferPointer<Element>) {
        base = storage.baseAddress!
        capacity = storage.count
        owned = false
    }

    /// Runs `body` with a buffer that appends straight into the storage of the array
    /// returned: no copy when `capacity` (at least 1) was enough, one when it grew.
    /// `body` must not call ``deallocate()``.
    @inline(__always)
    static func collect(capacity: Int, _ body: (inout ScratchBuffer) -> Void) -> [Element] {
        var spilled: ScratchBuffer?
        let array = [Element](unsafeUninitializedCapacity: max(capacity, 1)) { storage, initialized in
            var buffer = ScratchBuffer(borrowing: storage)
            body(&buffer)
            if buffer.owned {
                // It grew: the elements moved to memory of its own, and the array is
                // made from there below.
                initialized = 0
                spilled = buffer
            } else {
                initialized = buffer.count
            }
        }
        guard let spilled else { return array }
        defer { spilled.deallocate() }
        return Array(spilled.elements)
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        append(element, if: true)
    }

    /// Appends `element` when `condition` holds, without a branch on which: the element
    /// is written either way, and counted only then.
    @inline(__always)
    mutating func append(_ element: Element, if condition: Bool) {
        if count == capacity { grow() }
        base[count] = element
        count += condition ? 1 : 0
    }

    @inline(never)
    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        if owned { base.deallocate() }
        base = larger
        capacity *= 2
        owned = true
    }

    /// The elements, valid until the next append or ``deallocate()``.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    func deallocate() {
        if owned { base.deallocate() }
    }
}

/// The atom ids of a document's tokens, in one flat list.
typealias AtomBuffer = ScratchBuffer<Int32>

extension ScratchBuffer where Element == Int32 {
    /// Appends `atom` unless it is negative (not found), without a branch on which.
    @inline(__always)
    mutating func appendIfFound(_ atom: Int32) {
        append(atom, if: atom >= 0)
    }
}

/// Phrases of two or more atoms, found by their first two atoms in one open-addressing
/// probe (instead of trying every phrase that starts with a common word like "the").
///
/// A probe reads one slot, which holds the pair's key and its range of phrases, and the
/// phrases hold their concept and the range of their further atoms: three reads per
/// pair of neighbouring atoms that starts some phrase, where separate tables of keys,
/// ranges, phrase indices, atom starts and concepts took seven, most of them L1 misses.
struct PairTable: Sendable {
    /// One key and its phrases; an empty slot has key `UInt64.max`.
    struct Slot: Sendable {
        var key: UInt64
        var first: Int32
        var end: Int32
    }

    /// A phrase of a pair: its concept, and its atoms after the first two
    /// (`restAtoms[rest..<restEnd]`).
    struct Phrase: Sendable {
        var concept: Int32
        var rest: Int32
        var restEnd: Int32
    }

    private var slots = [Slot(key: UInt64.max, first: 0, end: 0)]
    private var list: [Phrase] = []
    private var restAtoms: [Int32] = []
    private var mask = 0

    init() {}

    /// The table of `byPair` (phrase indices by ``key(_:_:)`` of their first two atoms)
    /// over `phrases`; a pair's phrases keep their order.
    init(_ byPair: [UInt64: [Int32]], phrases: [Lexicon.Phrase]) {
        var capacity = 1
        while capacity < byPair.count * 2 { capacity *= 2 }
        slots = [Slot](repeating: Slot(key: UInt64.max, first: 0, end: 0), count: capacity)
        mask = capacity - 1
        for (key, indices) in byPair.sorted(by: { $0.key < $1.key }) {
            var i = Self.slot(key, mask)
            while slots[i].key != UInt64.max { i = (i + 1) & mask }
            let first = Int32(list.count)
            for p in indices {
                let phrase = phrases[Int(p)]
                let rest = Int32(restAtoms.count)
                restAtoms += phrase.atoms.dropFirst(2)
                list.append(Phrase(concept: phrase.concept, rest: rest, restEnd: Int32(restAtoms.count)))
            }
            slots[i] = Slot(key: key, first: first, end: Int32(list.count))
        }
    }

    static func key(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }

    @inline(__always)
    fileprivate static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Calls `body` with a view of the table for a document's look-ups.
    @inline(__always)
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try slots.withUnsafeBufferPointer { slots in
            try list.withUnsafeBufferPointer { list in
                try restAtoms.withUnsafeBufferPointer { restAtoms in
                    try body(Reader(slots: slots, list: list, restAtoms: restAtoms, mask: mask))
                }
            }
        }
    }

    /// The slots, phrases and atoms, held in registers by the per-token loop.
    struct Reader {
        fileprivate let slots: UnsafeBufferPointer<Slot>
        fileprivate let list: UnsafeBufferPointer<Phrase>
        /// The atoms of the phrases after their first two.
        let restAtoms: UnsafeBufferPointer<Int32>
        fileprivate let mask: Int

        /// The phrases whose first two atoms are `first`, `second`, in the order added.
        @inline(__always)
        func phrases(_ first: Int32, _ second: Int32) -> Slice<UnsafeBufferPointer<Phrase>> {
            let key = PairTable.key(first, second)
            var i = PairTable.slot(key, mask)
            while true {
                let slot = slots[i]
                if slot.key == key { return list[Int(slot.first)..<Int(slot.end)] }
                if slot.key == UInt64.max { return list[0..<0] }
                i = (i + 1) & mask
            }
        }
    }
}
