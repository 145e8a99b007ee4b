/// A validated, compiled, immutable set of rules, ready for an ``Engine``.
///
/// All rules share one ``Lexicon``, so a document is scanned once whatever the number
/// of rules.
public struct RuleSet: Sendable {
    /// The rules, in file-name order.
    public let rules: [Rule]
    let lexicon: Lexicon
    /// Concept of the pseudo-negation phrases ("not only", "no doubt") that disarm cues.
    let pseudo: Int32
    /// Concept of the scope terminators ("but", "however", ";") that end a cue's reach.
    let terminators: Int32
    /// Concept of the marks that open a new clause about something else (", which"):
    /// a term before one does not pair with an event after it.
    let clauseBreaks: Int32
    /// Every concept id that some extraction counts, for the backward number scan's stop.
    let countConcepts: Set<Int32>
}

/// Why a rule set was rejected: every problem found, each naming the file, line and
/// column, the key path, what is wrong and how to fix it.
public struct RuleSetError: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var problems: [RuleProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// One problem in a rule file.
public struct RuleProblem: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    /// Where in the file's structure, e.g. `match[1].within`; empty for syntax errors.
    public var keyPath: String
    public var message: String
    /// What to do about it.
    public var fix: String

    public var description: String {
        let key = keyPath.isEmpty ? "" : " \(keyPath):"
        return "\(path):\(line):\(column):\(key) \(message); \(fix)"
    }
}

extension RuleSet {
    /// The built-in rules: `config/rules.d`, compiled into the binary.
    public static let builtinSources: [RuleSource] = BuiltinRules.files.map {
        RuleSource(path: "(built-in)/\($0.name)", text: $0.text)
    }

    /// The built-in rule set. The embedded files are checked by the test suite, so a
    /// failure here is a build defect, not bad input.
    public static let builtin: RuleSet = {
        do {
            return try RuleSet.load(builtinSources)
        } catch {
            fatalError("built-in rules do not compile:\n\(error)")
        }
    }()
}
