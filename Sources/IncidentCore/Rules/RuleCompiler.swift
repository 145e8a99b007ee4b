
/// Turns parsed rule files into a ``RuleSet``: validates every key, compiles every term
/// into one lexicon, and collects all problems before failing.
struct RuleCompiler {
    private(set) var lexicon = Lexicon()
    var problems: [RuleProblem] = []
    private var conceptCount: Int32 = 0
    private var sharedCues: [String: CueSet] = [:]
    private(set) var pseudo: Int32 = -1
    private(set) var terminators: Int32 = -1
    private(set) var clauseBreaks: Int32 = -1
    private(set) var rules: [Rule] = []
    private(set) var countConcepts: Set<Int32> = []

    static let ruleKeys = [
        "id", "title", "description", "severity", "message_id", "escalate", "concepts", "cues", "match", "exclude",
        "extract", "examples",
    ]
    static let sharedKeys = ["description", "cues", "pseudo", "terminators", "clause_breaks"]

    /// Compiles `sources`: shared cue files (no `id:`) first, then the rules.
    mutating func compile(_ sources: [RuleSource]) {
        pseudo = newConcept()
        terminators = newConcept()
        clauseBreaks = newConcept()
        var ruleFiles: [(RuleSource, YAMLCursor, [(key: String, value: YAMLCursor)])] = []
        for source in sources {
            guard let root = parse(source), let entries = root.entries(&problems) else { continue }
            if entries.contains(where: { $0.key == "id" }) {
                ruleFiles.append((source, root, entries))
            } else {
                compileShared(entries, root: root)
            }
        }
        var seen: [String: String] = [:]
        for (source, root, entries) in ruleFiles {
            guard let rule = compileRule(entries, root: root) else { continue }
            if let other = seen[rule.id] {
                problems.append(RuleProblem(path: source.path, line: 1, column: 1, keyPath: "id", message: "rule id `\(rule.id)` is also defined in \(other)", fix: "give each rule a unique id, or remove one of the files"))
                continue
            }
            seen[rule.id] = source.path
            rules.append(rule)
        }
    }

    private mutating func parse(_ source: RuleSource) -> YAMLCursor? {
        do {
            guard let node = try YAML.parse(source.text) else {
                problems.append(RuleProblem(path: source.path, line: 1, column: 1, keyPath: "", message: "the file is empty", fix: "write a rule (see the README's \"Writing rules\") or delete the file"))
                return nil
            }
            return YAMLCursor(node: node, path: source.path, keyPath: "")
        } catch {
            problems.append(RuleProblem(path: source.path, line: error.line, column: error.column, keyPath: "", message: "YAML syntax error: \(error.message)", fix: "check indentation, quoting and brackets at that position"))
            return nil
        }
    }

    // MARK: Shared cue files

    private mutating func compileShared(_ entries: [(key: String, value: YAMLCursor)], root: YAMLCursor) {
        root.rejectUnknown(entries, known: Self.sharedKeys, &problems)
        for (key, value) in entries {
            switch key {
            case "cues":
                for (name, cues) in value.entries(&problems) ?? [] {
                    if let set = compileCueSet(name, cues, concepts: [:]) { sharedCues[name] = set }
                }
            case "pseudo": addTerms(value, to: pseudo)
            case "terminators": addTerms(value, to: terminators)
            case "clause_breaks": addTerms(value, to: clauseBreaks)
            default: break
            }
        }
    }

    // MARK: Concepts and terms

    mutating func newConcept() -> Int32 {
        defer { conceptCount += 1 }
        return conceptCount
    }

    /// Adds the terms listed at `cursor` to `concept`; returns how many were valid.
    @discardableResult
    mutating func addTerms(_ cursor: YAMLCursor, to concept: Int32) -> Int {
        guard let items = cursor.items(&problems) else { return 0 }
        var added = 0
        for item in items {
            guard let text = item.string(&problems) else { continue }
            guard let term = Term(text) else {
                problems.append(item.problem("term '\(text)' has no word in it", fix: "write words, `stem*` prefixes, or one of `;` `:` `,`"))
                continue
            }
            lexicon.add(term, concept: concept)
            added += 1
        }
        if added == 0, !items.isEmpty || cursor.node.sequence != nil {
            problems.append(cursor.problem("the list has no usable term", fix: "list at least one word or phrase"))
        }
        return added
    }

    mutating func compileCueSet(_ name: String, _ cursor: YAMLCursor, concepts: [String: Int32]) -> CueSet? {
        guard let entries = cursor.entries(&problems) else { return nil }
        cursor.rejectUnknown(entries, known: ["before", "after", "window", "target", "antecedents", "quoted", "headings", "commas", "spread_to", "spread_from", "spread_unless", "spread_figures", "retracts"], &problems)
        var set = CueSet(name: name, before: -1, after: -1, window: 6, targets: [])
        for (key, value) in entries {
            switch key {
            case "before":
                set.before = newConcept()
                addTerms(value, to: set.before)
            case "after":
                set.after = newConcept()
                addTerms(value, to: set.after)
            case "window":
                set.window = value.int(&problems, range: 1...50) ?? set.window
            case "quoted":
                set.quoted = value.bool(&problems) ?? false
            case "headings":
                set.headings = newConcept()
                addTerms(value, to: set.headings)
            case "commas":
                set.stopsAtComma = mode(value, key: key, yes: "stop", no: "cross") ?? set.stopsAtComma
            case "antecedents":
                set.keepsAntecedents = mode(value, key: key, yes: "keep", no: "rule out") ?? set.keepsAntecedents
            case "target":
                // One concept or a list: `target: mission`, `target: [mission, organisation]`.
                set.targets = conceptList(value, key: "target", concepts: concepts)
            case "spread_to":
                // `spread_to: [died]`: one term of these ruled out rules out all of them.
                set.spreadsTo = conceptList(value, key: "spread_to", concepts: concepts)
            case "spread_unless":
                set.spreadUnless = conceptList(value, key: "spread_unless", concepts: concepts)
            case "spread_figures":
                set.spreadsPastFigures = mode(value, key: key, yes: "too", no: "spared") ?? set.spreadsPastFigures
            case "retracts":
                // `retracts: earlier`: a claim taken back is taken back where it was made.
                set.retractsEarlier = mode(value, key: key, yes: "earlier", no: "here") ?? set.retractsEarlier
            case "spread_from":
                set.spreadsFromAnywhere = mode(value, key: key, yes: "anywhere", no: "ruled out") ?? set.spreadsFromAnywhere
            default: break
            }
        }
        if (set.spreadsFromAnywhere || !set.spreadUnless.isEmpty || set.spreadsPastFigures) && set.spreadsTo.isEmpty {
            problems.append(cursor.problem("cue set `\(name)` says how it spreads but names no `spread_to` concepts", fix: "add `spread_to: [...]` or remove `spread_from`, `spread_unless` and `spread_figures`"))
        }
        if set.before < 0 && set.after < 0 && !set.quoted && set.headings < 0 {
            problems.append(cursor.problem("cue set `\(name)` rules nothing out", fix: "add `before: [...]`, `after: [...]`, `headings: [...]` or `quoted: true`"))
            return nil
        }
        return set
    }

    /// A key that takes one of two words (`commas: stop` or `cross`): true for `yes`, false
    /// for `no`; nil, with a problem naming both, for anything else.
    mutating func mode(_ value: YAMLCursor, key: String, yes: String, no: String) -> Bool? {
        guard let word = value.string(&problems) else { return nil }
        switch word {
        case yes: return true
        case no: return false
        default:
            problems.append(value.problem("unknown `\(key)` mode '\(word)'", fix: "write `\(yes)` or `\(no)`"))
            return nil
        }
    }

    /// The concepts a cue-set key names, one (`target: mission`) or a list (`[a, b]`);
    /// an empty list is a problem, an unknown name too (see ``resolve(_:_:)``).
    mutating func conceptList(_ value: YAMLCursor, key: String, concepts: [String: Int32]) -> [Int32] {
        let names = value.node.sequence != nil ? value.items(&problems) ?? [] : [value]
        if names.isEmpty {
            problems.append(value.problem("`\(key)` lists no concept", fix: "name one or more concepts, or leave `\(key)` out"))
        }
        return names.compactMap { resolve($0, concepts) }
    }

    /// Looks up the concept named at `cursor`.
    mutating func resolve(_ cursor: YAMLCursor, _ concepts: [String: Int32]) -> Int32? {
        guard let name = cursor.string(&problems) else { return nil }
        if let id = concepts[name] { return id }
        let known = concepts.keys.sorted()
        let close = known.min { editDistance($0, name) < editDistance($1, name) }
        let fix = close.flatMap { editDistance($0, name) <= 3 ? "did you mean `\($0)`?" : nil }
            ?? "define it under `concepts:` (defined: \(known.joined(separator: ", ")))"
        problems.append(cursor.problem("unknown concept `\(name)`", fix: fix))
        return nil
    }

    func sharedCueSet(_ name: String) -> CueSet? { sharedCues[name] }
    var sharedCueNames: [String] { sharedCues.keys.sorted() }

    mutating func report(_ problem: RuleProblem) { problems.append(problem) }
    mutating func finishLexicon() { lexicon.finish() }
    mutating func noteCountConcepts(_ ids: [Int32]) { countConcepts.formUnion(ids) }
}

extension RuleSet {
    /// Validates and compiles rule files; all problems are collected before failing, and
    /// a set with any problem is rejected whole (never a partial load).
    ///
    /// - Parameter sources: Rule files and shared cue files (those without `id:`), in
    ///   the order they should load (by file name).
    /// - Throws: ``RuleSetError`` listing every problem with file:line:column.
    public static func load(_ sources: [RuleSource]) throws(RuleSetError) -> RuleSet {
        var compiler = RuleCompiler()
        compiler.compile(sources)
        guard compiler.problems.isEmpty else { throw RuleSetError(problems: compiler.problems) }
        compiler.finishLexicon()
        return RuleSet(
            rules: compiler.rules, lexicon: compiler.lexicon, pseudo: compiler.pseudo,
            terminators: compiler.terminators, clauseBreaks: compiler.clauseBreaks,
            countConcepts: compiler.countConcepts
        )
    }
}
