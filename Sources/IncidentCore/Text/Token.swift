/// One token of a document: a word, a number or a punctuation mark that matters to the
/// rules (clause and sentence structure).
struct Token: Sendable {
    enum Kind: UInt8, Sendable {
        case word
        case number
        case punct
    }

    /// UTF-8 byte offset of the token's first byte in the text.
    var start: Int32
    /// UTF-8 byte offset one past the token's last byte.
    var end: Int32
    /// Index among word and number tokens; windows ("within N words") compare these.
    var word: Int32
    var kind: Kind
    /// For `.punct`: the normalised mark (`,` `;` `:` `(` `)` `"` `-`, and `|`, a table's cell border); for words, 1 when
    /// the token starts with an uppercase letter.
    var mark: UInt8
    /// For `.number`: the integer value, or -1 when it is not a plain count (a decimal,
    /// a time of day).
    var value: Int64

    var isCapitalized: Bool { kind == .word && mark == 1 }

    /// Whether the token is the punctuation mark `mark` (one of those listed at ``mark``).
    @inline(__always)
    func isMark(_ mark: Unicode.Scalar) -> Bool { kind == .punct && self.mark == UInt8(ascii: mark) }

    /// Whether the token ends a clause for counts and asides: ";", ":" or a table's "|".
    var endsClause: Bool { isMark(";") || isMark(":") || isMark("|") }
}

/// A sentence: a run of tokens and the bytes they span.
struct Sentence: Sendable {
    /// Index of the first token.
    var first: Int32
    /// Index one past the last token.
    var end: Int32
}
