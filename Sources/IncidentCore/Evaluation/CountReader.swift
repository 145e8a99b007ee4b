/// The figures a text states for one count field.
struct Figures: Equatable {
    /// The largest exact figure ("38", "a dozen", "twenty-three"); nil when none.
    var exact: Int?
    /// The largest vague lower bound ("dozens" 12, "hundreds" 100); nil when none.
    var lowerBound: Int?

    /// Adds a figure read; zero states that nobody was (the field stays nil).
    mutating func add(_ number: NumberReader.Number) {
        guard number.value > 0 else { return }
        if number.vague {
            lowerBound = max(lowerBound ?? 0, number.value)
        } else {
            exact = max(exact ?? 0, number.value)
        }
    }
}

/// Finds casualty figures next to count terms: forward ("killing four", "killed at least
/// 16"), backward ("38 people were killed", "38 of the 67 on board died") and after
/// totals ("the death toll rose to 23").
struct CountReader {
    let analysis: Analysis

    /// Tokens a forward scan may skip between a count term and its number.
    static let forwardFillers: WordSet = [
        "at", "least", "more", "than", "some", "about", "around", "nearly", "almost", "over", "up", "to",
        "an", "estimated", "roughly", "approximately", "as", "many", "of", "total", "another", "a", "further",
        "least", "fewer", "just", "under", "close", "no", "not", "less", "the", "along", "with", "between",
    ]
    /// Verbs that give a total its figure further along the clause: "the death toll from
    /// the cyclone that struck on Tuesday rose to some 20".
    static let totalVerbs: WordSet = [
        "rose", "risen", "reached", "climbed", "stood", "stands", "increased", "jumped", "passed", "topped",
        "exceeded", "surpassed", "hit", "grew", "mounted", "rises", "reaches", "climbs", "jumps", "passes",
        "tops", "exceeds", "hits", "grows", "mounts", "increases",
        // "revised the death toll from the twin explosions down to 95 from the 103 announced".
        "down",
        // "the toll … was raised to 57 from 41".
        "raised", "revised", "updated",
    ]
    /// Words that start another clause or another quantity between a total and a verb:
    /// "the death toll was not given as the number of displaced climbed to 5,000".
    static let totalStops: WordSet = [
        "but", "as", "while", "whereas", "although", "though", "however", "yet", "and", "or", "number", "count",
        // (Not "after", "before", "since": "the death toll among civilians after ten days of
        // fighting had risen to 413".)
        "tally", "figure", "which", "who", "where", "when",
    ]
    /// Verbs that start a total's predicate ("is unclear", "had risen").
    static let auxiliaries: WordSet = [
        "is", "was", "were", "are", "remained", "remains", "remain", "has", "had", "have", "said", "says", "stood",
        "stands", "been",
    ]
    /// Words that end a total's reach once its predicate has begun.
    static let predicateStops: WordSet = ["after", "before", "since"]
    /// Words after "and" that start another phrase or clause, not a second noun: "the toll
    /// was five and the number of injured climbed to 20" (not "the missile and drone attack").
    static let andStarts: WordSet = [
        "the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those", "some", "many", "more",
        "number", "count", "tally", "figure", "injured", "wounded", "dead", "officials", "police", "it", "they",
        "he", "she", "we", "there", "then", "later", "at", "in", "on", "by", "to", "one", "two", "three", "four",
        "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "scores", "several",
    ]
    /// Words between a number and a later count term that make the number someone else:
    /// "police arrested 12 men accused of the killings".
    static let otherParty: WordSet = [
        "accused", "charged", "arrested", "detained", "convicted", "sentenced",
        "jailed", "tried", "trial", "blamed", "behind", "against", "responsible", "instigating", "ordering",
        "ordered", "organising", "organizing", "committing", "committed", "plotting", "masterminding",
        "perpetrators", "role", "roles", "involvement", "imprisonment", "prison",
    ]
    /// The same, only just before the count term: "20 Saudis over Khashoggi killing" (but
    /// "five gunmen, who fought over the province, were killed").
    static let otherPartyNear: WordSet = ["over"]
    static let otherPartyNearReach: Int32 = 3
    /// A field's value that states nothing: "Killed — none".
    static let noneWords: WordSet = ["none", "nil", "zero", "no"]
    /// Nouns after "one" that count a person ("with one person killed", "in one guard's case").
    static let personNouns: WordSet = [
        "person", "man", "woman", "child", "boy", "girl", "soldier", "civilian", "guard", "officer", "policeman",
        "policewoman", "worker", "passenger", "driver", "resident", "student", "pilot", "member", "employee", "diplomat",
        "journalist", "peacekeeper", "villager", "protester", "pedestrian", "teenager", "baby", "other", "more", "staff",
    ]

    /// Words that give a count term a vague quantity of its own, a few words before it:
    /// "several wounded", "many more were hurt", "numerous others injured".
    static let vagueQuantifiers: WordSet = ["several", "many", "numerous", "countless", "multiple"]
    static let vagueReach: Int32 = 3
    /// Terms a vague word describes rather than counts: "three officers sustained multiple injuries".
    static let injuryNouns: WordSet = ["injuries", "wounds", "burns", "fractures", "injury"]
    static let all: WordSet = ["all"]
    /// Tokens a total's verb may stand after it.
    static let totalVerbReach = 20
    static let backwardWindow = 16
    static let forwardWindow = 5
    static let totalsWindow = 10

    func figures(for extraction: Extraction, accept: (Hit) -> Bool) -> Figures {
        var figures = Figures()
        let numbers = NumberReader(analysis: analysis)
        for (index, hit) in analysis.hits.enumerated() {
            let isCount = extraction.counts.contains(hit.concept)
            let isTotal = extraction.totals.contains(hit.concept)
            guard isCount || isTotal, accept(hit), !isInsideLongerCount(index) else { continue }
            let sentence = analysis.sentences[analysis.sentence(containing: hit.first)]
            if isTotal,
                let number = numbers.forward(
                    from: Int(hit.last) + 1, limit: totalEnd(after: index, sentenceEnd: sentence.end, extraction: extraction, numbers: numbers),
                    window: Self.totalsWindow, fillers: nil)
                ?? totalVerbFigure(after: hit, sentenceEnd: sentence.end, numbers: numbers)
            {
                // "lowered the death toll … to 38 from the 52 announced": the largest stated.
                let earlier = earlierFigure(after: number, sentenceEnd: sentence.end, numbers: numbers)
                figures.add(earlier.map { $0.value > number.value ? $0 : number } ?? number)
                continue
            }
            if let number = figureInside(hit, numbers: numbers) ?? labelFigure(after: hit, at: index, sentence: sentence, numbers: numbers)
                ?? copulaFigure(after: hit, sentence: sentence, numbers: numbers)
                ?? numbers.forward(from: allOf(after: hit, sentenceEnd: sentence.end, numbers: numbers) ?? Int(hit.last) + 1, limit: sentence.end, window: Self.forwardWindow, fillers: Self.forwardFillers)
                ?? oneAnd(after: hit, sentenceEnd: sentence.end, numbers: numbers)
            {
                figures.add(number)
                continue
            }
            // One victim as the verb's own subject first: "some 2,000 protesters gathered
            // outside the embassy, where a guard was injured" states one injured.
            if let number = singleVictim(of: hit, sentenceStart: Int(sentence.first))
                ?? backward(from: index, hit: hit, sentenceStart: Int(sentence.first), numbers: numbers)
                ?? namedVictim(after: hit, sentenceEnd: Int(sentence.end))
            {
                figures.add(number)
            }
        }
        tableFigures(for: extraction, accept: accept, numbers: numbers, into: &figures)
        return figures
    }

    /// "Injured are 7", "those killed were 3", "among the dead are 5": a plural copula after
    /// a term that opens its clause (not "the man who was killed was 34": an age).
    private func copulaFigure(after hit: Hit, sentence: Sentence, numbers: NumberReader) -> NumberReader.Number? {
        let t = Int(hit.last) + 1
        guard t + 1 < Int(sentence.end), Self.pluralCopulas.contains(token: t, in: analysis) else { return nil }
        let before = Int(hit.first) - 1
        guard before < Int(sentence.first) || analysis.tokens[before].kind == .punct
            || Self.clauseOpeners.contains(token: before, in: analysis)
        else { return nil }
        return numbers.forward(from: t + 1, limit: sentence.end, window: Self.forwardWindow, fillers: Self.forwardFillers)
    }
    /// Copulas a figure may follow (not "is", "was": "the man who was killed was 34").
    static let pluralCopulas: WordSet = ["are", "were"]
    /// Words before a term that leave it opening its clause: "those killed were 3".
    static let clauseOpeners: WordSet = ["those", "the", "among", "persons", "people", "and"]

    /// "the floods have claimed at least 27 lives": a term that holds its own figure.
    private func figureInside(_ hit: Hit, numbers: NumberReader) -> NumberReader.Number? {
        guard hit.last > hit.first else { return nil }
        for t in Int(hit.first)...Int(hit.last) where analysis.tokens[t].kind == .number && analysis.tokens[t].value > 0 {
            if let number = numbers.parse(at: t, limit: Int(hit.last) + 1), numbers.isCount(number) { return number }
        }
        return nil
    }

    // MARK: Tables

    /// Figures in markdown tables: a column whose header names a count term ("| Location |
    /// Killed | Injured |") states a figure in each row below its separator ("| Kalemie | 9
    /// | 31 |"), a total row included; zeros state none. One pass over the text's lines.
    /// A header's term must pass the rule's cues ("| Not injured |"); a cue in another cell does
    /// not reach it ("|" is a terminator: "| No. | Killed |").
    private func tableFigures(for extraction: Extraction, accept: (Hit) -> Bool, numbers: NumberReader, into figures: inout Figures) {
        guard analysis.hasBars else { return }
        let text = analysis.text
        var lineStart = 0
        var columns: [Int] = []  // the count columns of the table being read; empty outside one
        var previous: Range<Int>?  // the line before, a header when a separator follows it
        while lineStart < text.count {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let line = lineStart..<lineEnd
            lineStart = lineEnd + 1
            guard let cells = MarkdownTable.cells(text, line) else {
                columns = []
                previous = nil
                continue
            }
            // A separator opens a table right after its header, not inside a body (a row of
            // "| - | - |" after a row of figures is a row of no figures); a header without a
            // figure opens the next table even with no blank line before it.
            if MarkdownTable.isSeparator(text, cells), columns.isEmpty || !(previous.map { MarkdownTable.hasDigit(text, $0) } ?? false) {
                columns = []
                if let header = previous, let headerCells = MarkdownTable.cells(text, header) {
                    for (k, cell) in headerCells.enumerated() where namesCount(cell, extraction: extraction, accept: accept) {
                        columns.append(k)
                    }
                }
            } else {
                // Columns are in ascending order: a short row costs no look at the others.
                for k in columns {
                    if k >= cells.count { break }
                    if let number = cellFigure(cells[k], numbers: numbers) { figures.add(number) }
                }
            }
            previous = line
        }
    }

    /// Whether a header cell holds a count term of `extraction` that no cue rules out.
    private func namesCount(_ cell: Range<Int>, extraction: Extraction, accept: (Hit) -> Bool) -> Bool {
        let first = firstToken(atOrAfter: cell.lowerBound)
        var h = analysis.firstHit(in: 0..<analysis.hits.count, atOrAfterToken: Int32(first))
        while h < analysis.hits.count, Int(analysis.tokens[Int(analysis.hits[h].first)].start) < cell.upperBound {
            let hit = analysis.hits[h]
            // Not "Casualties", the dead and the hurt in one column.
            if Int(analysis.tokens[Int(hit.last)].end) <= cell.upperBound, extraction.counts.contains(hit.concept), accept(hit),
                !(hit.first == hit.last && (analysis.isWord(Int(hit.first), "casualties") || analysis.isWord(Int(hit.first), "casualty")))
            {
                return true
            }
            h += 1
        }
        return false
    }

    /// The figure a data cell states ("9", "at least 12", "twelve", "1,200"): a number that
    /// ends the cell, after nothing but fillers. The words of other cells are no context.
    private func cellFigure(_ cell: Range<Int>, numbers: NumberReader) -> NumberReader.Number? {
        var t = firstToken(atOrAfter: cell.lowerBound)
        var end = t
        while end < analysis.tokens.count, Int(analysis.tokens[end].start) < cell.upperBound { end += 1 }
        while t < end, Self.forwardFillers.contains(token: t, in: analysis) { t += 1 }
        guard t < end, let number = numbers.parse(at: t, limit: end), !number.vague, number.last == end - 1 else { return nil }
        // A year ("| 2019 |", a composer's "| 1750 |" under "Died") is no count.
        let token = analysis.tokens[number.first]
        if token.kind == .number, token.end - token.start == 4, (1000...2100).contains(number.value) { return nil }
        return number
    }

    /// The first token that starts at or after byte `offset`.
    private func firstToken(atOrAfter offset: Int) -> Int {
        var lo = 0
        var hi = analysis.tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(analysis.tokens[mid].start) < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// A figure given as a field's value: "Killed: 12", "Wounded (40)", "KIA: at least 2",
    /// "Killed: 12 to 15" — the term opens its sentence or follows a ":", ";", ",", "(", a
    /// bullet dash, an "and" or the figure of a field before it (a list flattened to one
    /// line: "Killed: 2 Wounded: 3"), or starts a line, and the number follows a colon or a
    /// dash ("injured — 3", only where the field opens its clause) or stands alone in brackets. Not when another count term follows the number in its clause
    /// ("Casualties: 3 killed"), unless that term is a field of its own.
    private func labelFigure(after hit: Hit, at index: Int, sentence: Sentence, numbers: NumberReader) -> NumberReader.Number? {
        let tokens = analysis.tokens
        let first = Int(hit.first)
        let mark = Int(hit.last) + 1
        let end = Int(sentence.end)
        guard mark + 1 < end else { return nil }
        let opens = tokens[mark].isMark("(")
        // "killed — none; injured — 3": a dash after a field that opens its clause.
        let dashed = tokens[mark].isMark("-")
        // "| Deaths | 17 (14 rebels, 1 hostage, 2 commandos) |": an infobox's row.
        let piped = tokens[mark].isMark("|")
        guard opens || dashed || piped || tokens[mark].isMark(":") else { return nil }
        if piped, first > Int(sentence.first), !tokens[first - 1].isMark("|"), !startsLine(first) { return nil }
        if dashed, first > Int(sentence.first) {
            let before = tokens[first - 1]
            // "Dead — 4, injured — 12", "Killed — none, injured — 3": after another field's
            // value and a comma too.
            let afterField = before.isMark(",") && first >= 2
                && (tokens[first - 2].kind == .number
                    || first >= 3 && tokens[first - 3].isMark("-") && Self.noneWords.contains(token: first - 2, in: analysis))
            guard before.isMark(":") || before.isMark(";") || before.isMark("(") || before.isMark("-") || before.isMark("|")
                || afterField || startsLine(first)
            else { return nil }
        }
        // After a name and a comma, brackets hold an age ("Ahmed Bakr, killed (34)"), at
        // the start of a line or sentence too.
        if opens, first >= 2, tokens[first - 1].isMark(","), tokens[first - 2].isCapitalized { return nil }
        if first > Int(sentence.first) {
            let before = tokens[first - 1]
            let opensField = before.isMark(":") || before.isMark(";") || before.isMark("(") || before.isMark("-")
                || before.isMark("|") || before.kind == .number || analysis.isWord(first - 1, "and") || startsLine(first)
            guard opensField || before.isMark(",") else { return nil }
        }
        // "at least 12", "about 30", "12 to 15".
        guard let number = numbers.forward(from: mark + 1, limit: sentence.end, window: Self.forwardWindow,
                                           fillers: Self.forwardFillers, labelled: true)
        else { return nil }
        if opens {
            let close = number.last + 1
            guard close < end, tokens[close].isMark(")") else { return nil }
        }
        var clauseEnd = number.last + 1
        while clauseEnd < end, tokens[clauseEnd].kind != .punct { clauseEnd += 1 }
        var h = index + 1
        while h < analysis.hits.count, Int(analysis.hits[h].first) < clauseEnd {
            let other = analysis.hits[h]
            let next = Int(other.last) + 1
            let isField = next < end && (tokens[next].isMark(":") || tokens[next].isMark("(") || tokens[next].isMark("|"))
            if Int(other.first) > number.last, analysis.countConcepts.contains(other.concept), !isField { return nil }
            h += 1
        }
        return number
    }

    /// Whether token `t` is the first on its line (a field of a log whose lines run into
    /// one sentence: "Location: UN compound, Gao road⏎Killed: 3").
    private func startsLine(_ t: Int) -> Bool {
        guard t > 0 else { return true }
        let text = analysis.text
        var i = Int(analysis.tokens[t].start) - 1
        let floor = Int(analysis.tokens[t - 1].end)
        while i >= floor {
            if text[i] == UInt8(ascii: "\n") { return true }
            i -= 1
        }
        return false
    }

    /// Where a total's figures end: at the first count term after it ("put the toll at
    /// between 12 and 15 dead and between 20 and 30 injured": the injured are another
    /// figure), or the sentence's end. Only hits the forward read can reach are looked at.
    /// A term of another kind ends it before its own figure: "the death toll rose to 11,
    /// with 27 wounded", "stood at 11 and 27 were hurt" (the 27 are the wounded).
    private func totalEnd(after index: Int, sentenceEnd: Int32, extraction: Extraction, numbers: NumberReader) -> Int32 {
        let hits = analysis.hits
        let last = hits[index].last
        let reach = min(sentenceEnd, last + 1 + Int32(Self.totalsWindow))
        var h = index + 1
        while h < hits.count, hits[h].first < reach {
            let other = hits[h]
            if other.first > last, analysis.countConcepts.contains(other.concept) {
                if extraction.counts.contains(other.concept) { return other.last + 1 }
                var t = Int(other.first) - 1
                while t > Int(last), Int(other.first) - t <= 3, Self.ownFigureGlue.contains(token: t, in: analysis) { t -= 1 }
                if t > Int(last), let figure = numbers.number(endingAt: t, floor: Int(last) + 1) { return Int32(figure.first) }
                return other.first
            }
            h += 1
        }
        return sentenceEnd
    }

    /// Words between a count term of another kind and its own figure: "27 were wounded",
    /// "27 people hurt", "27 others seriously injured".
    static let ownFigureGlue: WordSet = [
        "were", "was", "are", "is", "had", "have", "has", "been", "people", "persons", "others", "other", "more",
        "civilians", "seriously", "severely", "critically", "badly", "slightly", "lightly",
    ]

    /// Whether a number above one stands next to count term `hit` ("two brothers died";
    /// not "a foreign envoy dies"), whatever the exclusion cues say of it.
    func statesFigure(_ hit: Hit) -> Bool {
        // Hits are in token order: a binary search, then the few that start at the same token.
        var index = analysis.firstHit(in: 0..<analysis.hits.count, atOrAfterToken: hit.first)
        while index < analysis.hits.count, analysis.hits[index] != hit, analysis.hits[index].first == hit.first { index += 1 }
        guard index < analysis.hits.count, analysis.hits[index] == hit else { return false }
        let sentence = analysis.sentences[analysis.sentence(containing: hit.first)]
        let numbers = NumberReader(analysis: analysis)
        let start = allOf(after: hit, sentenceEnd: sentence.end, numbers: numbers) ?? Int(hit.last) + 1
        let number = labelFigure(after: hit, at: index, sentence: sentence, numbers: numbers)
            ?? numbers.forward(from: start, limit: sentence.end, window: Self.forwardWindow, fillers: Self.forwardFillers)
            ?? backward(from: index, hit: hit, sentenceStart: Int(sentence.first), numbers: numbers)
        // One is the one person a natural death is about ("one of the most formidable
        // voices on the Council, died"): only more is another death.
        return (number?.value ?? 0) > 1
    }

    /// "killing a catechist and seven villagers": one victim named, then a figure for the
    /// others; the figure (the largest stated).
    private func oneAnd(after hit: Hit, sentenceEnd: Int32, numbers: NumberReader) -> NumberReader.Number? {
        let t = Int(hit.last) + 1
        guard t + 3 < Int(sentenceEnd), analysis.isWord(t, "a") || analysis.isWord(t, "an") else { return nil }
        for and in t + 2...min(t + 3, Int(sentenceEnd) - 2) {
            guard analysis.tokens[and].kind == .word else { return nil }
            if analysis.isWord(and, "and") {
                guard let number = numbers.parse(at: and + 1, limit: Int(sentenceEnd)), !number.vague else { return nil }
                return number
            }
        }
        return nil
    }

    /// "killing all 14 of the rebels", "killing all 157 people on board": where the number
    /// after "all" starts, when "all N" follows the count term directly ("all" is no filler elsewhere: "killed at all
    /// 4 checkpoints" states no count).
    private func allOf(after hit: Hit, sentenceEnd: Int32, numbers: NumberReader) -> Int? {
        let t = Int(hit.last) + 1
        guard t + 2 < Int(sentenceEnd), Self.all.contains(token: t, in: analysis) else { return nil }
        guard numbers.parse(at: t + 1, limit: Int(sentenceEnd)) != nil else { return nil }
        return t + 1
    }

    /// The figure after a total's verb later in the same clause ("… rose to some 20"):
    /// at most `totalVerbReach` tokens on, with no punctuation, clause word or other
    /// quantity ("the number of …") in between.
    private func totalVerbFigure(after hit: Hit, sentenceEnd: Int32, numbers: NumberReader) -> NumberReader.Number? {
        var t = Int(hit.last) + 1
        let end = min(Int(sentenceEnd), t + Self.totalVerbReach)
        // Whether the total's own verb has begun: "after", "since" and "and" go on only inside
        // its subject ("the death toll among civilians after ten days of fighting had risen to
        // 413", not "the death toll is unclear after the UN said displacement had topped 100,000").
        var inPredicate = false
        while t < end {
            let token = analysis.tokens[t]
            if Self.auxiliaries.contains(token: t, in: analysis) { inPredicate = true }
            // A date is no count: "the death toll from the 3 June air strike … has risen to 19".
            if token.kind == .number, t + 1 < end && NumberReader.months.contains(token: t + 1, in: analysis)
                || t > 0 && NumberReader.months.contains(token: t - 1, in: analysis)
            {
                t += 1
                continue
            }
            // Another count ends the clause's total; a decimal ("a magnitude 5.9 quake") is none.
            // "and" joining two nouns ("the missile and drone attack") goes on; before an article,
            // a figure or another clause it ends the total's reach.
            let joinsNouns = !inPredicate && analysis.isWord(t, "and") && t + 1 < end && analysis.tokens[t + 1].kind == .word
                && !Self.andStarts.contains(token: t + 1, in: analysis)
            if token.kind == .punct || (token.kind == .number && token.value >= 0)
                || !joinsNouns && Self.totalStops.contains(token: t, in: analysis)
                || inPredicate && Self.predicateStops.contains(token: t, in: analysis)
            {
                return nil
            }
            if Self.totalVerbs.contains(token: t, in: analysis) {
                return numbers.forward(from: t + 1, limit: sentenceEnd, window: Self.forwardWindow, fillers: Self.forwardFillers)
            }
            t += 1
        }
        return nil
    }

    /// The figure a revised total replaced, right after the new one: "down to 95 from the
    /// 103 announced earlier" (the largest stated counts).
    private func earlierFigure(after figure: NumberReader.Number, sentenceEnd: Int32, numbers: NumberReader) -> NumberReader.Number? {
        let t = figure.last + 1
        guard t < Int(sentenceEnd), analysis.isWord(t, "from") else { return nil }
        return numbers.forward(from: t + 1, limit: sentenceEnd, window: 4, fillers: Self.forwardFillers)
    }

    /// Subjects that name one person: "a guard", "an aid worker", "he", "she".
    static let oneSubject: WordSet = ["a", "an", "he", "she"]
    /// Words after "a" that make it a quantity, not one person: "a third of the crew
    /// died", "a number of guards were wounded", "a family was killed".
    static let notOne: WordSet = [
        "number", "third", "quarter", "half", "fifth", "tenth", "few", "lot", "lots", "handful", "couple",
        "total", "host", "majority", "minority", "fraction", "series", "score", "scores", "dozen", "group",
        "crowd", "family", "team", "crew", "busload", "string", "wave", "spate", "further", "combined",
        "record", "similar", "large", "small", "significant", "growing", "rising", "mounting", "whole",
    ]
    /// Terms whose subject is the one who died: "a driver died in hospital" (where "a
    /// blast killed" names the killer).
    static let intransitive: WordSet = ["died", "dies", "perished", "drowned", "succumbed"]
    static let passive: WordSet = ["was", "been"]
    /// Words that may stand between "was" and the term: "was fatally shot", "was later killed".
    static let passiveAdverbs: WordSet = [
        "also", "later", "reportedly", "allegedly", "fatally", "mortally", "critically", "seriously", "badly",
        "slightly", "lightly", "severely", "gravely", "instantly", "apparently", "then", "subsequently",
    ]
    /// Words that end the subject looked for before the verb: "he collapsed after a walk
    /// and was pronounced dead" names no "a walk" that died.
    static let subjectStops: WordSet = [
        "and", "or", "but", "after", "before", "when", "while", "as", "then", "since", "until", "because", "if",
        "with", "without", "from", "by", "on", "in", "at", "for", "to", "into", "during", "through",
    ]
    /// How many words may stand between "a" and the verb: "a German embassy employee was killed".
    static let oneSubjectReach = 4

    /// One victim named without a number: "a guard was killed", "he was shot dead", "a
    /// driver died in hospital". Only when the term's subject is the victim (a passive
    /// "was killed", an intransitive "died") and is one person ("a", "an", "he", "she"
    /// right before it), so "a blast killed", "a number of guards were wounded" and
    /// "the family was killed" state no figure.
    private func singleVictim(of hit: Hit, sentenceStart: Int) -> NumberReader.Number? {
        var t = Int(hit.first) - 1
        while t >= sentenceStart, Self.passiveAdverbs.contains(token: t, in: analysis) { t -= 1 }
        guard t >= sentenceStart else { return nil }
        if Self.passive.contains(token: t, in: analysis) {
            if analysis.isWord(t, "been") {
                guard t - 1 >= sentenceStart, analysis.isWord(t - 1, "has") || analysis.isWord(t - 1, "had") else { return nil }
                t -= 1
            }
            t -= 1
            // "a man who was killed".
            if t >= sentenceStart, analysis.isWord(t, "who") || analysis.isWord(t, "that") { t -= 1 }
        } else if t == Int(hit.first) - 1, Self.intransitive.contains(token: Int(hit.first), in: analysis) {
            // "A driver died", "a man who died".
            if analysis.isWord(t, "who") || analysis.isWord(t, "that") { t -= 1 }
        } else {
            return nil
        }
        // "Her driver, a long-serving local employee, was wounded": an apposition's comma;
        // "a man, 34, was killed": an age between commas.
        if t > sentenceStart, analysis.tokens[t].isMark(",") {
            t -= 1
            if t - 1 > sentenceStart, analysis.tokens[t].kind == .number, analysis.tokens[t - 1].isMark(",") {
                t -= 2
            }
        }
        let verb = t
        while t >= sentenceStart, verb - t < Self.oneSubjectReach {
            let token = analysis.tokens[t]
            guard token.kind == .word, !Self.subjectStops.contains(token: t, in: analysis) else { return nil }
            if Self.oneSubject.contains(token: t, in: analysis) {
                let pronoun = analysis.isWord(t, "he") || analysis.isWord(t, "she")
                if pronoun ? t != verb : t == verb || Self.notOne.contains(token: t + 1, in: analysis) { return nil }
                // "41 of the 93 passengers aboard a wooden whaleboat drowned": a place, not the subject.
                if !pronoun, t > sentenceStart, Self.placePrepositions.contains(token: t - 1, in: analysis) { return nil }
                return NumberReader.Number(value: 1, vague: false, first: t, last: t)
            }
            t -= 1
        }
        return nil
    }

    /// Words before "a" that make it a place the victims were in or on, not the victim.
    static let placePrepositions: WordSet = ["aboard", "onboard", "inside", "in", "on", "at", "from", "near"]

    /// Verbs whose object, right after them, is the victim.
    static let victimVerbs: WordSet = ["killed", "killing", "kills", "murdered", "murdering", "wounded", "wounding", "injured", "injuring"]
    /// Nouns whose victim follows "of": "the 1984 killing of PC Yvonne Fletcher".
    static let victimNouns: WordSet = ["killing", "murder", "assassination", "shooting", "stabbing"]
    /// Words after a run of capitalised ones that make it a group, not a person named:
    /// "killed Red Cross workers".
    static let groupWords: WordSet = [
        "workers", "staff", "members", "soldiers", "troops", "officers", "civilians", "people", "fighters",
        "personnel", "employees", "guards", "police", "nationals", "citizens", "militants", "diplomats",
    ]

    /// The most capitalised words read as one victim's name and title ("WPC Yvonne Fletcher").
    static let longestName = 5
    static let quantifiers: WordSet = ["several", "many", "some", "dozens", "scores", "hundreds", "thousands", "two", "three", "four", "five"]

    /// One victim named by name: "killed WPC Yvonne Fletcher, 25", "wounding Ambassador
    /// Carlos Ruiz", "the killing of PC Yvonne Fletcher". Two or more capitalised words
    /// right after the verb (or the noun's "of"), not followed by a word that makes them a
    /// group.
    private func namedVictim(after hit: Hit, sentenceEnd: Int) -> NumberReader.Number? {
        guard hit.first == hit.last else { return nil }
        var t = Int(hit.last) + 1
        if Self.victimNouns.contains(token: Int(hit.first), in: analysis), t < sentenceEnd, analysis.isWord(t, "of") {
            t += 1
        } else if !Self.victimVerbs.contains(token: Int(hit.first), in: analysis) {
            return nil
        }
        let first = t
        var names = 0
        while t < sentenceEnd, analysis.tokens[t].isCapitalized {
            // "Car Bomb Killed Several Afghan Soldiers": a headline's group, not a name.
            if Self.groupWords.contains(token: t, in: analysis) || Self.quantifiers.contains(token: t, in: analysis) { return nil }
            names += 1
            t += 1
            // A name is a few words; a longer run is a headline or a list (and a hostile
            // sentence of "Killed Killed …" must not be walked once per term).
            if names > Self.longestName { return nil }
        }
        guard names >= 2 else { return nil }
        if t < sentenceEnd, analysis.tokens[t].kind == .word, Self.groupWords.contains(token: t, in: analysis) { return nil }
        return NumberReader.Number(value: 1, vague: false, first: first, last: t - 1)
    }

    /// Words after an aside's closing dash that make the figure before it the count's
    /// subject ("Three journalists — … — were killed"), not an attacker ("Two bombers — … —
    /// killed civilians").
    static let afterAside: WordSet = [
        "were", "was", "are", "is", "have", "has", "had", "died", "perished", "drowned", "all", "later", "lost", "succumbed",
        "suffered", "sustained", "remain", "remained",
    ]

    /// The longest dashed aside the backward scan steps over, in tokens.
    static let asideReach = 40

    /// The dash that opens the aside closed by the dash at `t`, if one stands within
    /// ``asideReach`` tokens after `floor` with no clause punctuation between.
    private func openingDash(before t: Int, after floor: Int) -> Int? {
        var o = t - 1
        // The rest of a closing "--" is the same dash.
        while o > floor, analysis.tokens[o].isMark("-") { o -= 1 }
        while o > floor, t - o <= Self.asideReach {
            let token = analysis.tokens[o]
            if token.isMark("-") { return o }
            if token.endsClause { return nil }
            o -= 1
        }
        return nil
    }

    /// Words of a list: an aside that holds one names several ("three protesters and a
    /// police officer", "Paris, Rome or Bonn").
    static let listWords: WordSet = ["and", "or", "including"]
    /// Words of an aside that names part of a group ("two of whom were Kenyan", "all but
    /// two of them children", "among them a child"); with the list words, what makes an
    /// aside after "N people," skippable (not "45 people in all", a restatement).
    static let partWords: WordSet = ["whom", "them", "among", "mostly"]
    /// Words before a number that make it something the count's noun belongs to: "passengers
    /// on two buses, 45 people in all, were injured".
    static let listPrepositions: WordSet = ["on", "from", "in", "of", "at", "with", "by"]
    /// Words that take the whole group back after an aside: "which had 157 people on board,
    /// crashed, killing all aboard".
    static let wholeGroup: WordSet = ["all", "everyone", "everybody"]
    /// Verbs by which a relative clause gives its subject's number ("who numbered 45").
    static let numbering: WordSet = ["numbered", "numbering", "number", "totalled", "totaled", "totalling", "totaling",
                                     "included", "includes", "including"]
    /// How near the count term the comma that closes a listing aside stands, in words:
    /// ", were injured", ", all died".
    static let listReach: Int32 = 3
    /// How far after "who" or "which" a numbering verb counts ("who numbered", "which in all totalled").
    static let numberingReach = 2

    /// Whether "all", "everyone" or "everybody" near `hit` (four tokens before it to two
    /// after, not before the aside's closing comma at `t`: "all of them were injured",
    /// "everyone on board was killed", "killing all aboard") takes back a group counted inside
    /// the aside opened at `opening`, its subject having no number of its own.
    private func takesBackGroup(closedAt t: Int, openedAt opening: Int, hit: Hit, floor: Int, numbers: NumberReader) -> Bool {
        let near = max(t + 1, Int(hit.first) - 4)..<min(Int(hit.last) + 3, analysis.tokens.count)
        guard near.contains(where: { Self.wholeGroup.contains(token: $0, in: analysis) }) else { return false }
        return numberBefore(comma: opening, after: floor, numbers: numbers) == nil
    }

    /// The number that ends right before the comma at `comma`, or at most ``listNounReach``
    /// words before it ("Four people,", "Five UN peacekeepers,"), after `floor`.
    private func numberBefore(comma: Int, after floor: Int, numbers: NumberReader) -> NumberReader.Number? {
        for words in 0...Self.listNounReach where comma - 1 - words > floor {
            if let number = numbers.number(endingAt: comma - 1 - words, floor: floor + 1) { return number }
            if analysis.tokens[comma - 1 - words].kind != .word { break }
        }
        return nil
    }

    /// Whether a list word stands strictly between tokens `a` and `b`.
    private func listBetween(_ a: Int, _ b: Int) -> Bool {
        a + 1 < b && (a + 1..<b).contains { Self.listWords.contains(token: $0, in: analysis) }
    }

    /// Words a number and the comma of a listing aside may have between them ("Five UN
    /// peacekeepers, …").
    static let listNounReach = 2

    /// Whether token `k` starts an item of a list: after a comma or a list word.
    private func startsItem(_ k: Int) -> Bool {
        analysis.tokens[k - 1].isMark(",") || Self.listWords.contains(token: k - 1, in: analysis)
    }

    /// The comma that opens a listing aside closed by the comma at `t`: the outermost one,
    /// within ``asideReach`` tokens, that has a number and at most ``listNounReach`` words
    /// right before it, with a list or part word inside and no item's figure larger ("Four
    /// people, three protesters and a police officer,"; "Sixteen people, 10 men, 4 women and
    /// 2 children,"; not "on two buses, 45 people in all,", nor "Two soldiers, three
    /// policemen and a civilian,", a list of its own). Ages inside ("one of whom was 19")
    /// start no item and are not compared.
    private func listOpening(before t: Int, after floor: Int, numbers: NumberReader) -> Int? {
        var found: Int?
        var largest = 0
        var o = t - 1
        var hasListWord = false
        while o > floor + 1, t - o <= Self.asideReach {
            let token = analysis.tokens[o]
            if token.endsClause { break }
            if Self.listWords.contains(token: o, in: analysis) || Self.partWords.contains(token: o, in: analysis) { hasListWord = true }
            if let item = numbers.parse(at: o, limit: t), startsItem(o), numbers.isCount(item) { largest = max(largest, item.value) }
            if token.isMark(","), hasListWord, let number = numberBefore(comma: o, after: floor, numbers: numbers),
                number.value >= largest,
                !(number.first > floor + 1 && Self.listPrepositions.contains(token: number.first - 1, in: analysis))
            {
                found = o
            }
            o -= 1
        }
        return found
    }

    /// The comma that opens a relative clause (", who …", ", which …", ", whose …") closed
    /// by the comma at `t`, within ``asideReach`` tokens after `floor`. It crosses an inner
    /// comma only into a list ("who served in Paris, Rome and Bonn,"), and is none when the
    /// clause gives the count ("who numbered 45").
    private func relativeOpening(before t: Int, after floor: Int) -> Int? {
        var o = t - 1
        var segmentEnd = t
        while o > floor + 1, t - o <= Self.asideReach {
            let token = analysis.tokens[o]
            if token.endsClause { return nil }
            if token.isMark(",") {
                guard listBetween(o, segmentEnd) else { return nil }
                segmentEnd = o
            }
            if token.kind == .word, analysis.tokens[o - 1].isMark(","),
                analysis.isWord(o, "who") || analysis.isWord(o, "whose") || analysis.isWord(o, "which")
            {
                // "who numbered 45", "which totalled about 60" (not "whose number plate").
                if !analysis.isWord(o, "whose") {
                    // Half-open: ", which," leaves nothing between (a closed range would trap).
                    for k in o + 1..<min(o + 1 + Self.numberingReach, t) where Self.numbering.contains(token: k, in: analysis) { return nil }
                }
                return o - 1
            }
            o -= 1
        }
        return nil
    }

    /// Nouns of a group whose size "of the group of six" gives.
    static let groupNouns: WordSet = ["group", "party", "team", "crew", "family", "delegation", "contingent", "unit"]

    /// Whether `number` is a group's size after a part of it: "… of the group of six".
    private func isGroupSize(_ number: NumberReader.Number) -> Bool {
        let f = number.first
        guard f >= 4, analysis.isWord(f - 1, "of"), Self.groupNouns.contains(token: f - 2, in: analysis),
            analysis.isWord(f - 3, "the") || analysis.isWord(f - 3, "a"), analysis.isWord(f - 4, "of")
        else { return false }
        return true
    }

    /// Whether `hit` follows the subset `number` ("four of them") within a few words and no
    /// mark: "four of them with serious injuries" (not "three of them children, were taken
    /// to hospital with injuries").
    private func subsetTakesTerm(_ number: NumberReader.Number, hit: Hit) -> Bool {
        let tokens = analysis.tokens
        let of = number.last + 1
        guard of + 1 < tokens.count, analysis.isWord(of, "of"), analysis.isWord(of + 1, "them") || analysis.isWord(of + 1, "whom")
        else { return false }
        let after = number.last + 3  // "N of them"
        guard after < Int(hit.first), Int(hit.first) - after <= 3 else { return false }
        return !(after..<Int(hit.first)).contains { tokens[$0].kind == .punct }
    }

    /// Whether hit `index` lies inside a longer term of another count concept: the
    /// "injuries" of "Two workers succumbed to their injuries" counts no one injured.
    private func isInsideLongerCount(_ index: Int) -> Bool {
        let hits = analysis.hits
        let hit = hits[index]
        func contains(_ other: Hit) -> Bool {
            other.concept != hit.concept && other.first <= hit.first && other.last >= hit.last
                && other.last - other.first > hit.last - hit.first && analysis.countConcepts.contains(other.concept)
        }
        // Hits are in order of their first token: a longer one starts before or with this one.
        var h = index - 1
        while h >= 0, hits[h].first >= hit.first - Analysis.phraseReach {
            if contains(hits[h]) { return true }
            h -= 1
        }
        h = index + 1
        while h < hits.count, hits[h].first == hit.first {
            if contains(hits[h]) { return true }
            h += 1
        }
        return false
    }

    /// Whether count term `hit` names the group a part is taken from: "two of the
    /// injured", "one of those wounded", "three of the dead".
    private func isPartitiveGroup(_ hit: Hit) -> Bool {
        var t = Int(hit.first) - 1
        guard t >= 2, ["the", "those", "these"].contains(where: { analysis.isWord(t, $0) }) else { return false }
        t -= 1
        guard analysis.isWord(t, "of") else { return false }
        let part = NumberReader(analysis: analysis).number(endingAt: t - 1, floor: max(0, t - 6))
        return part.map { !$0.vague } ?? false
    }

    /// Words between a group and the verb that counts its part: "Two of the injured later
    /// died", "one of the wounded has since died" (not "three of the dead and 12 of the wounded").
    static let partitiveGlue: WordSet = [
        "later", "also", "subsequently", "since", "then", "eventually", "afterwards", "have", "has", "had", "were",
        "was", "both", "all", "reportedly", "sadly", "tragically", "overnight",
    ]

    /// Whether another count term follows hit `index` closely in its clause: the verb of
    /// "Two of the injured later died".
    private func countTermFollows(_ index: Int) -> Bool {
        let hits = analysis.hits
        let tokens = analysis.tokens
        let last = Int(hits[index].last)
        var h = index + 1
        while h < hits.count, Int(hits[h].first) <= last + Self.forwardWindow {
            let other = hits[h]
            if Int(other.first) > last, analysis.countConcepts.contains(other.concept),
                (last + 1..<Int(other.first)).allSatisfy({ tokens[$0].kind == .word && Self.partitiveGlue.contains(token: $0, in: analysis) })
            {
                return true
            }
            h += 1
        }
        return false
    }

    /// "38 of the 120 soldiers in one assault battalion had been killed": "one" after a
    /// preposition picks out a thing, it counts no one (but "shadowed by one death" counts
    /// the term right after it).
    private func isDeterminerOne(_ number: NumberReader.Number, after stop: Int, before hit: Hit) -> Bool {
        number.first == number.last && number.last + 1 < Int(hit.first) && number.first - 1 > stop
            && analysis.isWord(number.first, "one") && Self.listPrepositions.contains(token: number.first - 1, in: analysis)
            && !Self.personNouns.contains(token: number.last + 1, in: analysis)
    }

    /// The nearest number before `hit` in its clause, not past another count term; with
    /// `before`, only numbers that end before that token.
    private func backward(from index: Int, hit: Hit, sentenceStart: Int, numbers: NumberReader, before limit: Int? = nil) -> NumberReader.Number? {
        let tokens = analysis.tokens
        // "Two of the injured later died": the two are the dead, not a count of the injured.
        if isPartitiveGroup(hit), countTermFollows(index) { return nil }
        // Token positions of other count terms, which end the backward reach.
        var stop = sentenceStart - 1
        var h = index - 1
        // Whether a count term starts between the one that ends the reach and `hit`.
        var passedCount = false
        // The reach includes a dashed aside's words, which the window does not count.
        let reach = tokens[Int(hit.first)].word - Int32(Self.backwardWindow + Self.asideReach) - Analysis.phraseReach
        while h >= 0, analysis.hits[h].first >= sentenceStart, tokens[Int(analysis.hits[h].first)].word >= reach {
            let other = analysis.hits[h]
            if analysis.countConcepts.contains(other.concept) {
                // "Two of the injured later died": the group a part is taken from is no
                // count of its own; the part's number, before it, is the next term's.
                if other.last < hit.first, passedCount || !isPartitiveGroup(other) {
                    stop = Int(other.last)
                    break
                }
                if other.first < hit.first { passedCount = true }
            }
            h -= 1
        }
        let hitWord = tokens[Int(hit.first)].word
        // Words inside a dashed aside, which do not count towards the window.
        var aside: Int32 = 0
        var t = min(Int(hit.first), limit ?? Int(hit.first)) - 1
        while t > stop {
            let token = tokens[t]
            if hitWord - token.word - aside > Self.backwardWindow { return nil }
            if token.endsClause { return nil }
            // "Three journalists — Shao Yunhuan of Xinhua and Xu Xinghu and his wife of the
            // Guangming Daily — were killed": the aside names them; the count stands before it.
            if token.isMark("-"), Self.afterAside.contains(token: t + 1, in: analysis),
                let opening = openingDash(before: t, after: stop)
            {
                aside += token.word - tokens[opening].word
                t = opening - 1
                continue
            }
            // "Four people, three protesters and a police officer, were injured": the aside
            // after a number and its noun lists them; the count stands before it.
            if token.isMark(","), hitWord - token.word <= Self.listReach, let opening = listOpening(before: t, after: stop, numbers: numbers) {
                aside += token.word - tokens[opening].word
                t = opening - 1
                continue
            }
            // "Olsund, who was ambassador in three capitals, has died": a relative clause
            // between commas describes the subject; its figures count nothing, unless the
            // whole group it counts is taken back after it and has no count of its own
            // ("The plane, which had 157 people on board, crashed, killing all aboard"; not
            // "Two guards, who had served in 12 missions, were all killed").
            if token.isMark(","), let opening = relativeOpening(before: t, after: stop),
                !takesBackGroup(closedAt: t, openedAt: opening, hit: hit, floor: stop, numbers: numbers)
            {
                aside += token.word - tokens[opening].word
                t = opening - 1
                continue
            }
            if Self.otherParty.contains(token: t, in: analysis) { return nil }
            // "The toll rose to 11, with several wounded": the term's own quantity is vague,
            // and the figure before it is the total's.
            if hitWord - token.word <= Self.vagueReach, Self.vagueQuantifiers.contains(token: t, in: analysis),
                !Self.injuryNouns.contains(token: Int(hit.first), in: analysis),
                (t + 1..<Int(hit.first)).allSatisfy({ tokens[$0].kind == .word })
            {
                return nil
            }
            if hitWord - token.word <= Self.otherPartyNearReach, Self.otherPartyNear.contains(token: t, in: analysis) { return nil }
            if let number = numbers.number(endingAt: t, floor: stop + 1), !isDeterminerOne(number, after: stop, before: hit) {
                // "29 survivors, three of them children", "three people, including two
                // children": a subset, not the count.
                // "only nine survived, four of them with serious injuries": the subset is the
                // term's own count when the term follows it closely.
                if !numbers.isSubset(number) || stop < sentenceStart && subsetTakesTerm(number, hit: hit) {
                    let found = numbers.partitive(before: number) ?? number
                    // "killed nine people and wounded several others": the number is the
                    // earlier term's (read forward from it), not this one's.
                    if stop >= sentenceStart, found.first > stop,
                        (stop + 1..<found.first).allSatisfy({ Self.forwardFillers.contains(token: $0, in: analysis) })
                    {
                        return nil
                    }
                    // "five soldiers and two civilians were killed": the largest figure.
                    if let other = numbers.coordinated(before: found, floor: stop + 1), other.value > found.value { return other }
                    // "Two other members of the group of six were injured": the group's size
                    // is not the count when a count stands before it.
                    if isGroupSize(found), let earlier = backward(from: index, hit: hit, sentenceStart: sentenceStart, numbers: numbers, before: found.first - 4) {
                        return earlier
                    }
                    return found
                }
                t = number.first
            }
            t -= 1
        }
        return nil
    }
}
