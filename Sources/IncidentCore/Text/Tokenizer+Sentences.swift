extension Tokenizer {
    /// Handles `.`, `!` or `?` at `i`: decides whether the sentence ends here.
    mutating func terminal(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        let n = text.count
        var i = start
        while i < n, ByteClass.of(text[i]) == ByteClass.period || ByteClass.of(text[i]) == ByteClass.terminal { i += 1 }
        let isEllipsis = i - start > 1
        i = skipClosers(text, from: i)
        guard i == n || ByteClass.of(text[i]) == ByteClass.space || ByteClass.of(text[i]) == ByteClass.newline
            || Self.isSpaceScalar(text, at: i)
        else {
            return i
        }
        let next = nextNonSpace(text, from: i)
        if next < n, ByteClass.of(text[next]) == ByteClass.lower { return i }
        if text[start] == UInt8(ascii: "."), !isEllipsis, let last = lastToken, last.kind == .word,
            last.end == Int32(start)
        {
            let key = Self.key(text, last)
            // A unit after its figure ("about 400m.", "400 m.", "50ft.") is no initial or title.
            let isUnit = tokenBeforeLast?.kind == .number
            if !isUnit, Self.titles.contains(key) || last.end - last.start == 1 {
                return i  // "Mr. Aliyev", "J. Christopher Stevens"
            }
            if Self.sentenceFinalAbbreviations.contains(key), !startsSentence(text, at: next) {
                return i  // "Acme Ltd. said" vs "... Ltd. The"
            }
        }
        closeSentence()
        return i
    }

    /// After an acronym that kept its final dot (`U.S.`, `a.m.`): the sentence ends only
    /// if the next word plainly starts one.
    mutating func acronymEnd(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let j = skipClosers(text, from: i)
        let next = nextNonSpace(text, from: j)
        if next >= text.count || startsSentence(text, at: next) { closeSentence() }
        return j
    }

    /// Handles a line feed: a blank line always ends a sentence; a single one does unless
    /// the text is hard-wrapped, or this line plainly goes on in the next: it ends in a
    /// word that cannot end a clause (an article, a preposition, a conjunction) and the next
    /// starts with a lowercase letter ("set fire to the⏎  ground floor of the honorary
    /// consulate", in a brief whose other lines are headings and bullets; not "no damage⏎two
    /// guards killed").
    mutating func newline(_ text: UnsafeBufferPointer<UInt8>, at i: Int, lineBreaks: Bool) -> Int {
        var j = i + 1
        while j < text.count, ByteClass.of(text[j]) == ByteClass.space { j += 1 }
        if j < text.count && text[j] == 10 {
            closeSentence()
        } else if lineBreaks, !Self.wrapsOn(text, before: i, next: j) {
            closeSentence()
        }
        return i + 1
    }

    /// Whether the line ending at `i` ends in a word that cannot end a clause and the next
    /// line's first byte, at `next`, is a lowercase letter.
    private static func wrapsOn(_ text: UnsafeBufferPointer<UInt8>, before i: Int, next: Int) -> Bool {
        guard next < text.count, text[next] &- UInt8(ascii: "a") < 26 else { return false }
        var end = i
        while end > 0, text[end - 1] == 32 || text[end - 1] == 13 { end -= 1 }
        var start = end
        while start > 0, text[start - 1] &- UInt8(ascii: "a") < 26 { start -= 1 }
        guard end - start >= 1, end - start <= 5, start == 0 || text[start - 1] == 32 else { return false }
        return Self.openWords.contains(String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self))
    }

    /// Words that leave a clause open at the end of a line.
    private static let openWords: Set<String> = [
        "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto", "and", "or",
        "its", "their", "his", "her", "our", "that", "was", "were", "is", "are", "has", "have", "had", "been", "be",
        "near", "as", "than", "this", "these", "those",
    ]

    /// Handles a non-ASCII scalar outside a word: letters start words; curly quotes,
    /// dashes and special spaces act like their ASCII forms; the rest is skipped.
    mutating func nonASCII(_ text: UnsafeBufferPointer<UInt8>, at i: Int, lineBreaks: Bool) -> Int {
        let (scalar, length) = Self.decode(text, at: i)
        if Self.isWordScalar(scalar) { return scanWord(text, from: i) }
        switch scalar.value {
        case 0x201C, 0x201D, 0x201E, 0x00AB, 0x00BB:
            appendPunct(UInt8(ascii: "\""), start: i, end: i + length)
        case 0x2013, 0x2014, 0x2015, 0x2212:
            appendPunct(UInt8(ascii: "-"), start: i, end: i + length)
        case 0x2028, 0x2029, 0x0085:
            closeSentence()
        default:
            break
        }
        return i + length
    }

    // MARK: Helpers

    private func skipClosers(_ text: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        while i < text.count {
            let b = text[i]
            // Quotes, brackets and Markdown emphasis ("**2. The toll.** More than …").
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: ")") || b == UInt8(ascii: "'") || b == UInt8(ascii: "]")
                || b == UInt8(ascii: "*")
            {
                i += 1
                continue
            }
            if b >= 0x80 {
                let (scalar, length) = Self.decode(text, at: i)
                if scalar.value == 0x201D || scalar.value == 0x2019 || scalar.value == 0x00BB {
                    i += length
                    continue
                }
            }
            break
        }
        return i
    }

    private func nextNonSpace(_ text: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        while i < text.count {
            let cls = ByteClass.of(text[i])
            if cls == ByteClass.space || cls == ByteClass.newline {
                i += 1
            } else if Self.isSpaceScalar(text, at: i) {
                i += 2
            } else {
                break
            }
        }
        return i
    }

    /// Whether the word at `i` is capitalised and one that commonly opens a sentence.
    private func startsSentence(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i < text.count else { return true }
        if text[i] == UInt8(ascii: "\"") || Self.decode(text, at: i).0.value == 0x201C { return true }
        guard ByteClass.of(text[i]) == ByteClass.upper else { return false }
        var j = i
        while j < text.count, ByteClass.of(text[j]) == ByteClass.lower || ByteClass.of(text[j]) == ByteClass.upper { j += 1 }
        return Self.starters.contains(Self.key(text, start: i, end: j))
    }

    static func isSpaceScalar(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        // U+00A0 NO-BREAK SPACE is C2 A0.
        i + 1 < text.count && text[i] == 0xC2 && text[i + 1] == 0xA0
    }

    /// Whether most lines are short and end mid-sentence, as in text wrapped at ~72 columns.
    static func isHardWrapped(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var lines = 0
        var openEnded = 0
        var lineStart = 0
        var i = 0
        let n = text.count
        while i <= n {
            // Skip eight bytes at a time to the next line feed; a line already over 100
            // bytes settles it.
            if i &+ 8 <= n, let base = text.baseAddress {
                let ones: UInt64 = 0x0101_0101_0101_0101
                let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) ^ (ones &* 10)
                let feeds = (x &- ones) & ~x & (ones &* 0x80)  // the lowest flag is the first line feed
                if feeds == 0 {
                    i &+= 8
                    if i - lineStart > 100 { return false }
                    continue
                }
                i &+= feeds.trailingZeroBitCount / 8
            }
            if i == n || text[i] == 10 {
                let length = i - lineStart
                if length > 100 { return false }
                if length > 0 {
                    lines += 1
                    var k = i - 1
                    while k > lineStart, text[k] == 32 || text[k] == 13 { k -= 1 }
                    let last = text[k]
                    if !(last == UInt8(ascii: ".") || last == UInt8(ascii: "!") || last == UInt8(ascii: "?")
                        || last == UInt8(ascii: ":") || last == UInt8(ascii: "\"") || last >= 0x80)
                    {
                        openEnded += 1
                    }
                }
                lineStart = i + 1
            }
            i += 1
        }
        return lines >= 4 && openEnded * 2 > lines
    }

    /// Decodes the UTF-8 scalar at `i`; malformed input yields U+FFFD and length 1.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(text[i])
        let n = text.count
        func cont(_ k: Int) -> UInt32? {
            guard i + k < n, text[i + k] & 0xC0 == 0x80 else { return nil }
            return UInt32(text[i + k] & 0x3F)
        }
        var value: UInt32
        var length: Int
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        if b0 & 0xE0 == 0xC0, let c1 = cont(1) {
            value = (b0 & 0x1F) << 6 | c1
            length = 2
        } else if b0 & 0xF0 == 0xE0, let c1 = cont(1), let c2 = cont(2) {
            value = (b0 & 0x0F) << 12 | c1 << 6 | c2
            length = 3
        } else if b0 & 0xF8 == 0xF0, let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) {
            value = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            length = 4
        } else {
            return ("\u{FFFD}", 1)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        // The commonest non-ASCII scalars in news text, without the property tables:
        // Latin-1 and Latin Extended-A/B letters (all but × and ÷), and the General
        // Punctuation block (quotes, dashes, special spaces: no letter, digit or mark).
        switch scalar.value {
        case 0xC0...0x24F: return scalar.value != 0xD7 && scalar.value != 0xF7
        case 0x2000...0x206F: return false
        default: return isWordScalarByProperties(scalar)
        }
    }

    /// The Unicode property test, kept out of line: inlined, its resilient property types
    /// made every caller (the word scanner) fetch their metadata on each call.
    @inline(never)
    private static func isWordScalarByProperties(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark: return true
        default: return false
        }
    }

    static func isApostrophe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2019 || scalar.value == 0x2018 || scalar.value == 0x02BC
    }

    // MARK: Short-word keys

    /// Packs up to 8 ASCII bytes, lowercased, into an integer for cheap set look-ups.
    static func key(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> UInt64 {
        guard end - start <= 8 else { return 0 }
        var k: UInt64 = 0
        for i in start..<end { k = k << 8 | UInt64(ByteClass.lowered(text[i])) }
        return k
    }

    static func key(_ text: UnsafeBufferPointer<UInt8>, _ token: Token) -> UInt64 {
        key(text, start: Int(token.start), end: Int(token.end))
    }

    static func key(_ word: String) -> UInt64 {
        var k: UInt64 = 0
        for b in word.utf8.prefix(8) { k = k << 8 | UInt64(ByteClass.lowered(b)) }
        return k
    }

    /// Abbreviations that precede a name or number and so never end a sentence.
    static let titles = KeySet([
        "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "capt", "sgt", "rev", "prof", "gov", "sen",
        "rep", "brig", "maj", "adm", "cpl", "pte", "supt", "insp", "mt", "ft", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "approx",
        "est", "fig", "cmdr", "hon", "amb", "pres", "gens", "ave", "blvd", "rd", "pp", "vol", "cf",
    ])

    /// Abbreviations that may end a sentence or stand inside one.
    static let sentenceFinalAbbreviations = KeySet(["inc", "ltd", "co", "corp", "etc", "jr", "sr", "plc", "bros"])

    /// Capitalised words that commonly open a sentence, used after ambiguous abbreviations.
    static let starters = KeySet([
        "the", "a", "an", "it", "he", "she", "they", "we", "i", "this", "that", "these", "those",
        "there", "his", "her", "its", "their", "in", "on", "at", "but", "and", "police", "no", "one",
        "two", "three", "officials", "after", "when", "as", "some", "many", "all", "most",
    ])
}
