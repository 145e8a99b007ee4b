/// One compiled alert rule.
///
/// A class, immutable: every rule run and count reader holds its rule, and passing one
/// reference costs one retain where a struct of a dozen arrays and strings cost a dozen.
public final class Rule: Sendable {
    /// The rule's id, e.g. `casualties-reported`.
    public let id: String
    /// A short human title used in alerts.
    public let title: String
    /// What the rule is for, from its `description`.
    public let description: String
    /// The severity before escalation.
    public let severity: Severity
    /// The fixed journal `MESSAGE_ID` (32 lowercase hex digits).
    public let messageID: String
    /// Examples that must and must not fire, run by `incidentd check`.
    public let examples: [RuleExample]
    /// The file the rule came from.
    public let path: String

    let patterns: [Pattern]
    let exclusions: [CueSet]
    let extractions: [Extraction]
    let escalations: [Escalation]
    /// Concept names by id, for explanations.
    let conceptNames: [Int32: String]
    /// By concept id: whether the concept holds cues of some exclusion set. A sentence
    /// with no hit of such a concept rules nothing out, whatever the sets' details.
    let cueConcepts: [Bool]
    /// The concept bits (see ``Analysis/conceptBit(_:)``) of every cue concept.
    let cueMask: ConceptMask
    /// Per pattern, the concept bits of its event term and of its `with` terms: a
    /// sentence whose concept mask lacks one of them cannot match the pattern.
    let patternMasks: [(event: ConceptMask, with: ConceptMask)]
    /// The concepts some exclusion set spreads to (see ``CueSet/spreadsTo``); empty for
    /// most rules, so most hits skip the look across the text.
    let spreads: Set<Int32>
    /// Indices in `exclusions` of the sets that spread, in order.
    let spreadingSets: [Int]
    /// By cue concept id: the index in `exclusions` of the one set whose cues it holds
    /// (-1 for other concepts), so a term's neighbours are looked up once for all sets.
    let cueOwners: [Int32]
    /// The widest `window` of `exclusions`.
    let widestWindow: Int
    /// Indices in `exclusions` of the sets that also look at where a term stands (in
    /// quotation marks, in a heading), in order.
    let placeSets: [Int]
    /// Indices in `exclusions` of the sets that retract earlier claims (see
    /// ``CueSet/retractsEarlier``), in order; empty for most rules.
    let retractingSets: [Int]
    /// The concepts of the patterns' events and `with` terms.
    let patternConcepts: Set<Int32>
    /// The patterns' event concepts.
    let eventConcepts: Set<Int32>
    /// The concept bits of the retracting sets' cues: a sentence without one retracts nothing.
    let retractionCueMask: ConceptMask

    init(
        id: String, title: String, description: String, severity: Severity, messageID: String,
        examples: [RuleExample], path: String, patterns: [Pattern], exclusions: [CueSet],
        extractions: [Extraction], escalations: [Escalation], conceptNames: [Int32: String], cueConcepts: [Bool]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.severity = severity
        self.messageID = messageID
        self.examples = examples
        self.path = path
        self.patterns = patterns
        self.exclusions = exclusions
        self.extractions = extractions
        self.escalations = escalations
        self.conceptNames = conceptNames
        self.cueConcepts = cueConcepts
        cueMask = cueConcepts.indices.reduce(ConceptMask()) { cueConcepts[$1] ? $0 | Analysis.conceptBit(Int32($1)) : $0 }
        spreads = Set(exclusions.flatMap(\.spreadsTo))
        spreadingSets = exclusions.indices.filter { !exclusions[$0].spreadsTo.isEmpty }
        let ids = exclusions.flatMap { [$0.before, $0.after] }
        var owners = [Int32](repeating: -1, count: Int(ids.max() ?? -1) + 1)
        for (index, set) in exclusions.enumerated() {
            // A set named twice in `exclude:` is the same set: its first place counts.
            for id in [set.before, set.after] where id >= 0 && owners[Int(id)] < 0 {
                owners[Int(id)] = Int32(index)
            }
        }
        cueOwners = owners
        widestWindow = exclusions.map(\.window).max() ?? 0
        placeSets = exclusions.indices.filter { exclusions[$0].quoted || exclusions[$0].headings >= 0 }
        retractingSets = exclusions.indices.filter { exclusions[$0].retractsEarlier }
        patternConcepts = Set(patterns.flatMap { [$0.event] + $0.with })
        eventConcepts = Set(patterns.map(\.event))
        retractionCueMask = retractingSets.reduce(ConceptMask()) { mask, index in
            [exclusions[index].before, exclusions[index].after].filter { $0 >= 0 }.reduce(mask) { $0 | Analysis.conceptBit($1) }
        }
        patternMasks = patterns.map { pattern in
            (Analysis.conceptBit(pattern.event), pattern.with.reduce(ConceptMask()) { $0 | Analysis.conceptBit($1) })
        }
    }

    /// The ``cueConcepts`` table of `exclusions`.
    static func cueConcepts(of exclusions: [CueSet]) -> [Bool] {
        let ids = exclusions.flatMap { [$0.before, $0.after] }.filter { $0 >= 0 }
        var table = [Bool](repeating: false, count: Int(ids.max() ?? -1) + 1)
        for id in ids { table[Int(id)] = true }
        return table
    }

    /// Whether `concept` holds cues of some exclusion set of this rule.
    @inline(__always)
    func isCue(_ concept: Int32) -> Bool {
        Int(concept) < cueConcepts.count && cueConcepts[Int(concept)]
    }

    /// The index in `exclusions` of the set whose cues `concept` holds, or -1.
    @inline(__always)
    func cueOwner(_ concept: Int32) -> Int {
        concept >= 0 && Int(concept) < cueOwners.count ? Int(cueOwners[Int(concept)]) : -1
    }
}

/// "Fire when an `event` term stands within `within` words of one term of each `with`
/// concept, in one sentence, with no `unless` term that close."
struct Pattern: Sendable {
    var event: Int32
    var with: [Int32]
    var within: Int
    /// When set, the `with` terms must also stand this close to each other
    /// ("UN" and "compound" in "the UN compound").
    var together: Int?
    /// When true, the `with` terms must follow the event ("strike on the consulate").
    var following: Bool = false
    /// When set, every `with` term is an anaphor ("the compound") that counts only when
    /// a term of this concept, not ruled out, stands earlier in the sentence or in the
    /// ``antecedentReach`` sentences before it.
    var antecedent: Int32?
    var unless: [Int32]
}

/// A named list of exclusion cues, NegEx/ConText style: cues `before` the event term, or
/// `after` any matched term, within `window` words and not across a terminator.
struct CueSet: Sendable {
    var name: String
    /// Concept holding the cues that rule out a term they precede, or -1.
    var before: Int32
    /// Concept holding the cues that rule out a term they follow, or -1.
    var after: Int32
    var window: Int
    /// When not empty, the cues apply to hits of these concepts only (both directions).
    var targets: [Int32] = []
    /// Whether a term these cues rule out still counts as the antecedent of a later
    /// anaphor ("exploded beside the embassy. … the front of the building").
    var keepsAntecedents = false
    /// Whether the set also rules out a term standing alone in quotation marks.
    var quoted = false
    /// Concept of the terms the set rules out where they label a section instead of
    /// reporting anything: a line made only of them ("Injuries", "Bodily injury /
    /// liability", "Casualties:") above the text that says what happened; or -1.
    var headings: Int32 = -1
    /// Whether a comma or a dash between cue and term ends the cue's reach (`commas:
    /// stop`): "hit the embassy, cutting off power" is no figurative "hit … off".
    var stopsAtComma = false
    /// Concepts whose every term in the text the set rules out once it rules out one of
    /// them anywhere: a death said to be natural ("died of a heart attack") is what the
    /// text's other mentions of a death ("announced the death of …") are about.
    var spreadsTo: [Int32] = []
    /// Whether the set spreads from a cue anywhere in the text, not only from one that
    /// rules out a term where it stands ("officials said he appeared to have suffered
    /// heart failure", two paragraphs from "where he died").
    var spreadsFromAnywhere = false
    /// Concepts that keep a term from the spread when one stands in its sentence: a death
    /// next to a bomb or a crash is not the natural death told elsewhere.
    var spreadUnless: [Int32] = []
    /// Whether the spread also rules out terms that state a figure of their own
    /// (`spread_figures: too`): a novel's "a car bomb killing 14" is as invented as the rest
    /// of its plot, where "two brothers died during a raid" is not the natural death told
    /// elsewhere.
    var spreadsPastFigures = false
    /// Whether an event term the set rules out also rules out the same term (same words,
    /// same concept) in sentences before it that share another of the rule's terms or a
    /// figure with it (`retracts: earlier`): a correction takes back the claim where the text
    /// made it ("FLASH — Embassy struck" … "An earlier flash wrongly said the embassy was
    /// struck"). Each term looks at the nearest 16 such corrections after it.
    var retractsEarlier = false
}

/// The casualty figure a rule extracts.
public enum CountField: String, Sendable, CaseIterable {
    case killed, injured
}

/// Where a count field's figures come from: numbers next to `counts` terms ("38 dead",
/// "killing 38") or a little further after `totals` terms ("the death toll … at 23").
struct Extraction: Sendable {
    var field: CountField
    var counts: [Int32]
    var totals: [Int32]
}

/// "Raise the severity to `severity` when `field` `op` `value`."
struct Escalation: Sendable {
    enum Op: String, Sendable, CaseIterable {
        case atLeast = ">=", greater = ">", equal = "==", atMost = "<=", less = "<"
    }

    var field: CountField
    var op: Op
    var value: Int
    var severity: Severity

    func holds(for figure: Int) -> Bool {
        switch op {
        case .atLeast: figure >= value
        case .greater: figure > value
        case .equal: figure == value
        case .atMost: figure <= value
        case .less: figure < value
        }
    }
}

/// An annotated example sentence shipped with a rule.
public struct RuleExample: Sendable {
    public var text: String
    /// Whether the rule must fire on `text`.
    public var fires: Bool
    /// The killed figure the rule must extract, when given.
    public var killed: Int?
    /// The injured figure the rule must extract, when given.
    public var injured: Int?
    /// Where the example stands, `path:line:column`.
    public var location: String
}
