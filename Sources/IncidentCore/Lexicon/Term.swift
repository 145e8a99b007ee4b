/// One element of a term: a whole word, a word prefix (`damag*`) or a punctuation mark.
enum Atom: Hashable, Sendable {
    case word(String)
    case stem(String)
    case punct(UInt8)
}

/// A term as written in a rule (`"honorary consulate"`, `injur*`, `";"`), parsed into
/// atoms by the same tokenizer that reads documents, so both sides split alike.
struct Term: Hashable, Sendable {
    var atoms: [Atom]

    /// Parses `text`; returns nil when it has no word or mark in it.
    init?(_ text: String) {
        var bytes = Array(text.utf8)
        var tokenizer = Tokenizer()
        bytes.withUnsafeBufferPointer { tokenizer.run($0) }
        var atoms: [Atom] = []
        for token in tokenizer.tokens {
            let slice = bytes[Int(token.start)..<Int(token.end)]
            if token.kind == .punct {
                atoms.append(.punct(token.mark))
                continue
            }
            let word = Term.fold(String(decoding: slice, as: UTF8.self))
            let isStem = Int(token.end) < bytes.count && bytes[Int(token.end)] == UInt8(ascii: "*")
            atoms.append(isStem ? .stem(word) : .word(word))
        }
        // Marks the tokenizer treats as sentence structure (";" ":" ",") stand alone.
        if atoms.isEmpty, let mark = text.utf8.first, text.utf8.count == 1,
            ByteClass.table[Int(mark)] == ByteClass.clause || mark == UInt8(ascii: ".")
        {
            atoms = [.punct(mark)]
        }
        bytes.removeAll()
        guard !atoms.isEmpty else { return nil }
        self.atoms = atoms
    }

    /// Case folding for matching: ASCII fast path, full Unicode lowercasing otherwise;
    /// curly apostrophes read as straight ones.
    static func fold(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: word.utf8.map(ByteClass.lowered), as: UTF8.self)
        }
        return word.lowercased().replacingApostrophes()
    }
}

extension String {
    fileprivate func replacingApostrophes() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { Tokenizer.isApostrophe($0) ? "'" : $0 }))
    }
}
