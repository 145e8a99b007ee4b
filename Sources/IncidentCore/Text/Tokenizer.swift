/// Splits UTF-8 text into tokens and sentences in one pass over the bytes.
///
/// Words keep internal apostrophes, hyphens and acronym dots (`al-Sadr`, `U.S.`);
/// possessive `'s` and `n't` become tokens of their own so rules can name them; digits
/// keep thousands separators and decimals (`4,000`, `3.5`). Curly quotes, dashes and
/// no-break spaces are read as their ASCII counterparts. Sentences end at `.` `!` `?`
/// (not after abbreviations such as `Mr.`, `a.m.`, `U.S.` mid-sentence), at blank lines,
/// and at single line breaks unless the text is hard-wrapped.
struct Tokenizer {
    private(set) var tokens: [Token] = []
    private(set) var sentences: [Sentence] = []
    /// The tokens while ``run(_:)`` scans: raw memory, whose append checks the capacity
    /// and nothing else (an array's append also checked, with a call, that its storage
    /// was not shared: a fifth of the scan). It is the storage of ``tokens`` (see
    /// ``ScratchBuffer/collect(capacity:_:)``), so the tokens are not copied at the end.
    private var scanned: ScratchBuffer<Token>?

    private var sentenceStart: Int32 = 0
    private var wordCount: Int32 = 0
    /// Whether a "|" was scanned (a markdown table may follow; see `CountReader`).
    private(set) var sawBar = false

    /// Tokenizes `text`, replacing the previous result.
    mutating func run(_ text: UnsafeBufferPointer<UInt8>) {
        sentences.removeAll(keepingCapacity: true)
        sentences.reserveCapacity(text.count / 100 + 4)
        // News text averages about six bytes per token: reserve once instead of growing.
        tokens = ScratchBuffer.collect(capacity: text.count / 5 + 16) { scanned in
            self.scanned = scanned
            scan(text)
            scanned = self.scanned!
            self.scanned = nil
        }
    }

    /// The scan of ``run(_:)``, into ``scanned``.
    private mutating func scan(_ text: UnsafeBufferPointer<UInt8>) {
        sentenceStart = 0
        wordCount = 0
        sawBar = false
        let lineBreaks = !Self.isHardWrapped(text)
        let n = text.count
        var i = 0
        while i < n {
            let b = text[i]
            // Spaces and word starts, most of any text, before the class dispatch.
            if b == 32 {
                i += 1
                continue
            }
            // Letters and digits (the classes lower, upper and digit): the one call of
            // the word scanner that the loop inlines.
            if (b | 0x20) &- UInt8(ascii: "a") < 26 || b &- UInt8(ascii: "0") < 10 {
                i = scanWord(text, from: i)
                continue
            }
            let cls = ByteClass.of(b)
            switch cls {
            case ByteClass.space:
                i += 1
            case ByteClass.newline:
                i = newline(text, at: i, lineBreaks: lineBreaks)
            case ByteClass.period, ByteClass.terminal:
                i = terminal(text, at: i)
            case ByteClass.clause:
                appendPunct(b == UInt8(ascii: "\"") ? UInt8(ascii: "\"") : b, start: i, end: i + 1)
                i += 1
            case ByteClass.hyphen:
                // A free-standing hyphen (" - ") separates clauses like a dash.
                if i + 1 < n, ByteClass.of(text[i + 1]) == ByteClass.hyphen || ByteClass.of(text[i + 1]) == ByteClass.space {
                    appendPunct(UInt8(ascii: "-"), start: i, end: i + 1)
                }
                i += 1
            case ByteClass.nonASCII:
                i = nonASCII(text, at: i, lineBreaks: lineBreaks)
            default:
                // A table's cell border: a mark of its own, so cues and counts stop at it.
                if b == UInt8(ascii: "|") {
                    sawBar = true
                    appendPunct(b, start: i, end: i + 1)
                }
                i += 1
            }
        }
        closeSentence()
    }

    // MARK: Words

    /// Scans a word or number starting at `from` and returns the index after it.
    /// Inlined: called once per word, the call and its saved registers took a tenth of
    /// the tokenizer's time.
    @inline(__always)
    mutating func scanWord(_ text: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        let n = text.count
        var i = from
        var allDigits = true
        var hasDot = false
        var value: Int64 = 0
        var plainNumber = true  // digits with optional thousands separators only
        var commaGroups = false  // "1,200"
        var dotGroups = false  // "1.200"
        // Whether a space ends the word: then the caller may resume after it.
        var endsAtSpace = false
        while i < n {
            // Runs of ASCII letters, eight bytes at a time (no branch per letter).
            if i &+ 8 <= n {
                let (letters, next) = Self.leadingLetters(text, at: i)
                if letters > 0 {
                    allDigits = false
                    i &+= letters
                    if letters == 8 { continue }
                    // The byte after the run, no letter, is already loaded: a space ends
                    // the word without another look at the text.
                    if next == UInt8(ascii: " ") {
                        endsAtSpace = true
                        break
                    }
                }
            }
            let b = text[i]
            // ASCII letters, the common case, without the table look-up.
            if (b | 0x20) &- UInt8(ascii: "a") < 26 {
                allDigits = false
                i += 1
                continue
            }
            // A space, what ends most words, continues no token.
            if b == UInt8(ascii: " ") {
                endsAtSpace = true
                break
            }
            let cls = ByteClass.of(b)
            if cls == ByteClass.digit {
                if allDigits, value < 1_000_000_000_000 { value = value &* 10 &+ Int64(b &- 48) }
                i += 1
                continue
            }
            if cls == ByteClass.lower || cls == ByteClass.upper {
                allDigits = false
                i += 1
                continue
            }
            if cls == ByteClass.nonASCII {
                let (scalar, length) = Self.decode(text, at: i)
                // Curly quotes are punctuation, never word scalars: skip the Unicode
                // property look-up for the commonest non-ASCII marks in news text.
                if scalar.value == 0x2019 || scalar.value == 0x2018 {
                    if let next = splitApostrophe(text, at: i, length: length, wordStart: from) { return next }
                    break
                }
                if Self.isWordScalar(scalar) {
                    allDigits = false
                    i += length
                    continue
                }
                if Self.isApostrophe(scalar), let next = splitApostrophe(text, at: i, length: length, wordStart: from) {
                    return next
                }
                break
            }
            // Internal punctuation that stays inside the token.
            guard i + 1 < n else { break }
            let next = ByteClass.of(text[i + 1])
            if cls == ByteClass.apostrophe {
                if let resume = splitApostrophe(text, at: i, length: 1, wordStart: from) { return resume }
                break
            }
            if cls == ByteClass.hyphen, next == ByteClass.lower || next == ByteClass.upper || next == ByteClass.digit {
                allDigits = false
                i += 1
                continue
            }
            if b == UInt8(ascii: ","), allDigits, !dotGroups, next == ByteClass.digit, Self.isThousandsGroup(text, at: i + 1) {
                commaGroups = true
                i += 1
                continue
            }
            // "1.200 persons", "3.500.000": thousands grouped with dots, as translated copy
            // writes them (a decimal has other than three digits after its point, or follows
            // more than three).
            if b == UInt8(ascii: "."), allDigits, plainNumber, !commaGroups, next == ByteClass.digit,
                dotGroups || i - from <= 3 && text[from] != UInt8(ascii: "0"), Self.isThousandsGroup(text, at: i + 1)
            {
                dotGroups = true
                i += 1
                continue
            }
            if cls == ByteClass.period || b == UInt8(ascii: ":") {
                if allDigits, next == ByteClass.digit {
                    plainNumber = false  // 3.5, 10:50
                    i += 1
                    continue
                }
                // "magnitude-7.1": a decimal inside a hyphenated word stays in it (not a
                // sentence end before "1 earthquake").
                if cls == ByteClass.period, next == ByteClass.digit, i > from, ByteClass.of(text[i - 1]) == ByteClass.digit {
                    i += 1
                    continue
                }
                if cls == ByteClass.period, next == ByteClass.lower || next == ByteClass.upper, i - from <= 2 {
                    // Acronym such as U.S. or a.m.: keep the dots.
                    hasDot = true
                    i += 1
                    continue
                }
            }
            break
        }
        // An acronym keeps its final dot ("U.S."); the sentence logic looks at it.
        if hasDot, i < n, text[i] == UInt8(ascii: ".") { i += 1 }
        let upper: UInt8 = text[from] &- UInt8(ascii: "A") < 26 ? 1 : 0
        if allDigits {
            append(Token(start: Int32(from), end: Int32(i), word: wordCount, kind: .number, mark: 0, value: plainNumber ? value : -1))
        } else if text[from] &- UInt8(ascii: "0") < 10, let unit = Self.unitStart(text, from: from, end: i) {
            // "400m from the embassy", "1km away": a distance, read as "400 m" (not "$20m").
            append(Token(start: Int32(from), end: Int32(unit), word: wordCount, kind: .number, mark: 0, value: value))
            wordCount += 1
            append(Token(start: Int32(unit), end: Int32(i), word: wordCount, kind: .word, mark: 0, value: -1))
        } else {
            append(Token(start: Int32(from), end: Int32(i), word: wordCount, kind: .word, mark: upper, value: -1))
        }
        wordCount += 1
        if hasDot { return acronymEnd(text, at: i) }
        // The space after a word is skipped here, as the main loop would skip it: most
        // words end at one, and the main loop's test of each byte's class mispredicts
        // on about every other word.
        return endsAtSpace ? i &+ 1 : i
    }

    /// Where the unit starts in a figure written together with its unit of length ("400m",
    /// "1km", "50ft", "200yds"), or nil for anything else ("2x", "9am", "G7", "3.5km").
    static func unitStart(_ text: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int? {
        // After a currency sign the "m" is millions: "$20m", "£5m", "¥5m", "€3m", "₹2m".
        if from > 0, text[from - 1] == UInt8(ascii: "$") { return nil }
        if from > 1, text[from - 2] == 0xC2, text[from - 1] == 0xA3 || text[from - 1] == 0xA5 { return nil }
        if from > 2, text[from - 3] == 0xE2, text[from - 2] == 0x82 { return nil }  // U+20A0…U+20BF
        var j = from
        while j < end, text[j] &- UInt8(ascii: "0") < 10 { j += 1 }
        guard j > from, j - from <= 12, end - j <= 3 else { return nil }
        var unit: UInt32 = 0
        for k in j..<end {
            let b = text[k] | 0x20
            guard b &- UInt8(ascii: "a") < 26 else { return nil }
            unit = unit << 8 | UInt32(b)
        }
        // m, km, mi, ft, yd, yds (lowercased, packed one byte each).
        switch unit {
        case 0x6D, 0x6B6D, 0x6D69, 0x6674, 0x7964, 0x796473: return j
        default: return nil
        }
    }

    /// Splits `'s` and `n't` off a word; returns where to resume, or nil to end the word
    /// before the apostrophe (an apostrophe followed by more letters stays inside: O'Brien).
    private mutating func splitApostrophe(_ text: UnsafeBufferPointer<UInt8>, at i: Int, length: Int, wordStart: Int) -> Int? {
        let n = text.count
        let after = i + length
        func isLetter(_ j: Int) -> Bool {
            j < n && (ByteClass.of(text[j]) == ByteClass.lower || ByteClass.of(text[j]) == ByteClass.upper)
        }
        // "n't": the word ends before the n.
        if after < n, ByteClass.lowered(text[after]) == UInt8(ascii: "t"), !isLetter(after + 1), i - 1 > wordStart,
            ByteClass.lowered(text[i - 1]) == UInt8(ascii: "n")
        {
            emitWord(text, from: wordStart, to: i - 1)
            append(Token(start: Int32(i - 1), end: Int32(after + 1), word: wordCount, kind: .word, mark: 0, value: -1))
            wordCount += 1
            return after + 1
        }
        // Possessive or contraction clitic: 's, 're, 've, 'll, 'd, 'm.
        if isLetter(after) {
            var j = after
            while isLetter(j) { j += 1 }
            if j - after <= 2 {
                emitWord(text, from: wordStart, to: i)
                append(Token(start: Int32(i), end: Int32(j), word: wordCount, kind: .word, mark: 0, value: -1))
                wordCount += 1
                return j
            }
            return nil
        }
        // Plural possessive (embassies'): the apostrophe ends the word.
        emitWord(text, from: wordStart, to: i)
        return after
    }

    private mutating func emitWord(_ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int) {
        let upper = ByteClass.of(text[from]) == ByteClass.upper ? UInt8(1) : 0
        append(Token(start: Int32(from), end: Int32(to), word: wordCount, kind: .word, mark: upper, value: -1))
        wordCount += 1
    }

    /// How many of the 8 bytes at `i` (which must exist) are ASCII letters before the
    /// first that is not one, and that byte (meaningless when all 8 are letters).
    @inline(__always)
    static func leadingLetters(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (count: Int, next: UInt8) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let word = UInt64(littleEndian: UnsafeRawPointer(text.baseAddress! + i).loadUnaligned(as: UInt64.self))
        // Per lane, with the high bit cleared so no lane carries: (b | 0x20) in a...z.
        let folded = (word | ones &* 0x20) & (ones &* 0x7F)
        let atLeastA = folded &+ ones &* (0x80 - 0x61)
        let aboveZ = folded &+ ones &* (0x80 - 0x7B)
        let letters = atLeastA & ~aboveZ & ~word & (ones &* 0x80)
        let others = ~letters & (ones &* 0x80)
        let count = others.trailingZeroBitCount / 8
        return (count, UInt8(truncatingIfNeeded: word >> UInt64(truncatingIfNeeded: (count & 7) &* 8)))
    }

    private static func isThousandsGroup(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 2 < text.count else { return false }
        guard ByteClass.of(text[i]) == ByteClass.digit, ByteClass.of(text[i + 1]) == ByteClass.digit, ByteClass.of(text[i + 2]) == ByteClass.digit else { return false }
        return i + 3 == text.count || ByteClass.of(text[i + 3]) != ByteClass.digit
    }

    // MARK: Tokens and sentences

    @inline(__always)
    private mutating func append(_ token: Token) {
        scanned!.append(token)
    }

    /// The last token scanned so far (during ``run(_:)``).
    var lastToken: Token? { scanned!.elements.last }

    /// The token scanned before ``lastToken``.
    var tokenBeforeLast: Token? {
        let elements = scanned!.elements
        return elements.count >= 2 ? elements[elements.count - 2] : nil
    }

    mutating func appendPunct(_ mark: UInt8, start: Int, end: Int) {
        append(Token(start: Int32(start), end: Int32(end), word: wordCount, kind: .punct, mark: mark, value: -1))
    }

    mutating func closeSentence() {
        let end = Int32(scanned!.count)
        if end > sentenceStart {
            sentences.append(Sentence(first: sentenceStart, end: end))
        }
        sentenceStart = end
    }
}
