/// One document read by a rule set's lexicon: tokens, sentences and concept hits, with the
/// queries the rules ask of them. Built once per document and shared by every rule.
///
/// A class: every rule run, count reader and number reader holds it, and passing one
/// reference costs one retain where a struct of six buffers cost six.
final class Analysis {
    let text: UnsafeBufferPointer<UInt8>
    let tokens: [Token]
    let sentences: [Sentence]
    let hits: [Hit]
    /// For each sentence, the range of `hits` whose first token lies in it.
    let hitRanges: [Range<Int>]
    /// For each sentence, the ``conceptBit(_:)`` of every concept it has a hit of: most
    /// patterns and cue checks are settled by one test against it.
    let conceptMasks: [ConceptMask]
    let pseudo: Int32
    let terminators: Int32
    let clauseBreaks: Int32
    let countConcepts: Set<Int32>
    /// Whether the text has a "|" (so may hold a markdown table).
    let hasBars: Bool

    /// Borrows `rules`: a copy would retain each of the lexicon's tables, per document.
    init(text: UnsafeBufferPointer<UInt8>, rules: borrowing RuleSet) {
        var tokenizer = Tokenizer()
        tokenizer.run(text)
        let hits = rules.lexicon.annotate(text, tokens: tokenizer.tokens)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(tokenizer.sentences.count)
        var masks: [ConceptMask] = []
        masks.reserveCapacity(tokenizer.sentences.count)
        var h = 0
        for sentence in tokenizer.sentences {
            let start = h
            var mask = ConceptMask()
            while h < hits.count, hits[h].first < sentence.end {
                mask |= Self.conceptBit(hits[h].concept)
                h += 1
            }
            ranges.append(start..<h)
            masks.append(mask)
        }
        self.text = text
        self.tokens = tokenizer.tokens
        self.sentences = tokenizer.sentences
        self.hits = hits
        self.hitRanges = ranges
        self.conceptMasks = masks
        self.pseudo = rules.pseudo
        self.terminators = rules.terminators
        self.clauseBreaks = rules.clauseBreaks
        self.countConcepts = rules.countConcepts
        self.hasBars = tokenizer.sawBar
    }

    /// The bit that stands for `concept` in a concept mask: its own for concepts 0...254,
    /// ``sharedConceptBit`` for all others (a mask test is then only a maybe). 256 bits:
    /// the built-in rules have about 190 concepts (every cue set's `before` and `after`
    /// lists are concepts too), and a concept on the shared bit turns every sentence that
    /// holds one into a scan.
    @inline(__always)
    static func conceptBit(_ concept: Int32) -> ConceptMask {
        let bit = min(max(concept, 0), 255)
        return bit < 128 ? ConceptMask(low: 1 << UInt128(bit), high: 0) : ConceptMask(low: 0, high: 1 << UInt128(bit - 128))
    }

    /// The bit that concepts 255 and up share.
    static let sharedConceptBit = ConceptMask(low: 0, high: 1 << 127)

    // MARK: Distances and scope

    /// Words between two hits (0 when adjacent or overlapping).
    func distance(_ a: Hit, _ b: Hit) -> Int {
        if a.last < b.first { return Int(tokens[Int(b.first)].word - tokens[Int(a.last)].word) }
        if b.last < a.first { return Int(tokens[Int(a.first)].word - tokens[Int(b.last)].word) }
        return 0
    }

    /// Whether `hit` stands alone in quotation marks, double or single, straight or curly,
    /// as a word used at a distance does: a community "wounded", mannequins for the
    /// "dead", 'wounded' actors. A straight single quote counts only where it cannot be an
    /// apostrophe: after a space or the start of the text, and before no letter.
    func standsInQuotes(_ hit: Hit) -> Bool {
        let start = Int(tokens[Int(hit.first)].start), end = Int(tokens[Int(hit.last)].end)
        func byte(_ i: Int) -> UInt8? { i >= 0 && i < text.count ? text[i] : nil }
        func curly(_ i: Int, _ last: UInt8) -> Bool { byte(i) == 0xE2 && byte(i + 1) == 0x80 && byte(i + 2) == last }
        if byte(start - 1) == UInt8(ascii: "\"") || curly(start - 3, 0x9C) {
            return byte(end) == UInt8(ascii: "\"") || curly(end, 0x9D)
        }
        // Guillemets, as French and Russian copy quotes (and its translations keep):
        // "transported the «wounded», who were volunteers".
        if byte(start - 2) == 0xC2, byte(start - 1) == 0xAB {
            return byte(end) == 0xC2 && byte(end + 1) == 0xBB
        }
        // Single quotes also report a claim in headlines ("Four 'killed' in embassy
        // attack"): they set a word apart only when it describes what follows ("'wounded'
        // actors").
        let singles: Bool
        if curly(start - 3, 0x98) {
            singles = curly(end, 0x99)
        } else if byte(start - 1) == UInt8(ascii: "'"), start == 1 || ByteClass.of(text[start - 2]) == ByteClass.space
            || ByteClass.of(text[start - 2]) == ByteClass.newline, byte(end) == UInt8(ascii: "'")
        {
            singles = byte(end + 1).map { ByteClass.of($0) != ByteClass.lower && ByteClass.of($0) != ByteClass.upper } ?? true
        } else {
            singles = false
        }
        guard singles else { return false }
        let next = Int(hit.last) + 1
        return next < tokens.count && tokens[next].kind == .word && tokens[next].start > Int32(end)
            && !Self.notDescribed.contains(token: next, in: self)
    }

    /// Whether `hit` stands in a heading: a line of its own of at most ``headingWords``
    /// words with no full stop, "!" or "?", whose words are all terms of `concept` (hits of
    /// it in sentence `s`) or "and", "or", after at most a section number ("Injuries", "3.
    /// Bodily injury / liability", "Casualties:" in a loss adjuster's or a situation report;
    /// not "2 fatalities"). Lines are looked at whatever the sentences are: a form of short
    /// lines reads as hard-wrapped. Linear: one cursor over the sentence's hits per call.
    func standsInHeading(_ hit: Hit, sentence s: Int, concept: Int32) -> Bool {
        let n = text.count
        func endsLine(_ b: UInt8) -> Bool { b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") }
        // A run-in heading: the term is the whole sentence, first on its line ("Injuries.
        // Nobody was injured.", "**Casualties.** None reported").
        if sentences[s].first == hit.first, sentences[s].end == hit.last + 1,
            hitRanges[s].contains(where: { hits[$0].concept == concept && hits[$0].first == hit.first && hits[$0].last == hit.last })
        {
            var i = Int(tokens[Int(hit.first)].start) - 1
            while i >= 0, text[i] == UInt8(ascii: " ") || text[i] == UInt8(ascii: "*") || text[i] == UInt8(ascii: "_") || text[i] == UInt8(ascii: "#") {
                i -= 1
            }
            if i < 0 || endsLine(text[i]) { return true }
        }
        var lineStart = Int(tokens[Int(hit.first)].start)
        while lineStart > 0, !endsLine(text[lineStart - 1]) {
            lineStart -= 1
            if Int(tokens[Int(hit.first)].start) - lineStart > Self.headingBytes { return false }
        }
        var lineEnd = Int(tokens[Int(hit.last)].end)
        while lineEnd < n, !endsLine(text[lineEnd]) {
            lineEnd += 1
            if lineEnd - Int(tokens[Int(hit.last)].end) > Self.headingBytes { return false }
        }
        var first = Int(hit.first)
        while first > 0, Int(tokens[first - 1].start) >= lineStart { first -= 1 }
        var end = Int(hit.last) + 1
        while end < tokens.count, Int(tokens[end].end) <= lineEnd { end += 1 }
        guard tokens[end - 1].word - tokens[first].word < Self.headingWords else { return false }
        // No sentence mark on the line after a section number ("Injuries. None", "**Casualties.**").
        var from = Int(tokens[first].start)
        if tokens[first].kind == .number { from = min(Int(tokens[first].end) + 1, lineEnd) }
        for i in from..<lineEnd where text[i] == UInt8(ascii: ".") || text[i] == UInt8(ascii: "!") || text[i] == UInt8(ascii: "?") {
            return false
        }
        // Hits in token order: one cursor from the line's first token, not a scan from
        // the sentence's first hit per word (quadratic in a hard-wrapped page of lines).
        // A word outside the sentence has no hit in `range`, so the line is no heading.
        let range = hitRanges[s]
        var h = firstHit(in: range, atOrAfterToken: Int32(first))
        var t = first
        while t < end {
            let token = tokens[t]
            if token.kind == .number {
                // A section number ("3.", "3)", "3.1"), not a figure ("2 fatalities").
                let after = Int(token.end) < n ? text[Int(token.end)] : 0
                guard t == first, after == UInt8(ascii: ".") || after == UInt8(ascii: ")") || token.value < 0 else { return false }
            } else if token.kind == .word {
                if isWord(t, "and") || isWord(t, "or") {
                    t += 1
                    continue
                }
                while h < range.upperBound, Int(hits[h].first) <= t, !(hits[h].concept == concept && Int(hits[h].last) >= t) { h += 1 }
                guard h < range.upperBound, Int(hits[h].first) <= t else { return false }
                t = Int(hits[h].last) + 1
                continue
            }
            t += 1
        }
        return true
    }

    /// Whether `hit` stands in a markdown table's header row whose column holds no figure
    /// but zeros below ("| Killed | Injured |" over rows of "| 0 | 0 |"): a label of a
    /// tracker's export, not a report of anyone hurt. A column with a figure is read by
    /// the count reader, and its header is the alert's evidence.
    func headsEmptyColumn(_ hit: Hit) -> Bool {
        guard hasBars else { return false }
        let start = Int(tokens[Int(hit.first)].start)
        // A header: cells and no digit ("Killed: 3 | Injured: 5" is a line of figures), over a
        // separator ("|---|:--:|"; not a title's "---" underline). Lines are looked at only
        // up to a few hundred bytes, so a crafted table of thousands of columns stays linear.
        guard let header = MarkdownTable.line(around: start, in: text, limit: Self.tableLineBytes),
            !MarkdownTable.hasDigit(text, header), let column = MarkdownTable.cells(text, header)?.firstIndex(where: { $0.contains(start) }),
            header.upperBound < text.count,
            let separator = MarkdownTable.line(around: header.upperBound + 1, in: text, limit: Self.tableLineBytes),
            let separatorCells = MarkdownTable.cells(text, separator), MarkdownTable.isSeparator(text, separatorCells)
        else { return false }
        // The rows below, while they have a "|": anything in the column but a zero or a mark
        // of nothing ("0", "-", "none", "n/a") is a figure ("4", "several"); past the rows
        // looked at, assume a figure.
        var next = separator.upperBound + 1
        for rows in 0..<Self.tableRows {
            guard next < text.count else { return rows > 0 }
            guard let row = MarkdownTable.line(around: next, in: text, limit: Self.tableLineBytes) else { return false }
            guard row.contains(where: { text[$0] == UInt8(ascii: "|") }) else { return rows > 0 }
            let content: [UInt8] = (MarkdownTable.cell(column, of: row, in: text) ?? 0..<0).compactMap { i in
                let b = text[i]
                return b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") ? nil : b | (b &- UInt8(ascii: "A") < 26 ? 0x20 : 0)
            }
            if !Self.emptyCells.contains(content) { return false }
            next = row.upperBound + 1
        }
        return false
    }

    /// What a table cell holds when it states no figure (spaces removed, lowercased; the
    /// dashes as UTF-8).
    static let emptyCells: Set<[UInt8]> = Set(
        ["", "0", "-", "--", "\u{2013}", "\u{2014}", "none", "nil", "n/a", "na", "zero", "no", "nothing"].map { Array($0.utf8) })

    /// The longest table line and the most rows ``headsEmptyColumn(_:)`` looks at.
    static let tableLineBytes = 600
    static let tableRows = 200

    /// The farthest a heading's line reaches from its term, in bytes.
    static let headingBytes = 80
    /// The most words a heading has.
    static let headingWords: Int32 = 5

    /// Words after a single-quoted term that make it a reported claim, not a description.
    static let notDescribed: WordSet = [
        "in", "at", "after", "as", "on", "by", "during", "near", "and", "or", "when", "while", "following", "from",
        "to", "inside", "outside", "amid", "over", "under",
    ]

    /// Whether a token strictly between tokens `a` and `b` passes `test` (the gaps looked
    /// at are a cue's or a pattern's few words, so the walk is short).
    @inline(__always)
    private func anyToken(between a: Int32, _ b: Int32, _ test: (Int) -> Bool) -> Bool {
        var t = Int(a) + 1
        while t < Int(b) {
            if test(t) { return true }
            t += 1
        }
        return false
    }

    /// Whether a comma or a dash stands strictly between tokens `a` and `b`.
    func commaOrDashBetween(_ a: Int32, _ b: Int32) -> Bool {
        anyToken(between: a, b) { tokens[$0].isMark(",") || tokens[$0].isMark("-") }
    }

    /// Whether a scope terminator stands strictly between tokens `a` and `b`.
    func terminatorBetween(_ a: Int32, _ b: Int32, in range: Range<Int>) -> Bool {
        var i = firstHit(in: range, atOrAfterToken: a + 1)
        while i < range.upperBound, hits[i].first < b {
            let h = hits[i]
            if h.concept == terminators, h.last < b { return true }
            i += 1
        }
        return false
    }

    /// Whether a clause break stands between `partner` and a later `event`, not right
    /// after the partner: "the embassy condemned the strike, which hit a school" (the
    /// strike hit the school), but not "the embassy, which was hit" (the embassy was), nor
    /// "the embassy building in the Gargaresh district, which was looted".
    func clauseBreakBetween(_ partner: Hit, _ event: Hit, in range: Range<Int>) -> Bool {
        guard partner.last < event.first else { return false }
        let attached = placePhraseEnd(after: partner.last, before: event.first)
        var i = firstHit(in: range, atOrAfterToken: partner.last + 1)
        while i < range.upperBound, hits[i].first < event.first {
            let h = hits[i]
            if h.concept == clauseBreaks, h.last < event.first,
                tokens[Int(h.first)].word - tokens[Int(attached)].word >= 2
            {
                return true
            }
            i += 1
        }
        return false
    }

    /// Words that may follow "in"/"at"/"on" in a short place phrase after a term, besides
    /// capitalised names: "in the Gargaresh district", "in the capital", and the particles
    /// of foreign street names ("on Avenue des Acacias", "on Calle del Puerto").
    static let placeWords: WordSet = [
        "the", "district", "city", "capital", "area", "quarter", "neighbourhood", "neighborhood", "street",
        "avenue", "road", "of", "suburb", "town", "port", "boulevard", "square", "lane", "des", "de", "du",
        "del", "della", "di", "da", "do", "dos", "das", "la", "le", "el", "al", "van", "von", "der",
    ]
    /// Head nouns a mission's name may carry before its place phrase ("the embassy
    /// building in …").
    static let buildingWords: WordSet = [
        "building", "buildings", "compound", "premises", "complex", "office", "offices", "residence", "chancery",
        "annex", "villa", "sub-office", "sub-offices", "warehouse", "warehouses", "guesthouse", "delegation",
        "headquarters", "hub", "depot", "clinic",
    ]
    static let weekdays: WordSet = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// The longest place phrase stepped over, in tokens after the preposition.
    static let placeReach = 5

    /// The last token of a short place phrase right after token `t` ("in Kabul", "in the
    /// Gargaresh district", "building in the capital"), or `t` when none stands there
    /// before `limit`.
    func placePhraseEnd(after t: Int32, before limit: Int32) -> Int32 {
        var end = t
        var i = Int(t) + 1
        if i < Int(limit), Self.buildingWords.contains(token: i, in: self) {
            end = Int32(i)
            i += 1
        }
        guard i < Int(limit), isWord(i, "in") || isWord(i, "at") || isWord(i, "on") else { return end }
        let start = i
        i += 1
        while i < Int(limit), i - start <= Self.placeReach {
            let token = tokens[i]
            // A capitalised name, not a date ("the embassy on Friday, which …").
            guard token.kind == .word,
                token.isCapitalized && !NumberReader.months.contains(token: i, in: self) && !Self.weekdays.contains(token: i, in: self)
                    || Self.placeWords.contains(token: i, in: self)
            else { break }
            if token.isCapitalized || !isWord(i, "the") && !isWord(i, "of") { end = Int32(i) }
            i += 1
        }
        return end
    }

    /// Words after ", but" that go on with the same clause: "struck the airport, but also
    /// the embassy", "damaged several buildings, but most heavily the consulate".
    static let butGoesOn: WordSet = ["also", "most", "especially", "particularly", "mainly", "mostly", "even", "above"]

    /// Whether a semicolon, "but that", ", but" or ", while" stands between tokens `a` and
    /// `b`: it joins two clauses, and a term after one is no partner of an event before it
    /// ("the blast damaged houses; the consulate told citizens to stay indoors", "said
    /// windows nearby had been smashed, but that the consulate itself had not been damaged",
    /// "the explosion shattered shop windows, but neither diplomatic building was damaged",
    /// "destroyed shops, while the embassy said its building did not suffer"). Not a bare
    /// "but": "hit not only the ministry but also the embassy".
    func clauseJoinBetween(_ a: Int32, _ b: Int32) -> Bool {
        anyToken(between: a, b) {
            tokens[$0].isMark(";") || isWord($0, "but") && $0 + 1 < Int(b) && isWord($0 + 1, "that")
                || (isWord($0, "while") || isWord($0, "but") && !Self.butGoesOn.contains(token: $0 + 1, in: self))
                    && $0 > Int(a) + 1 && tokens[$0 - 1].isMark(",")
        }
    }

    /// Whether `cue` is part of a pseudo-negation phrase ("not only", "no doubt").
    func isPseudo(_ cue: Hit, in range: Range<Int>) -> Bool {
        var i = firstHit(in: range, atOrAfterToken: max(0, cue.first - Self.phraseReach))
        while i < range.upperBound, hits[i].first <= cue.first {
            let h = hits[i]
            if h.concept == pseudo, h.last >= cue.last { return true }
            i += 1
        }
        return false
    }

    /// The longest phrase, in tokens, that windows allow for (a hit may start this many
    /// tokens before the window and still reach into it).
    static let phraseReach: Int32 = 8

    /// The hits of `range` whose first token's word index lies within `words` words of
    /// `hit` (on either side), widened by the phrase reach: the candidates for any
    /// window test around `hit`. Hits are in token order, so this is a binary search.
    func hits(near hit: Hit, words: Int, in range: Range<Int>) -> Range<Int> {
        let low = tokens[Int(hit.first)].word - Int32(words) - Self.phraseReach
        let high = tokens[Int(hit.last)].word + Int32(words)
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if tokens[Int(hits[mid].first)].word < low { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < range.upperBound, tokens[Int(hits[end].first)].word <= high { end += 1 }
        return lo..<end
    }

    /// The index of the first hit in `range` whose first token is at or after `token`.
    func firstHit(in range: Range<Int>, atOrAfterToken token: Int32) -> Int {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if hits[mid].first < token { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: Text

    /// The bytes of tokens `first...last` as written.
    func string(_ first: Int32, _ last: Int32) -> String {
        let slice = text[Int(tokens[Int(first)].start)..<Int(tokens[Int(last)].end)]
        return String(decoding: UnsafeBufferPointer(rebasing: slice), as: UTF8.self)
    }

    func string(_ hit: Hit) -> String { string(hit.first, hit.last) }

    /// The longest evidence text, in bytes; longer sentences are cut to an excerpt
    /// around the match (a 10 MB "sentence" must not become a 10 MB alert).
    static let evidenceLimit = 1024

    /// A sentence's text with runs of whitespace folded to one space, and its byte
    /// range. Sentences over ``evidenceLimit`` bytes give the words around `hit`.
    func sentenceText(_ index: Int, around hit: Hit? = nil) -> (text: String, start: Int, end: Int) {
        let s = sentences[index]
        var start = Int(tokens[Int(s.first)].start)
        var end = Int(tokens[Int(s.end) - 1].end)
        // Keep the closing full stop and quote with the sentence.
        while end < text.count, text[end] == UInt8(ascii: ".") || text[end] == UInt8(ascii: "!") || text[end] == UInt8(ascii: "?") || text[end] == UInt8(ascii: "\"") { end += 1 }
        if end - start > Self.evidenceLimit {
            let anchor = hit.map { Int(tokens[Int($0.first)].start) } ?? start
            var first = Int(s.first)
            var last = Int(s.end) - 1
            let low = max(start, anchor - Self.evidenceLimit / 2)
            let high = min(end, max(anchor, low) + Self.evidenceLimit / 2)
            // Snap to token boundaries inside the window (binary searches over tokens).
            var lo = first, hi = last
            while lo < hi { let mid = (lo + hi) / 2; if Int(tokens[mid].start) < low { lo = mid + 1 } else { hi = mid } }
            first = lo
            lo = first; hi = last
            while lo < hi { let mid = (lo + hi + 1) / 2; if Int(tokens[mid].end) > high { hi = mid - 1 } else { lo = mid } }
            last = max(first, lo)
            start = Int(tokens[first].start)
            end = Int(tokens[last].end)
        }
        let slice = UnsafeBufferPointer(rebasing: text[start..<end])
        // Most sentences have nothing to fold: no line break, tab or double space (and
        // none at either end, which are token boundaries).
        if !Self.hasFoldableSpace(slice) { return (String(decoding: slice, as: UTF8.self), start, end) }
        // Folded straight into the string's storage (no intermediate array). The bytes
        // come from a String, so they are valid UTF-8, and folding ASCII spaces keeps them so.
        let folded = String(unsafeUninitializedCapacity: end - start) { out in
            var n = 0
            var space = false
            for b in text[start..<end] {
                if b == 32 || b == 10 || b == 13 || b == 9 {
                    space = true
                    continue
                }
                if space, n > 0 {
                    out[n] = 32
                    n += 1
                }
                space = false
                out[n] = b
                n += 1
            }
            return n
        }
        return (folded, start, end)
    }

    /// Whether `bytes` holds a control byte (tab, line break, …) or two spaces in a row,
    /// which ``sentenceText(_:around:)`` would fold; eight bytes at a time.
    static func hasFoldableSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high = ones &* 0x80
        let low7 = ones &* 0x7F
        let n = bytes.count
        var i = 0
        if let base = bytes.baseAddress {
            // Windows step by 7 bytes, so every pair of neighbours shares one.
            while i &+ 8 <= n {
                let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                if (x &- ones &* 0x20) & ~x & high != 0 { return true }  // a byte below 0x20
                let y = x ^ (ones &* 0x20)  // spaces become zero bytes
                let spaces = ~(((y & low7) &+ low7) | y | low7)  // the high bit of each space
                if spaces & (spaces >> 8) != 0 { return true }
                i &+= 7
            }
        }
        while i < n {
            let b = bytes[i]
            if b < 0x20 || (b == 0x20 && i > 0 && bytes[i - 1] == 0x20) { return true }
            i += 1
        }
        return false
    }

    /// Whether token `t`, lowercased (ASCII), is `word` (lowercase ASCII): `lower(t) ==
    /// word` without building a string.
    func isWord(_ t: Int, _ word: String) -> Bool {
        let token = tokens[t]
        var i = Int(token.start)
        guard Int(token.end) - i == word.utf8.count else { return false }
        for b in word.utf8 {
            if ByteClass.lowered(text[i]) != b { return false }
            i += 1
        }
        return true
    }

    /// The token's text lowercased (ASCII), for number words and small look-ups.
    func lower(_ t: Int) -> String {
        let token = tokens[t]
        let count = Int(token.end - token.start)
        let start = Int(token.start)
        return String(unsafeUninitializedCapacity: count) { buffer in
            for i in 0..<count { buffer[i] = ByteClass.lowered(text[start + i]) }
            return count
        }
    }
}

extension Analysis {
    /// Words that open a yes/no question.
    static let questionOpeners: WordSet = [
        "was", "were", "is", "are", "did", "does", "do", "has", "have", "had", "could", "can", "will", "would",
        "should", "may", "might",
    ]

    /// Words that open a clause a question takes as given: "Is the embassy safe after a
    /// rocket hit its roof?", "Will the attack that killed 30 people change policy?".
    static let givenClauses: WordSet = [
        "after", "before", "since", "that", "which", "who", "when", "where", "until", "because", "following", "as",
    ]

    /// Whether sentence `s` is a yes/no question ("Was the embassy hit?", "Q&A: Did the
    /// strike damage the consulate?") that asks whether `event` happened, and so says
    /// nothing happened. A question that takes the event as given does not: a
    /// wh-question ("Who attacked the embassy?"), an event in a clause of its own ("… after
    /// a rocket hit its roof?") or with a figure ("Were the 12 people killed civilians?").
    func isYesNoQuestion(_ s: Int, asking event: Hit) -> Bool {
        guard isYesNoQuestion(s) else { return false }
        let sentence = sentences[s]
        // A question asks about what stands near its start; an event far into one (a
        // "sentence" of thousands of words ending in "?") is taken as given, and the scan
        // stays bounded.
        guard Int(event.first) - Int(sentence.first) <= Self.questionReach else { return false }
        var t = Int(sentence.first)
        while t < Int(event.first) {
            if tokens[t].kind == .number || Self.givenClauses.contains(token: t, in: self) { return false }
            t += 1
        }
        return true
    }

    /// Tokens into a yes/no question that an event it asks about may stand.
    static let questionReach = 40

    /// Whether sentence `s` is a yes/no question: it ends in "?" and opens with an
    /// auxiliary, after a label ("Q&A:") if any.
    func isYesNoQuestion(_ s: Int) -> Bool {
        let sentence = sentences[s]
        guard sentence.end > sentence.first else { return false }
        var end = Int(tokens[Int(sentence.end) - 1].end)
        while end < text.count, text[end] == UInt8(ascii: "\"") || text[end] == UInt8(ascii: "'") || text[end] == UInt8(ascii: ")") {
            end += 1
        }
        guard end < text.count, text[end] == UInt8(ascii: "?") else { return false }
        // The first word, or the first after a label ("Q&A:", "Analysis:") in the first few tokens.
        var t = Int(sentence.first)
        let limit = min(Int(sentence.end), t + 5)
        var i = t
        while i < limit {
            if tokens[i].isMark(":") {
                t = i + 1
                break
            }
            i += 1
        }
        // A question in a table's cell: "| Were two guards killed? | Unconfirmed |".
        while t < Int(sentence.end), tokens[t].isMark("|") || tokens[t].isMark("-") { t += 1 }
        guard t < Int(sentence.end), tokens[t].kind == .word else { return false }
        return Self.questionOpeners.contains(token: t, in: self)
    }

    /// The index of the sentence holding token `t`.
    func sentence(containing t: Int32) -> Int {
        var low = 0
        var high = sentences.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if sentences[mid].first <= t { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// A set of concepts as 256 bits (see ``Analysis/conceptBit(_:)``).
struct ConceptMask: Sendable, Equatable {
    var low: UInt128 = 0
    var high: UInt128 = 0

    var isEmpty: Bool { (low | high) == 0 }

    @inline(__always)
    static func | (a: ConceptMask, b: ConceptMask) -> ConceptMask { ConceptMask(low: a.low | b.low, high: a.high | b.high) }

    @inline(__always)
    static func & (a: ConceptMask, b: ConceptMask) -> ConceptMask { ConceptMask(low: a.low & b.low, high: a.high & b.high) }

    @inline(__always)
    static func |= (a: inout ConceptMask, b: ConceptMask) { a = a | b }
}
