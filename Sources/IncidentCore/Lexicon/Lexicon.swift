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
    private var firstAtomStart: [Int32] = [0]
    /// The concepts of the one-atom phrases, by atom (see ``firstAtomStart``), and one
    /// more entry, so the scan may read the entry at any atom's start.
    private var firstAtomConcepts: [Int32] = [-1]
    private var phraseAtomStart: [Int32] = [0]
    private var phraseAtoms: [Int32] = []
    private var phraseConcept: [Int32] = []
    /// By atom: bit `b % 64` set for every atom `b` that follows it in the first two atoms
    /// of some phrase (0 when it starts none). Most pairs of neighbouring atoms start no
    /// phrase, and this settles it without a probe of the pair table.
    private var pairSeconds: [UInt64] = []

    /// The ``pairSeconds`` bit of a second atom.
    @inline(__always)
    private static func pairBit(_ atom: Int32) -> UInt64 {
        1 << UInt64(truncatingIfNeeded: atom & 63)
    }

    /// Rebuilds the flat tables; called after every `add` (rule sets are small).
    private mutating func freeze() {
        firstAtomStart = [0]
        firstAtomConcepts = []
        var byPair: [UInt64: [Int32]] = [:]
        for list in byFirstAtom {
            for p in list {
                let atoms = phrases[Int(p)].atoms
                if atoms.count == 1 {
                    firstAtomConcepts.append(phrases[Int(p)].concept)
                } else {
                    byPair[PairTable.key(atoms[0], atoms[1]), default: []].append(p)
                }
            }
            firstAtomStart.append(Int32(firstAtomConcepts.count))
        }
        firstAtomConcepts.append(-1)
        pairs = PairTable(byPair)
        pairSeconds = [UInt64](repeating: 0, count: byFirstAtom.count)
        for key in byPair.keys { pairSeconds[Int(key >> 32)] |= Self.pairBit(Int32(truncatingIfNeeded: key)) }
        phraseAtomStart = [0]
        phraseAtoms = []
        phraseConcept = []
        for phrase in phrases {
            phraseAtoms += phrase.atoms
            phraseAtomStart.append(Int32(phraseAtoms.count))
            phraseConcept.append(phrase.concept)
        }
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
    ///   - hits: Receives the hits (cleared first).
    func annotate(_ text: UnsafeBufferPointer<UInt8>, tokens: [Token], hits: inout [Hit]) {
        hits.removeAll(keepingCapacity: true)
        let tokenCount = tokens.count
        // Per-token atom lists, flat: the atoms of token `t` are pool[start[t]..<start[t + 1]].
        // Raw buffers, so the per-token loop has no uniqueness or bounds checks to make.
        let start = UnsafeMutablePointer<Int32>.allocate(capacity: tokenCount + 1)
        defer { start.deallocate() }
        let matchedTokens = UnsafeMutablePointer<Int32>.allocate(capacity: tokenCount + 1)
        defer { matchedTokens.deallocate() }
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
        // Pass 2: phrases, from the tokens that carry atoms, into raw memory. Unsafe views
        // keep the loop free of reference counting and slice creation.
        var found = ScratchBuffer<Hit>(capacity: matchedCount + 16)
        defer { found.deallocate() }
        let pool = UnsafePointer(atoms.base)
        firstAtomStart.withUnsafeBufferPointer { firstStart in
        firstAtomConcepts.withUnsafeBufferPointer { firstConcepts in
        phraseAtomStart.withUnsafeBufferPointer { atomStart in
        phraseAtoms.withUnsafeBufferPointer { atoms in
        phraseConcept.withUnsafeBufferPointer { phraseConcept in
        pairs.withList { pairList in
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
                for i in here {
                    let atom = Int(pool[i])
                    let p = Int(firstStart[atom])
                    let singles = Int(firstStart[atom + 1]) - p
                    if singles <= 1 {
                        // Whether an atom is a term of its own is a coin toss to the
                        // predictor: the hit is written either way, and counted if so.
                        found.append(Hit(concept: firstConcepts[p], first: Int32(t), last: Int32(t)), if: singles == 1)
                    } else {
                        for q in p..<p + singles { found.append(Hit(concept: firstConcepts[q], first: Int32(t), last: Int32(t))) }
                    }
                }
                guard t + 1 < tokenCount else { continue }
                let next = Int(start[t + 1])..<Int(start[t + 2])
                if next.isEmpty { continue }
                for i in here {
                    let first = pool[i]
                    let seconds = pairSeconds[Int(first)]
                    if seconds == 0 { continue }
                    for j in next where seconds & Self.pairBit(pool[j]) != 0 {
                        let candidates = pairs.phrases(first, pool[j])
                        for c in candidates {
                            let phrase = Int(pairList[c])
                            var k = t + 1
                            var a = Int(atomStart[phrase]) + 2
                            let aEnd = Int(atomStart[phrase + 1])
                            var matched = true
                            while a < aEnd {
                                k += 1
                                if k >= tokenCount || !has(atoms[a], at: k) {
                                    matched = false
                                    break
                                }
                                a += 1
                            }
                            if matched { found.append(Hit(concept: phraseConcept[phrase], first: Int32(t), last: Int32(k))) }
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        }
        hits.append(contentsOf: found.elements)
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
        } else if n <= 16 {
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
struct ScratchBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
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
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// The elements, valid until the next append or ``deallocate()``.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    func deallocate() { base.deallocate() }
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
struct PairTable: Sendable {
    private var keys: [UInt64] = [UInt64.max]
    private var ranges: [Int32] = [0, 0]
    private var list: [Int32] = []
    private var mask = 0

    init() {}

    init(_ byPair: [UInt64: [Int32]]) {
        var capacity = 1
        while capacity < byPair.count * 4 { capacity *= 2 }
        keys = [UInt64](repeating: UInt64.max, count: capacity)
        ranges = [Int32](repeating: 0, count: capacity * 2)
        mask = capacity - 1
        for (key, phrases) in byPair.sorted(by: { $0.key < $1.key }) {
            var i = Self.slot(key, mask)
            while keys[i] != UInt64.max { i = (i + 1) & mask }
            keys[i] = key
            ranges[2 * i] = Int32(list.count)
            list += phrases
            ranges[2 * i + 1] = Int32(list.count)
        }
    }

    static func key(_ first: Int32, _ second: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The positions in the phrase list (see ``withList(_:)``) of the phrases whose first
    /// two atoms are `first`, `second`.
    @inline(__always)
    func phrases(_ first: Int32, _ second: Int32) -> Range<Int> {
        let key = Self.key(first, second)
        var i = Self.slot(key, mask)
        while true {
            let k = keys[i]
            if k == key { return Int(ranges[2 * i])..<Int(ranges[2 * i + 1]) }
            if k == UInt64.max { return 0..<0 }
            i = (i + 1) & mask
        }
    }

    /// Calls `body` with the phrase list that ``phrases(_:_:)`` ranges index.
    @inline(__always)
    func withList<R>(_ body: (UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        try list.withUnsafeBufferPointer(body)
    }
}
