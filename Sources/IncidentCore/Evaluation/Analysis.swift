/// One document read by a rule set's lexicon: tokens, sentences and concept hits, with the
/// queries the rules ask of them. Built once per document and shared by every rule.
struct Analysis {
    let text: UnsafeBufferPointer<UInt8>
    let tokens: [Token]
    let sentences: [Sentence]
    let hits: [Hit]
    /// For each sentence, the range of `hits` whose first token lies in it.
    let hitRanges: [Range<Int>]
    let pseudo: Int32
    let terminators: Int32
    let countConcepts: Set<Int32>

    init(text: UnsafeBufferPointer<UInt8>, rules: RuleSet) {
        var tokenizer = Tokenizer()
        tokenizer.run(text)
        var hits: [Hit] = []
        var scratch = AtomScratch()
        rules.lexicon.annotate(text, tokens: tokenizer.tokens, hits: &hits, scratch: &scratch)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(tokenizer.sentences.count)
        var h = 0
        for sentence in tokenizer.sentences {
            let start = h
            while h < hits.count, hits[h].first < sentence.end { h += 1 }
            ranges.append(start..<h)
        }
        self.text = text
        self.tokens = tokenizer.tokens
        self.sentences = tokenizer.sentences
        self.hits = hits
        self.hitRanges = ranges
        self.pseudo = rules.pseudo
        self.terminators = rules.terminators
        self.countConcepts = rules.countConcepts
    }

    // MARK: Distances and scope

    /// Words between two hits (0 when adjacent or overlapping).
    func distance(_ a: Hit, _ b: Hit) -> Int {
        if a.last < b.first { return Int(tokens[Int(b.first)].word - tokens[Int(a.last)].word) }
        if b.last < a.first { return Int(tokens[Int(a.first)].word - tokens[Int(b.last)].word) }
        return 0
    }

    /// Whether a scope terminator stands strictly between tokens `a` and `b`.
    func terminatorBetween(_ a: Int32, _ b: Int32, in range: Range<Int>) -> Bool {
        for i in range {
            let h = hits[i]
            if h.concept == terminators, h.first > a, h.last < b { return true }
        }
        return false
    }

    /// Whether `cue` is part of a pseudo-negation phrase ("not only", "no doubt").
    func isPseudo(_ cue: Hit, in range: Range<Int>) -> Bool {
        for i in range {
            let h = hits[i]
            if h.concept == pseudo, h.first <= cue.first, h.last >= cue.last { return true }
        }
        return false
    }

    // MARK: Text

    /// The bytes of tokens `first...last` as written.
    func string(_ first: Int32, _ last: Int32) -> String {
        let slice = text[Int(tokens[Int(first)].start)..<Int(tokens[Int(last)].end)]
        return String(decoding: UnsafeBufferPointer(rebasing: slice), as: UTF8.self)
    }

    func string(_ hit: Hit) -> String { string(hit.first, hit.last) }

    /// A sentence's text with runs of whitespace folded to one space.
    func sentenceText(_ index: Int) -> (text: String, start: Int, end: Int) {
        let s = sentences[index]
        let start = Int(tokens[Int(s.first)].start)
        var end = Int(tokens[Int(s.end) - 1].end)
        // Keep the closing full stop and quote with the sentence.
        while end < text.count, text[end] == UInt8(ascii: ".") || text[end] == UInt8(ascii: "!") || text[end] == UInt8(ascii: "?") || text[end] == UInt8(ascii: "\"") { end += 1 }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var space = false
        for b in text[start..<end] {
            if b == 32 || b == 10 || b == 13 || b == 9 {
                space = true
                continue
            }
            if space, !out.isEmpty { out.append(32) }
            space = false
            out.append(b)
        }
        return (String(decoding: out, as: UTF8.self), start, end)
    }

    /// The token's text lowercased (ASCII), for number words and small look-ups.
    func lower(_ t: Int) -> String {
        let token = tokens[t]
        return String(decoding: text[Int(token.start)..<Int(token.end)].map(ByteClass.lowered), as: UTF8.self)
    }
}

extension Analysis {
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
