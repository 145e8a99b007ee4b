/// Every term of every rule and cue set, compiled once into one matcher, so the cost of
/// reading a document does not grow with the number of rules or terms.
struct Lexicon: Sendable {
    /// A term compiled to atom ids, and the concept it belongs to.
    struct Phrase: Sendable {
        var atoms: [Int32]
        var concept: Int32
    }

    private var trie = ByteTrie()
    private var atomIDs: [Atom: Int32] = [:]
    private var foreignWords: [String: Int32] = [:]
    private var foreignStems: [(String, Int32)] = []
    private var punctAtoms = [Int32](repeating: -1, count: 256)
    private var phrases: [Phrase] = []
    private var byFirstAtom: [[Int32]] = []

    /// Adds `term` as a way of writing `concept`.
    mutating func add(_ term: Term, concept: Int32) {
        var atoms: [Int32] = []
        for atom in term.atoms { atoms.append(intern(atom)) }
        let index = Int32(phrases.count)
        phrases.append(Phrase(atoms: atoms, concept: concept))
        byFirstAtom[Int(atoms[0])].append(index)
    }

    private mutating func intern(_ atom: Atom) -> Int32 {
        if let id = atomIDs[atom] { return id }
        let id = Int32(atomIDs.count)
        atomIDs[atom] = id
        byFirstAtom.append([])
        switch atom {
        case .word(let w):
            if ByteTrie.accepts(w) { trie.insert(w, atom: id, isStem: false) } else { foreignWords[w] = id }
        case .stem(let s):
            if ByteTrie.accepts(s) { trie.insert(s, atom: id, isStem: true) } else { foreignStems.append((s, id)) }
        case .punct(let mark):
            punctAtoms[Int(mark)] = id
        }
        return id
    }

    /// Finds every concept hit in `tokens`, in token order.
    ///
    /// - Parameters:
    ///   - text: The document's UTF-8 bytes the tokens index into.
    ///   - tokens: The document's tokens.
    ///   - hits: Receives the hits (cleared first).
    ///   - scratch: Reusable per-token atom storage.
    func annotate(
        _ text: UnsafeBufferPointer<UInt8>, tokens: [Token], hits: inout [Hit], scratch: inout AtomScratch
    ) {
        hits.removeAll(keepingCapacity: true)
        scratch.reset(tokenCount: tokens.count)
        let hasForeign = !foreignWords.isEmpty || !foreignStems.isEmpty
        var found: [Int32] = []
        found.reserveCapacity(8)
        for t in tokens.indices {
            let token = tokens[t]
            found.removeAll(keepingCapacity: true)
            if token.kind == .punct {
                let id = punctAtoms[Int(token.mark)]
                if id >= 0 { found.append(id) }
            } else {
                trie.match(text, start: Int(token.start), end: Int(token.end), into: &found)
                if hasForeign { matchForeign(text, token, into: &found) }
            }
            if !found.isEmpty { scratch.set(t, found) }
        }
        for t in scratch.matchedTokens {
            for atom in scratch.atoms(of: Int(t)) {
                for p in byFirstAtom[Int(atom)] {
                    let phrase = phrases[Int(p)]
                    if let last = extend(phrase, from: Int(t), tokenCount: tokens.count, scratch: scratch) {
                        hits.append(Hit(concept: phrase.concept, first: t, last: Int32(last)))
                    }
                }
            }
        }
    }

    /// Returns the last token of `phrase` starting at `t`, or nil when the following
    /// tokens do not continue it.
    private func extend(_ phrase: Phrase, from t: Int, tokenCount: Int, scratch: AtomScratch) -> Int? {
        var k = t
        for atom in phrase.atoms.dropFirst() {
            k += 1
            guard k < tokenCount, scratch.atoms(of: k).contains(atom) else { return nil }
        }
        return k
    }

    private func matchForeign(_ text: UnsafeBufferPointer<UInt8>, _ token: Token, into found: inout [Int32]) {
        let slice = UnsafeBufferPointer(rebasing: text[Int(token.start)..<Int(token.end)])
        guard slice.contains(where: { $0 >= 0x80 }) else { return }
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

/// Per-token atom lists for one document, stored flat to avoid an allocation per token.
struct AtomScratch {
    private var index: [Int32] = []
    private var pool: [Int32] = []
    private(set) var matchedTokens: [Int32] = []

    mutating func reset(tokenCount: Int) {
        if index.count < tokenCount { index = [Int32](repeating: -1, count: tokenCount) }
        for t in matchedTokens where Int(t) < index.count { index[Int(t)] = -1 }
        pool.removeAll(keepingCapacity: true)
        matchedTokens.removeAll(keepingCapacity: true)
    }

    mutating func set(_ token: Int, _ atoms: [Int32]) {
        index[token] = Int32(pool.count)
        pool.append(Int32(atoms.count))
        pool.append(contentsOf: atoms)
        matchedTokens.append(Int32(token))
    }

    func atoms(of token: Int) -> ArraySlice<Int32> {
        let i = Int(index[token])
        guard i >= 0 else { return [] }
        return pool[(i + 1)..<(i + 1 + Int(pool[i]))]
    }
}
