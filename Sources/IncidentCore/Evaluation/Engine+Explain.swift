extension Engine {
    /// The most evidence sentences one alert carries.
    static let evidenceLimit = 8

    /// Evaluates `document` and also reports the candidates that exclusion cues ruled
    /// out, for `incidentd eval --explain`.
    public func explain(_ document: Document) -> Explanation {
        explain(document, recordingRejections: true)
    }

    /// Evaluates `document`; rejections are described only when asked for (building
    /// their sentence texts costs time the daemon does not need to spend).
    func explain(_ document: Document, recordingRejections: Bool) -> Explanation {
        var text = document.text
        return text.withUTF8 { bytes in
            let analysis = Analysis(text: bytes, rules: rules)
            var explanation = Explanation(alerts: [], rejections: [])
            var idPrefix: SHA256?
            for rule in rules.rules {
                var run = RuleRun(rule: rule, analysis: analysis, recordsRejections: recordingRejections)
                run.evaluate()
                explanation.rejections += run.rejections
                guard !run.evidence.isEmpty else { continue }
                let prefix = idPrefix ?? Alert.idPrefix(sha256: document.sha256)
                idPrefix = prefix
                explanation.alerts.append(run.alert(for: document, idPrefix: prefix))
            }
            return explanation
        }
    }
}

/// One rule applied to one analysed document.
struct RuleRun {
    let rule: Rule
    let analysis: Analysis
    private(set) var evidence: [Evidence] = []
    /// Where rejected candidates are described, for `--explain`; nil when not asked for.
    /// A reference, so matching need not mutate the run (a mutating call made every
    /// pattern be copied before it could be passed).
    private let log: RejectionLog?
    /// Whether a sentence holds a cue of this rule, settled once per sentence.
    private let cueMemo: CueMemo
    private let antecedentMemo = AntecedentMemo()
    private let spreadMemo = SpreadMemo()
    private let retractionMemo = RetractionMemo()

    /// The rejected candidates described, in text order.
    var rejections: [Rejection] { log?.items ?? [] }

    /// Whether to describe rejected candidates (for `--explain`).
    var recordsRejections: Bool { log != nil }

    init(rule: Rule, analysis: Analysis, recordsRejections: Bool = true) {
        self.rule = rule
        self.analysis = analysis
        self.log = recordsRejections ? RejectionLog() : nil
        self.cueMemo = CueMemo()
    }

    mutating func evaluate() {
        let patternCount = rule.patterns.count
        for s in analysis.sentences.indices {
            // Evidence is capped: once full, later sentences can change nothing the
            // daemon sees (only `--explain` wants every rejection).
            if !recordsRejections, evidence.count >= Engine.evidenceLimit { break }
            let range = analysis.hitRanges[s]
            guard !range.isEmpty else { continue }
            let concepts = analysis.conceptMasks[s]
            for p in 0..<patternCount {
                // A sentence without the event concept cannot match the pattern; without
                // a `with` concept it cannot either, but only `--explain` wants to know
                // which of its event terms cues ruled out on the way.
                let masks = rule.patternMasks[p]
                guard !(concepts & masks.event).isEmpty else { continue }
                if !recordsRejections, concepts & masks.with != masks.with { continue }
                if let (terms, event) = match(pattern: p, sentence: s, range: range) {
                    addEvidence(sentence: s, terms: terms, around: event)
                    break
                }
            }
        }
    }

    /// The alert for the evidence found, with counts and escalation.
    func alert(for document: Document, idPrefix: SHA256) -> Alert {
        var fields = AlertFields(
            countsCasualties: !rule.extractions.isEmpty,
            source: document.source, published: document.published, location: document.location
        )
        var severity = rule.severity
        for extraction in rule.extractions {
            let figures = CountReader(analysis: analysis)
                .figures(for: extraction, accept: { !isExcluded($0, asEvent: true) })
            switch extraction.field {
            case .killed: fields.killed = figures.exact
            case .injured: fields.injured = figures.exact
            }
            let figure = max(figures.exact ?? -1, figures.lowerBound ?? -1)
            for escalation in rule.escalations where escalation.field == extraction.field {
                if figure >= 0, escalation.holds(for: figure), escalation.severity > severity {
                    severity = escalation.severity
                }
            }
        }
        return Alert(
            alertID: Alert.id(prefix: idPrefix, rule: rule.id), rule: rule.id, severity: severity,
            title: rule.title, messageID: rule.messageID, name: document.name, sha256: document.sha256,
            evidence: evidence, fields: fields
        )
    }

    // MARK: Matching

    /// The matched terms when pattern `q` holds in sentence `s`.
    private func match(pattern q: Int, sentence s: Int, range: Range<Int>) -> ([String], Hit)? {
        // Fields are read in place: a copy of the pattern would retain its two arrays.
        let hits = analysis.hits
        events: for e in range where hits[e].concept == rule.patterns[q].event {
            let event = hits[e]
            if let (set, cue) = exclusion(of: event, asEvent: true, sentence: s) {
                reject(event, by: set, cue: cue, sentence: s)
                continue
            }
            let near = analysis.hits(near: event, words: rule.patterns[q].within, in: range)
            for u in near where rule.patterns[q].unless.contains(hits[u].concept) {
                if analysis.distance(event, hits[u]) <= rule.patterns[q].within {
                    let name = rule.conceptNames[hits[u].concept] ?? "unless"
                    reject(event, by: CueSet(name: "ruled out (\(name))", before: -1, after: -1, window: 0), cue: hits[u], sentence: s)
                    continue events
                }
            }
            var partners: [Hit] = []
            var ruledOut: (Hit, CueSet, Hit)?
            var budget = Self.partnerTries
            guard findPartners(q, from: 0, event: event, near: near, range: range, sentence: s,
                               chosen: &partners, ruledOut: &ruledOut, budget: &budget)
            else {
                if let (partner, set, cue) = ruledOut { reject(partner, by: set, cue: cue, sentence: s) }
                continue
            }
            return ([analysis.string(event)] + partners.map(analysis.string), event)
        }
        return nil
    }

    /// Partner candidates tried per event, in all: enough for a few terms of each concept
    /// near the event, bounded so a sentence of repeated terms stays linear.
    static let partnerTries = 32

    /// Chooses partners of pattern `q`'s concepts from the `k`th on, nearest first, and
    /// tries the next candidate when a later concept finds nothing next to the ones
    /// chosen: in "a UN worker said a mortar hit the WFP guesthouse", WFP pairs with the
    /// guesthouse where UN stands too far from it.
    private func findPartners(
        _ q: Int, from k: Int, event: Hit, near: Range<Int>, range: Range<Int>, sentence s: Int,
        chosen: inout [Hit], ruledOut: inout (Hit, CueSet, Hit)?, budget: inout Int
    ) -> Bool {
        guard k < rule.patterns[q].with.count else { return true }
        let hits = analysis.hits
        let concept = rule.patterns[q].with[k]
        for p in near where hits[p].concept == concept && analysis.distance(event, hits[p]) <= rule.patterns[q].within {
            let partner = hits[p]
            if analysis.clauseBreakBetween(partner, event, in: range) { continue }
            if event.last < partner.first, analysis.clauseJoinBetween(event.last, partner.first) { continue }
            if rule.patterns[q].following, partner.first <= event.last { continue }
            if let together = rule.patterns[q].together, let anchor = chosen.first, analysis.distance(anchor, partner) > together {
                continue
            }
            budget -= 1
            if budget < 0 { return false }
            if let (set, cue) = exclusion(of: partner, asEvent: false, sentence: s) {
                ruledOut = ruledOut ?? (partner, set, cue)
                continue
            }
            if let antecedent = rule.patterns[q].antecedent, !hasAntecedent(antecedent, of: p, sentence: s) {
                continue
            }
            chosen.append(partner)
            if findPartners(q, from: k + 1, event: event, near: near, range: range, sentence: s,
                            chosen: &chosen, ruledOut: &ruledOut, budget: &budget) {
                return true
            }
            chosen.removeLast()
        }
        return false
    }

    /// Sentences before an anaphor that its antecedent may stand in.
    static let antecedentReach = 3
    /// How far back an antecedent with the anaphor's own head noun may stand ("the
    /// American diplomatic compound in Benghazi" … paragraphs later … "overran the
    /// compound"). Bounded, so a text of many anaphors stays linear.
    static let sameHeadReach = 30
    /// Hits looked at per anaphor, nearest first: a text of thousands of terms must not
    /// make every anaphor in it cost thousands of checks.
    static let antecedentScan = 512

    /// Whether a term of `concept` that no cue rules out stands before the anaphor
    /// `hits[index]`, in its sentence or in the few before ("… the embassy's gate. The
    /// blast damaged the compound"), or further back when it ends in the anaphor's noun.
    /// The nearest earlier anaphor of the same kind links too, when it has an antecedent
    /// itself: "the interests section … [three sentences] … threw a bottle at the
    /// building. The fire blackened its façade". Each anaphor is settled once per run.
    private func hasAntecedent(_ concept: Int32, of index: Int, sentence s: Int, chain: Bool = true) -> Bool {
        if let known = antecedentMemo.known(index, concept, chain) { return known }
        let anaphor = analysis.hits[index]
        var head: String?
        var chained = !chain
        var budget = Self.antecedentScan
        var found = false
        sentences: for t in stride(from: s, through: max(0, s - Self.sameHeadReach), by: -1) {
            let near = s - t <= Self.antecedentReach
            let range = analysis.hitRanges[t]
            var i = t == s ? analysis.firstHit(in: range, atOrAfterToken: anaphor.first) : range.upperBound
            while i > range.lowerBound {
                i -= 1
                budget -= 1
                if budget < 0 { break sentences }
                let hit = analysis.hits[i]
                guard hit.last < anaphor.first else { continue }
                if hit.concept == anaphor.concept, near, !chained {
                    chained = true
                    if exclusion(of: hit, asEvent: false, sentence: t, antecedent: true) == nil,
                        hasAntecedent(concept, of: i, sentence: t, chain: false)
                    {
                        found = true
                        break sentences
                    }
                    continue
                }
                guard hit.concept == concept else { continue }
                if !near {
                    if head == nil { head = headNoun(anaphor) }
                    guard headNoun(hit) == head else { continue }
                }
                if exclusion(of: hit, asEvent: false, sentence: t, antecedent: true) == nil {
                    found = true
                    break sentences
                }
            }
        }
        antecedentMemo.remember(index, concept, chain, found)
        return found
    }

    /// The last word of a term, without a possessive: "compound" for "the compound's".
    private func headNoun(_ hit: Hit) -> String {
        var word = analysis.lower(Int(hit.last))
        for suffix in ["'s", "\u{2019}s"] where word.hasSuffix(suffix) {
            word.removeLast(suffix.count)
        }
        return word
    }

    /// What rules out an event in a yes/no question, for explanations.
    static let question = CueSet(name: "asked, not stated (a yes/no question)", before: -1, after: -1, window: 0)

    /// Whether some exclusion cue set rules `hit` out (used by count extraction too).
    func isExcluded(_ hit: Hit, asEvent: Bool) -> Bool {
        let s = analysis.sentence(containing: hit.first)
        return exclusion(of: hit, asEvent: asEvent, sentence: s) != nil
    }

    /// The first cue set and cue that rule `hit` out, if any.
    ///
    /// `before` cues reach forward to the event term (or to their target concept);
    /// `after` cues reach back to any matched term. Neither crosses a scope terminator,
    /// and a cue inside a pseudo-negation ("not only") is no cue.
    /// An `antecedent` is checked only against cue sets that do not keep antecedents: the
    /// embassy in "a bomb exploded beside the embassy" is no damaged embassy, but still
    /// what "the building" in the next sentence means.
    private func exclusion(of hit: Hit, asEvent: Bool, sentence s: Int, antecedent: Bool = false) -> (CueSet, Hit)? {
        let hits = analysis.hits
        let range = analysis.hitRanges[s]
        // Sets that look at the term itself: in quotation marks, or a heading.
        for index in rule.placeSets {
            let set = rule.exclusions[index]
            guard set.targets.isEmpty ? asEvent : set.targets.contains(hit.concept) else { continue }
            if set.quoted, analysis.standsInQuotes(hit) { return (set, hit) }
            if set.headings >= 0, analysis.standsInHeading(hit, sentence: s, concept: set.headings) || analysis.headsEmptyColumn(hit) {
                return (set, hit)
            }
        }
        if asEvent, analysis.isYesNoQuestion(s, asking: hit) {
            let first = analysis.sentences[s].first
            return (Self.question, Hit(concept: -1, first: first, last: first))
        }
        // A set that spread from elsewhere in the text ("died of a heart attack" → "the
        // death of the ambassador"): its cue stands in another sentence. Not to a term
        // with a figure of its own: "two brothers died during a raid" is not the death
        // that "one of the brothers had died of heart failure" explains.
        if asEvent, rule.spreads.contains(hit.concept) {
            for index in rule.spreadingSets where rule.exclusions[index].spreadsTo.contains(hit.concept) {
                let set = rule.exclusions[index]
                guard let cue = spreadCue(index), !spreadMemo.blocks(set, index: index, sentence: s, range: range, hits: hits) else { continue }
                if set.spreadsPastFigures || !CountReader(analysis: analysis).statesFigure(hit) { return (set, cue) }
            }
        }
        // A claim a later sentence takes back ("An earlier flash wrongly said the embassy
        // was struck"): the same term here ("FLASH — Embassy struck") is taken back too.
        if asEvent, !rule.retractingSets.isEmpty, let found = retraction(of: hit, sentence: s) {
            return found
        }
        // Most sentences hold no cue at all, and their concept mask says so. Only cue
        // concepts that share the mask's last bit leave a maybe; then one pass over the
        // hits settles it, once per sentence (per call it would be quadratic in a long
        // sentence's hits).
        let cues = analysis.conceptMasks[s] & rule.cueMask
        if cues.isEmpty { return nil }
        if cues == Analysis.sharedConceptBit {
            if range.count <= CueMemo.shortSentence {
                guard range.contains(where: { rule.isCue(hits[$0].concept) }) else { return nil }
            } else if !cueMemo.hasCue(range, rule: rule, hits: hits) {
                return nil
            }
        }
        // One pass over the term's neighbours for every set: the first set (in the rule's
        // order) with a cue that rules the term out, and that set's first such cue.
        var best: (index: Int, cue: Hit)?
        for c in analysis.hits(near: hit, words: rule.widestWindow, in: range) {
            let cue = hits[c]
            let owner = rule.cueOwner(cue.concept)
            guard owner >= 0, owner < (best?.index ?? Int.max) else { continue }
            if rules(rule.exclusions[owner], cue: cue, out: hit, asEvent: asEvent, antecedent: antecedent, range: range) {
                best = (owner, cue)
                if owner == 0 { break }  // nothing comes before the first set
            }
        }
        return best.map { (rule.exclusions[$0.index], $0.cue) }
    }

    /// Whether `cue`, a cue of `set`, rules out `hit` where it stands: the checks of
    /// ``cue(of:ruling:asEvent:antecedent:range:)`` for one cue.
    private func rules(_ set: CueSet, cue: Hit, out hit: Hit, asEvent: Bool, antecedent: Bool, range: Range<Int>) -> Bool {
        guard Self.applies(set, to: hit, antecedent: antecedent) else { return false }
        // Within the set's own window (``Analysis/hits(near:words:in:)``).
        let word = analysis.tokens[Int(cue.first)].word
        guard word >= analysis.tokens[Int(hit.first)].word - Int32(set.window) - Analysis.phraseReach,
            word <= analysis.tokens[Int(hit.last)].word + Int32(set.window)
        else { return false }
        // The tokens between cue and term: a cue before the term, or a cue phrase that
        // ends in it ("first casualty"); or a cue after it.
        let gap: (from: Int32, to: Int32)
        if set.before >= 0, asEvent || !set.targets.isEmpty, cue.concept == set.before, cue.first < hit.first,
            cue.last <= hit.last, analysis.distance(cue, hit) <= set.window
        {
            gap = (cue.last, hit.first)
        } else if set.after >= 0, cue.concept == set.after, cue.first > hit.last, analysis.distance(hit, cue) <= set.window {
            gap = (hit.last, cue.first)
        } else {
            return false
        }
        // A terminator inside a cue phrase ("the street where") does not count.
        return !analysis.isPseudo(cue, in: range) && !analysis.terminatorBetween(gap.from, gap.to, in: range)
            && (!set.stopsAtComma || !analysis.commaOrDashBetween(gap.from, gap.to))
    }

    /// Whether `set` looks at `hit` at all: its targets, and an antecedent it keeps.
    private static func applies(_ set: CueSet, to hit: Hit, antecedent: Bool) -> Bool {
        (set.targets.isEmpty || set.targets.contains(hit.concept)) && !(antecedent && set.keepsAntecedents)
    }

    /// The cue of `set` that rules out `hit` where it stands, if any.
    private func cue(of set: CueSet, ruling hit: Hit, asEvent: Bool, antecedent: Bool, range: Range<Int>) -> Hit? {
        guard Self.applies(set, to: hit, antecedent: antecedent) else { return nil }
        let hits = analysis.hits
        for c in analysis.hits(near: hit, words: set.window, in: range)
        where rules(set, cue: hits[c], out: hit, asEvent: asEvent, antecedent: antecedent, range: range) {
            return hits[c]
        }
        return nil
    }

    /// For the set `rule.exclusions[index]`, which spreads: the first cue in the text that
    /// rules out a term of the concepts it spreads to where that term stands, if any
    /// (settled once per run).
    private func spreadCue(_ index: Int) -> Hit? {
        if let known = spreadMemo.known(index) { return known }
        let set = rule.exclusions[index]
        var found: Hit?
        if set.spreadsFromAnywhere {
            found = analysis.hits.first { $0.concept == set.before || $0.concept == set.after }
            spreadMemo.remember(index, found)
            return found
        }
        search: for s in analysis.sentences.indices {
            let range = analysis.hitRanges[s]
            for h in range where set.spreadsTo.contains(analysis.hits[h].concept) {
                if let cue = cue(of: set, ruling: analysis.hits[h], asEvent: true, antecedent: false, range: range) {
                    found = cue
                    break search
                }
            }
        }
        spreadMemo.remember(index, found)
        return found
    }

    /// The set and cue that take back `hit`'s claim in a later sentence: the same words, of
    /// the same concept, ruled out there by a set that retracts earlier claims, in a
    /// sentence that shares another of the rule's terms or a figure with this one ("Embassy
    /// struck" … "wrongly said the embassy was struck"; "Two staff members are reported
    /// injured" … "we reported that two staff were injured"). "A bomber killed 12 at the
    /// market" is not the claim that "earlier reports that 20 people were killed were
    /// incorrect" takes back.
    ///
    /// Only the nearest ``retractionLooks`` later claims of the same words are looked at, so
    /// a text of thousands of corrections stays linear.
    private func retraction(of hit: Hit, sentence s: Int) -> (CueSet, Hit)? {
        let claims = retractionMemo.claims ?? findRetractions()
        guard !claims.isEmpty else { return nil }
        let text = analysis.string(hit).lowercased()
        guard let same = claims["\(hit.concept) \(text)"] else { return nil }
        // The first claim after sentence `s` (claims are in sentence order).
        var lo = 0, hi = same.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if same[mid].sentence > s { hi = mid } else { lo = mid + 1 }
        }
        guard lo < same.count else { return nil }
        for claim in same[lo..<min(same.count, lo + Self.retractionLooks)]
        where sharedKeys(s, claim.sentence).contains(where: { $0 != text }) {
            return (rule.exclusions[claim.set], claim.cue)
        }
        return nil
    }

    /// Up to two keys (``claimKeys(sentence:)``) that sentences `a` and `b` share: enough to
    /// know whether they share one besides a given term. Settled once per pair, walking the
    /// smaller set, so a long sentence of figures is not walked again for each of its terms.
    private func sharedKeys(_ a: Int, _ b: Int) -> [String] {
        let pair = a << 32 | b
        if let known = retractionMemo.shared[pair] { return known }
        let (x, y) = (claimKeys(sentence: a), claimKeys(sentence: b))
        let (small, large) = x.count <= y.count ? (x, y) : (y, x)
        var shared: [String] = []
        for key in small where large.contains(key) {
            shared.append(key)
            if shared.count == 2 { break }
        }
        retractionMemo.shared[pair] = shared
        return shared
    }

    /// Later claims of the same words looked at per term.
    static let retractionLooks = 16

    /// Every event term that a retracting set rules out where it stands, by concept and
    /// words, in sentence order (settled once per run; only sentences holding one of the
    /// sets' cues are looked at).
    private func findRetractions() -> [String: [RetractionMemo.Claim]] {
        var claims: [String: [RetractionMemo.Claim]] = [:]
        let hits = analysis.hits
        let events = rule.eventConcepts
        for s in analysis.sentences.indices where !(analysis.conceptMasks[s] & rule.retractionCueMask).isEmpty {
            let range = analysis.hitRanges[s]
            for index in rule.retractingSets {
                let set = rule.exclusions[index]
                guard range.contains(where: { hits[$0].concept == set.before || hits[$0].concept == set.after }) else { continue }
                for h in range where events.contains(hits[h].concept) {
                    if let cue = cue(of: set, ruling: hits[h], asEvent: true, antecedent: false, range: range) {
                        let key = "\(hits[h].concept) \(analysis.string(hits[h]).lowercased())"
                        claims[key, default: []].append(.init(sentence: s, set: index, cue: cue))
                    }
                }
            }
        }
        retractionMemo.claims = claims
        return claims
    }

    /// What identifies the claims of sentence `s`: the rule's terms there (lowercased) and
    /// its figures ("#2" for "two" or "2"). Settled once per sentence.
    private func claimKeys(sentence s: Int) -> Set<String> {
        if let known = retractionMemo.keys[s] { return known }
        var keys: Set<String> = []
        let hits = analysis.hits
        for h in analysis.hitRanges[s] where rule.patternConcepts.contains(hits[h].concept) {
            keys.insert(analysis.string(hits[h]).lowercased())
        }
        let sentence = analysis.sentences[s]
        for t in Int(sentence.first)..<Int(sentence.end) {
            let token = analysis.tokens[t]
            if token.kind == .number, token.value >= 0 {
                keys.insert("#\(token.value)")
            } else if token.kind == .word, (3...9).contains(token.end - token.start),
                let value = NumberReader.wordValue(analysis.lower(t))
            {
                keys.insert("#\(value)")
            }
        }
        retractionMemo.keys[s] = keys
        return keys
    }

    // MARK: Results

    private mutating func addEvidence(sentence s: Int, terms: [String], around hit: Hit) {
        guard evidence.count < Engine.evidenceLimit else { return }
        let (text, start, end) = analysis.sentenceText(s, around: hit)
        evidence.append(Evidence(text: text, start: start, end: end, terms: terms))
    }

    private func reject(_ hit: Hit, by set: CueSet, cue: Hit, sentence s: Int) {
        guard let log, log.seen.insert(hit).inserted, log.items.count < 64 else { return }
        log.items.append(
            Rejection(
                rule: rule.id, reason: set.name, cue: analysis.string(cue), term: analysis.string(hit),
                sentence: analysis.sentenceText(s, around: hit).text
            )
        )
    }
}

/// The candidates one rule run ruled out, for `--explain`.
final class RejectionLog {
    var items: [Rejection] = []
    /// Hits already described (a hit is described once, by its first reason).
    var seen: Set<Hit> = []
}

/// What ``RuleRun/hasAntecedent(_:of:sentence:chain:)`` found per anaphor hit and concept,
/// so an anaphor that many events pair with is looked up once.
private final class AntecedentMemo {
    private var known: [Int: Bool] = [:]

    private static func key(_ index: Int, _ concept: Int32, _ chain: Bool) -> Int {
        index << 33 | Int(UInt32(bitPattern: concept)) << 1 | (chain ? 1 : 0)
    }

    func known(_ index: Int, _ concept: Int32, _ chain: Bool) -> Bool? { known[Self.key(index, concept, chain)] }

    func remember(_ index: Int, _ concept: Int32, _ chain: Bool, _ found: Bool) {
        known[Self.key(index, concept, chain)] = found
    }
}

/// Per rule run and spreading cue set: the cue that rules out one of its terms somewhere
/// in the text (or none), settled once.
private final class SpreadMemo {
    /// Per exclusion set index: nil when not looked for yet, else the cue found (or none).
    private var cues: [Hit??] = []

    func known(_ index: Int) -> Hit?? {
        index < cues.count ? cues[index] : nil
    }

    func remember(_ index: Int, _ cue: Hit?) {
        if cues.count <= index { cues += [Hit??](repeating: nil, count: index + 1 - cues.count) }
        cues[index] = .some(cue)
    }
    /// Per spreading set and sentence: whether the sentence holds a term of the set's
    /// `spread_unless` concepts.
    private var blocked: [SIMD2<Int>: Bool] = [:]

    /// Whether sentence `s` holds a term that keeps `set` (`rule.exclusions[index]`) from
    /// spreading into it (looked for once per set and sentence: a long sentence of deaths
    /// must not be scanned per death).
    func blocks(_ set: CueSet, index: Int, sentence s: Int, range: Range<Int>, hits: [Hit]) -> Bool {
        guard !set.spreadUnless.isEmpty else { return false }
        let key = SIMD2(index, s)
        if let known = blocked[key] { return known }
        let found = range.contains { set.spreadUnless.contains(hits[$0].concept) }
        blocked[key] = found
        return found
    }
}

/// Per rule run: the claims that retracting cue sets take back, found once.
private final class RetractionMemo {
    /// A term a retracting set rules out; kept under its concept and words, lowercased.
    struct Claim {
        /// The sentence of the retraction: only claims before it are taken back.
        var sentence: Int
        /// The index of the retracting set in the rule's exclusions.
        var set: Int
        var cue: Hit
    }

    var claims: [String: [Claim]]?
    /// Per sentence looked at: its ``RuleRun/claimKeys(sentence:)``.
    var keys: [Int: Set<String>] = [:]
    /// Per pair of sentences compared: up to two keys they share.
    var shared: [Int: [String]] = [:]
}

/// Per rule run: whether a long sentence (keyed by its first hit) holds a cue of the
/// rule, settled once. A reference, so the non-mutating matching code can fill it in;
/// short sentences are simply scanned.
private final class CueMemo {
    /// Sentences with at most this many hits are scanned on each check.
    static let shortSentence = 32
    private var known: [Int: Bool] = [:]

    func hasCue(_ range: Range<Int>, rule: Rule, hits: [Hit]) -> Bool {
        if let known = known[range.lowerBound] { return known }
        let found = range.contains(where: { rule.isCue(hits[$0].concept) })
        known[range.lowerBound] = found
        return found
    }
}
