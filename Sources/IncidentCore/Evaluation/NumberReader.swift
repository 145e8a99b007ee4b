/// Reads counts of people as news text writes them: digits ("1,200", "3 million"),
/// number words ("two", "twenty-three", "a dozen", "two hundred") and the vague plurals
/// ACLED codes as lower bounds ("dozens" 12, "hundreds" 100). Numbers that are not
/// counts of people are refused: years, times, ages, measures, money, flight numbers.
struct NumberReader {
    struct Number: Equatable {
        var value: Int
        /// A vague plural: a lower bound, never a stated figure.
        var vague: Bool
        /// First and last token of the number as written.
        var first: Int
        var last: Int
    }

    let analysis: Analysis

    /// Figures above this are not counts of people (and never overflow).
    static let largest = 100_000_000

    static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "both": 2, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let scales: [String: Int] = ["hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12]
    static let vague: [String: Int] = ["dozens": 12, "tens": 10, "scores": 20, "hundreds": 100, "thousands": 1000]
    /// Words after a number that make it a measure, not a count of people.
    static let measures: WordSet = [
        "percent", "per", "km", "kilometres", "kilometers", "kilometre", "kilometer", "metres", "meters", "metre",
        "meter", "m", "miles", "mile", "mi", "yd", "yds", "feet", "ft", "foot", "yards", "years", "year", "decades", "decade", "months", "month", "weeks",
        "week", "days", "day", "hours", "hour", "hrs", "minutes", "minute", "mins", "seconds", "second", "a.m.", "p.m.",
        "am", "pm", "o'clock", "kg", "kilograms", "kilos", "tonnes", "tons", "tonne", "ton", "dollars", "euros",
        "pounds", "rubles", "roubles", "hryvnias", "manats", "usd", "eur", "storey", "storeys", "stories", "cubic",
        "square", "hectares", "acres", "mm", "cm", "millimetre", "calibre", "caliber", "degrees", "times", "kph",
        "mph", "gmt", "utc", "billion", "bn", "times", "rounds", "missiles", "drones", "rockets", "shells",
        "buildings", "homes", "houses", "cars", "vehicles", "apartments", "floors",
        // Money named after the figure ("1 million rupees") and animals ("40 cattle").
        "rupees", "rupee", "yen", "yuan", "naira", "shillings", "dinars", "riyals", "rials", "francs", "pesos",
        "lira", "liras", "dirhams", "afghanis", "taka", "rand", "kwacha", "cedis", "birr", "sterling",
        "hryvnia", "baht", "ringgit", "rupiah", "zloty", "zlotys", "forints", "kroner", "kronor", "krona",
        "cattle", "cows", "sheep", "goats", "horses", "camels", "donkeys", "livestock", "animals", "dogs",
        "chickens", "birds",
    ]
    /// Words before a number that make it a label, not a count.
    static let labels: WordSet = [
        "aged", "age", "ages", "no.", "number", "flight", "route", "district", "resolution", "article", "page",
        "chapter", "section", "platform", "gate", "bus", "line", "highway", "grade", "level", "sector", "block",
        "room", "floor", "apartment", "unit", "channel", "code", "model", "version", "terminal", "pier", "exit",
        "road", "street", "building", "house", "plot", "km", "kilometre", "kilometer", "mile", "year", "years",
        "paragraph", "item", "size", "magnitude", "category", "class", "type", "zone", "phase",
    ]
    /// Verbs after a named number that make it a speaker: "Rescue 1122 said".
    static let speechVerbs: WordSet = ["said", "says", "reported", "told", "stated", "confirmed"]
    /// People nouns before "of N" that make N an age: "a woman of 70".
    static let agedPeople: WordSet = [
        "man", "woman", "boy", "girl", "child", "person", "pensioner", "grandmother", "grandfather", "mother",
        "father", "son", "daughter", "widow", "widower", "retiree", "youth", "teenager", "lady", "gentleman",
    ]
    static let months: WordSet = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    // MARK: Scans

    /// Words that start another clause after a comma.
    static let clauseStarts: WordSet = ["and", "but", "while", "whereas"]
    /// Words after ", and" that go on with the same total: "rose to 12, and later to 19".
    static let totalGoesOn: WordSet = ["later", "then", "to", "subsequently", "eventually", "finally", "again", "afterwards", "since"]
    /// Words right after "both" that make it two people: "both of them", "both were", and
    /// the people nouns of ``bothPeople``.
    static let bothNext: WordSet = ["of", "were", "are", "was", "had", "have", "died", "suffered", "survived"]
    /// People nouns that make "both" (or "both" and one adjective) two people: "both
    /// officers were wounded", "both diplomatic agents".
    static let bothPeople: WordSet = [
        "men", "women", "officers", "policemen",
        "guards", "soldiers", "diplomats", "drivers", "staff", "victims", "children", "brothers", "sisters", "pilots",
        "passengers", "occupants", "workers", "journalists", "agents", "employees", "boys", "girls", "survivors",
        "attackers", "gunmen", "suspects", "civilians", "parents", "sons", "daughters", "officials", "guests",
        "nurses", "doctors", "teachers", "students", "climbers", "crew", "crewmen", "fighters", "hostages",
    ]

    /// Words after a total's figure that turn to what may come: "… and officials fear it
    /// could reach 30".
    /// (Not "may": "rose from 5 in May to 11 in June".)
    static let hedges: WordSet = ["could", "might", "would", "fear", "feared", "fears", "expected", "expect", "expects", "likely"]

    /// The first count within `window` tokens from `t`, skipping only `fillers` (any
    /// word when `fillers` is nil); stops at clause punctuation. `labelled`: the count is a
    /// field's value (see ``isCount(_:labelled:)``).
    func forward(from t: Int, limit: Int32, window: Int, fillers: WordSet?, labelled: Bool = false) -> Number? {
        var i = t
        var best: Number?
        let end = min(Int(limit), t + window)
        while i < end {
            let token = analysis.tokens[i]
            if token.kind == .punct {
                let stops: Bool = fillers != nil || token.endsClause
                if stops { return nil }
                // A total's figure ends at a comma that starts another clause: "the death toll
                // remains six, and 11 people were injured" (not "initially put at 27, rose to 34").
                if best != nil, token.mark == UInt8(ascii: ","), i + 1 < end, Self.clauseStarts.contains(token: i + 1, in: analysis),
                    i + 2 >= end || !Self.totalGoesOn.contains(token: i + 2, in: analysis)
                {
                    return best
                }
                i += 1
                continue
            }
            if let number = parse(at: i, limit: Int(limit), prefixedTimes: i == t) {
                guard fillers == nil else { return isCount(number, labelled: labelled) ? rangeEnd(of: number, limit: Int(limit)) : nil }
                // After a total ("the death toll from the 2022 quake rose from 12 to 23"):
                // skip what is not a count, keep the largest figure.
                if isCount(number), !number.vague, number.value > (best?.value ?? -1) { best = number }
                i = number.last + 1
                continue
            }
            if let fillers, !fillers.contains(token: i, in: analysis) { return nil }
            // A total's figure is what was stated, not what is feared: "the death toll rose to
            // 11 and officials fear it could reach 30".
            if fillers == nil, best != nil, Self.hedges.contains(token: i, in: analysis) { return best }
            i += 1
        }
        return best
    }

    /// The count whose last token is `t`, reading back no further than `floor`.
    func number(endingAt t: Int, floor: Int) -> Number? {
        guard isNumberish(t) else { return nil }
        var start = t
        let reach = max(floor, t - 8)  // the longest number phrase read is a few words
        while start - 1 >= reach,
            isNumberish(start - 1) || isArticleBeforeScale(start - 1) || isHalfBeforeScale(start - 1) || isAndAfterScale(start - 1, floor: reach)
        {
            start -= 1
        }
        // "two hundred", "a dozen": try the widest reading that ends at `t`.
        for s in start...t {
            if let number = parse(at: s, limit: t + 1), number.last == t {
                return isCount(number) ? number : nil
            }
        }
        return nil
    }

    /// Whether `t` is the "and" of "two hundred and twenty-four": right after a scale word.
    private func isAndAfterScale(_ t: Int, floor: Int) -> Bool {
        t - 1 >= floor && analysis.isWord(t, "and") && Self.scales[analysis.lower(t - 1)] != nil
            && !analysis.isWord(t - 1, "dozen")
    }

    /// The upper end of a range that starts with `number`: "between 20 and 25", "20 to 25",
    /// "20 - 25" read as 25, the largest figure the text states; `number` when no range
    /// follows; nil when the range is no count ("between 10 and 14 March", "8 to 10 p.m.").
    func rangeEnd(of number: Number, limit: Int) -> Number? {
        guard !number.vague else { return number }
        var i = number.last + 1
        guard i + 1 < limit else { return number }
        let token = analysis.tokens[i]
        let between = number.first > 0 && analysis.isWord(number.first - 1, "between")
        let dash = token.isMark("-") && analysis.tokens[number.last].kind == .number
        guard analysis.isWord(i, "to") || (between && analysis.isWord(i, "and")) || dash else { return number }
        i += 1
        guard let upper = parse(at: i, limit: limit), !upper.vague else { return number }
        guard isCount(upper) else { return nil }
        guard upper.value > number.value else { return number }
        return Number(value: upper.value, vague: false, first: number.first, last: upper.last)
    }

    /// For "38 of the 67 people", given 67: the 38.
    func partitive(before number: Number) -> Number? {
        var t = number.first - 1
        guard t > 0 else { return nil }
        if analysis.isWord(t, "the") { t -= 1 }
        guard t > 0, analysis.isWord(t, "of") else { return nil }
        guard let part = self.number(endingAt: t - 1, floor: 0), !part.vague, part.value <= number.value else { return nil }
        return part
    }

    /// The count in "FIVE soldiers and two civilians", given the "two": a number two to
    /// four words before an "and" that stands right before `number`'s noun phrase.
    func coordinated(before number: Number, floor limit: Int) -> Number? {
        var t = number.first - 1
        guard t > limit, analysis.isWord(t, "and") else { return nil }
        t -= 1
        let floor = max(limit, t - 3)
        while t >= floor {
            if analysis.tokens[t].kind == .punct { return nil }
            // Not a one-token range: "lost 1-3 and two fans were killed" is a score.
            if let other = self.number(endingAt: t, floor: floor), !other.vague, dashRange(other.last) == nil { return other }
            t -= 1
        }
        return nil
    }

    /// Whether `number` opens "N of them/whom/those": a part of a group already counted,
    /// or follows "including" / "among them".
    func isSubset(_ number: Number) -> Bool {
        // (Within the sentence: "Boats rescued them. Fifteen survivors were treated" is a count.)
        if number.first > 0, !startsSentence(number.first) {
            let previous = number.first - 1
            if ["including", "includes", "them", "incl."].contains(where: { analysis.isWord(previous, $0) }) { return true }
        }
        let next = number.last + 1
        guard next + 1 < analysis.tokens.count, analysis.isWord(next, "of") else { return false }
        guard ["them", "whom", "those", "which", "these"].contains(where: { analysis.isWord(next + 1, $0) }) else { return false }
        // "One of them died of his wounds": a clause's own subject, a count; a subset is an
        // aside after a comma, dash or bracket ("29 survivors, three of them children").
        if number.first == 0 { return false }
        let before = analysis.tokens[number.first - 1]
        if !(before.isMark(",") || before.isMark("-") || before.isMark("(")) { return false }
        // "six of them were treated in hospital": the subject of its own verb, a count.
        let verb = next + 2
        return !(verb < analysis.tokens.count && ["were", "was", "had", "have"].contains { analysis.isWord(verb, $0) })
    }

    // MARK: Parsing

    /// The number that starts at token `t`, if one does.
    func parse(at t: Int, limit: Int, prefixedTimes: Bool = false) -> Number? {
        let tokens = analysis.tokens
        let token = tokens[t]
        if token.kind == .number {
            guard token.value >= 0, token.value <= Self.largest else { return nil }
            var value = Int(token.value)
            var last = t
            // "2 thousand", "2 dozen" (not "2 hundred": a digit before "hundred" is rare
            // enough, and "24 hundred hours" is a time).
            if t + 1 < limit, mayBeNumberWord(tokens[t + 1]), let scale = Self.scales[analysis.lower(t + 1)], scale >= 1000 || scale == 12 {
                let (scaled, overflow) = value.multipliedReportingOverflow(by: scale)
                guard !overflow, scaled <= Self.largest else { return nil }
                value = scaled
                last = t + 1
            }
            return Number(value: value, vague: false, first: t, last: last)
        }
        if let value = timesCount(t, prefixed: prefixedTimes) ?? dashRange(t) { return Number(value: value, vague: false, first: t, last: t) }
        guard token.kind == .word, mayBeNumberWord(token) else { return nil }
        let word = analysis.lower(t)
        if let bound = Self.vague[word] {
            // "tens of thousands", "hundreds of thousands"
            if t + 2 < limit, analysis.isWord(t + 1, "of"), let next = Self.vague[analysis.lower(t + 2)] {
                return Number(value: bound * next, vague: true, first: t, last: t + 2)
            }
            if word == "tens", !(t + 1 < limit && analysis.isWord(t + 1, "of")) { return nil }
            return Number(value: bound, vague: true, first: t, last: t)
        }
        var value: Int
        var last: Int
        if word == "half" {
            // "killed half a dozen soldiers": six.
            guard t + 2 < limit, analysis.isWord(t + 1, "a") || analysis.isWord(t + 1, "an"),
                let scale = Self.scales[analysis.lower(t + 2)]
            else { return nil }
            return Number(value: scale / 2, vague: false, first: t, last: t + 2)
        }
        if word == "a" || word == "an" {
            // "a dozen", "a hundred and twelve"
            guard t + 1 < limit, let scale = Self.scales[analysis.lower(t + 1)] else { return nil }
            value = scale
            last = t + 1
        } else {
            guard let single = Self.wordValue(word) else { return nil }
            value = single
            last = t
        }
        var i = last + 1
        // At most a few steps ("two hundred and thirty-five thousand"): a run of number
        // words longer than that is not a count anyone writes.
        var steps = 0
        while i < limit, steps < 6 {
            steps += 1
            let next = analysis.lower(i)
            if let scale = Self.scales[next] {
                let (scaled, overflow) = value.multipliedReportingOverflow(by: scale)
                guard !overflow, scaled <= Self.largest else { return nil }
                value = scaled
            } else if (20...90).contains(value), value % 10 == 0, let unit = Self.units[next], (1...9).contains(unit) {
                value += unit  // "twenty one"
            } else if value % 100 == 0, value > 0, let more = Self.wordValue(next), more < 100 {
                value += more  // "two hundred five"
            } else if next == "and", i + 1 < limit, value >= 100, value % 100 == 0,
                let more = Self.wordValue(analysis.lower(i + 1)) ?? smallFigure(i + 1), more < 100
            {  // "two hundred and five", "a hundred and 20"
                value += more
                i += 1
            } else {
                break
            }
            last = i
            i += 1
        }
        guard value <= Self.largest else { return nil }
        return Number(value: value, vague: false, first: t, last: last)
    }

    /// Bit `(first, last, length)` set when some word of the tables above, "a" or "an"
    /// starts with letter `first`, ends with `last` and has `length` ≤ 13 bytes: a token
    /// of another shape skips the string look-ups ("the" is no "two", "ten" or "three").
    static let shapes: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (26 * 26 * 14 + 63) / 64)
        var words = Array(units.keys) + Array(tens.keys) + Array(scales.keys) + Array(vague.keys) + ["a", "an", "half"]
        for ten in tens.keys {
            for (unit, value) in units where (1...9).contains(value) { words.append(ten + "-" + unit) }
        }
        for word in words {
            let bytes = Array(word.utf8)
            if let index = shapeIndex(first: bytes[0], last: bytes[bytes.count - 1], length: bytes.count) {
                bits[index / 64] |= 1 << UInt64(index % 64)
            }
        }
        return bits
    }()

    @inline(__always)
    static func shapeIndex(first: UInt8, last: UInt8, length: Int) -> Int? {
        let f = Int(ByteClass.lowered(first)) &- Int(UInt8(ascii: "a"))
        let l = Int(ByteClass.lowered(last)) &- Int(UInt8(ascii: "a"))
        guard (0..<26).contains(f), (0..<26).contains(l), (1...13).contains(length) else { return nil }
        return (f * 26 + l) * 14 + length
    }

    /// Whether word token `token` has the shape of a number word (see ``shapes``).
    @inline(__always)
    func mayBeNumberWord(_ token: Token) -> Bool {
        let text = analysis.text
        guard let index = Self.shapeIndex(first: text[Int(token.start)], last: text[Int(token.end) - 1], length: Int(token.end - token.start)) else {
            return false
        }
        return Self.shapes[index / 64] & (1 << UInt64(index % 64)) != 0
    }

    /// The value of one number word, including hyphenated ones ("twenty-three").
    static func wordValue(_ word: String) -> Int? {
        if let v = units[word] ?? tens[word] { return v }
        guard word.utf8.contains(UInt8(ascii: "-")) else { return nil }
        let parts = word.split(separator: "-")
        guard parts.count == 2, let ten = tens[String(parts[0])], let unit = units[String(parts[1])], unit > 0, unit < 10 else {
            return nil
        }
        return ten + unit
    }

    /// The value of a figure token below 100 ("20" in "a hundred and 20"), or nil.
    private func smallFigure(_ t: Int) -> Int? {
        let token = analysis.tokens[t]
        guard token.kind == .number, (0..<100).contains(token.value) else { return nil }
        return Int(token.value)
    }

    /// The upper end of a range written as one token, "12-15": the largest figure stated.
    /// Not a span of years ("2014-2015"), nor a score or anything else whose first figure
    /// is not the smaller ("3-1"). (The tokenizer splits "1,200-1,500" at its second comma.)
    func dashRange(_ t: Int) -> Int? {
        let token = analysis.tokens[t]
        let start = Int(token.start), end = Int(token.end)
        guard token.kind == .word, (3...15).contains(end - start), analysis.text[start] &- UInt8(ascii: "0") < 10 else { return nil }
        var lower = 0, upper = 0, lowerDigits = 0, upperDigits = 0, second = false
        for i in start..<end {
            let byte = analysis.text[i]
            if byte == UInt8(ascii: "-"), !second, lowerDigits > 0 {
                second = true
                continue
            }
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            if second {
                guard upperDigits < 7 else { return nil }
                upper = upper * 10 + Int(digit)
                upperDigits += 1
            } else {
                guard lowerDigits < 7 else { return nil }
                lower = lower * 10 + Int(digit)
                lowerDigits += 1
            }
        }
        guard second, upperDigits > 0, upper > lower else { return nil }
        if lowerDigits == 4 || upperDigits == 4, (1800...2100).contains(lower) || (1800...2100).contains(upper) { return nil }
        return upper
    }

    /// The value of a count written as in security reports, "2x" or "x2" ("2x national
    /// staff KIA", "3x WIA", "KIA x2"): one to four digits and an `x`.
    func timesCount(_ t: Int, prefixed: Bool = false) -> Int? {
        let token = analysis.tokens[t]
        var start = Int(token.start), end = Int(token.end)
        guard token.kind == .word, (2...5).contains(end - start) else { return nil }
        if ByteClass.lowered(analysis.text[end - 1]) == UInt8(ascii: "x") {
            end -= 1
        } else if prefixed, ByteClass.lowered(analysis.text[start]) == UInt8(ascii: "x") {
            start += 1
        } else {
            return nil
        }
        var value = 0
        for i in start..<end {
            let digit = analysis.text[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    private func isNumberish(_ t: Int) -> Bool {
        let token = analysis.tokens[t]
        if token.kind == .number { return token.value >= 0 }
        if timesCount(t) != nil || dashRange(t) != nil { return true }
        // Number words are 3 to 13 letters long ("six" … "seventy-seven"), start with one of
        // a few letters ("both" is two), and are rarely capitalised mid-sentence: a cheap
        // filter first.
        guard token.kind == .word, (3...13).contains(token.end - token.start) else { return false }
        switch ByteClass.lowered(analysis.text[Int(token.start)]) {
        case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "f"), UInt8(ascii: "h"), UInt8(ascii: "m"),
            UInt8(ascii: "n"), UInt8(ascii: "o"), UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "z"):
            break
        default:
            return false
        }
        guard mayBeNumberWord(token) else { return false }
        let word = analysis.lower(t)
        return Self.wordValue(word) != nil || Self.scales[word] != nil || Self.vague[word] != nil
    }

    /// Whether `t` is the "half" of "half a dozen", which ``parse(at:limit:prefixedTimes:)`` reads whole.
    private func isHalfBeforeScale(_ t: Int) -> Bool {
        analysis.isWord(t, "half") && t + 1 < analysis.tokens.count && isArticleBeforeScale(t + 1)
    }

    private func isArticleBeforeScale(_ t: Int) -> Bool {
        guard analysis.isWord(t, "a") || analysis.isWord(t, "an"), t + 1 < analysis.tokens.count else { return false }
        return mayBeNumberWord(analysis.tokens[t + 1]) && Self.scales[analysis.lower(t + 1)] != nil
    }

    // MARK: Validation

    /// Whether `number` reads as a count of people rather than a year, time, age,
    /// measure, amount of money or label. `labelled`: the number is a count term's value
    /// ("Killed (12)"), so brackets after a capitalised word are no age.
    func isCount(_ number: Number, labelled: Bool = false) -> Bool {
        let tokens = analysis.tokens
        let first = tokens[number.first]
        let text = analysis.text
        // Words of the sentence before decide, never the end of the one before ("… a tall
        // building. 22 people were killed" is no "Building 22").
        let start = Int(analysis.sentences[analysis.sentence(containing: Int32(number.first))].first)
        // A one-token range ("12-15") is a figure too: the same checks apply.
        let isFigure = first.kind == .number || number.first == number.last && dashRange(number.first) != nil
        if isFigure {
            let length = first.end - first.start
            if length == 4, (1800...2100).contains(number.value), number.last == number.first { return false }
            if first.start > 0 {
                let before = text[Int(first.start) - 1]
                // $ £ € (and other currency signs, all non-ASCII) or a # label
                if before == UInt8(ascii: "$") || before == UInt8(ascii: "#") || before >= 0x80 { return false }
            }
            if Int(first.end) < text.count {
                let after = text[Int(first.end)]
                if after == UInt8(ascii: "%") || after == UInt8(ascii: "/") { return false }
            }
            if number.first > start {
                let previous = tokens[number.first - 1]
                if previous.isCapitalized, !startsSentence(number.first - 1) { return false }  // Flight 8243, Embraer 190
            }
        }
        // "He was 61." "She was 45, according to …", "the ambassador, who was 62,": an age.
        if number.first - 2 >= start, analysis.isWord(number.first - 1, "was") || analysis.isWord(number.first - 1, "is"),
            analysis.isWord(number.first - 2, "he") || analysis.isWord(number.first - 2, "she")
                || analysis.isWord(number.first - 2, "who") || analysis.isWord(number.first - 2, "whom")
        {
            return false
        }
        // "Both officers were wounded", "both of them died": two people. Not "hit both the
        // embassy and the consulate", "both sides", "both checkpoints".
        if number.first == number.last, first.kind == .word, analysis.isWord(number.first, "both") {
            let next = number.first + 1
            guard next < tokens.count else { return false }
            return Self.bothNext.contains(token: next, in: analysis) || Self.bothPeople.contains(token: next, in: analysis)
                || next + 1 < tokens.count && Self.bothPeople.contains(token: next + 1, in: analysis)
                    && !analysis.isWord(next, "the")
        }
        // "the truck driver with initials AS (34)", "Maria Lopez (52)": an age after a name.
        if isFigure, !labelled, number.first - 2 >= start, number.last + 1 < tokens.count, tokens[number.first - 1].isMark("("),
            tokens[number.last + 1].isMark(")"), tokens[number.first - 2].isCapitalized, number.value < 120
        {
            return false
        }
        // "a woman of 70", "a man of 52": an age.
        if number.first - 2 >= start, analysis.isWord(number.first - 1, "of"), Self.agedPeople.contains(token: number.first - 2, in: analysis) {
            return false
        }
        // "aged 30 and 45", "ages 4 to 9", "aged between 11 and 13" (not past a mark: "a boy
        // aged 7, and 12 others"; four words back only for a range: not "an aged care fire
        // killed 11")
        for back in 1...4 where number.first - back >= start {
            let t = number.first - back
            if tokens[t].kind == .punct { break }
            if back == 4, !(analysis.isWord(t + 1, "between") || analysis.isWord(t + 1, "from")) { break }
            if analysis.isWord(t, "aged") || analysis.isWord(t, "ages") || analysis.isWord(t, "age") { return false }
        }
        if number.first > start {
            // "Year 2" is a label; "last year two guards died" is a count.
            let afterYear = analysis.isWord(number.first - 1, "year") || analysis.isWord(number.first - 1, "years")
            if Self.labels.contains(token: number.first - 1, in: analysis), !(afterYear && !isFigure) { return false }
            if isFigure, Self.months.contains(token: number.first - 1, in: analysis) { return false }
        }
        let next = number.last + 1
        if next < tokens.count {
            if Self.measures.contains(token: next, in: analysis) { return false }
            // "Rescue 1122 said the wounded were shifted": a service's name that speaks.
            if isFigure, number.value >= 100, number.first > start, tokens[number.first - 1].isCapitalized,
                Self.speechVerbs.contains(token: next, in: analysis)
            {
                return false
            }
            if isFigure, Self.months.contains(token: next, in: analysis) { return false }
            // ", 55," (or ", 55 —") after a name: an age.
            if tokens[next].isMark(",") || tokens[next].isMark("-"), number.first > 0, tokens[number.first - 1].isMark(","),
                isFigure, number.value < 120
            {
                return false
            }
        }
        return true
    }

    private func startsSentence(_ t: Int) -> Bool {
        let s = analysis.sentence(containing: Int32(t))
        return Int(analysis.sentences[s].first) == t
    }
}
