/// Evaluates a compiled ``RuleSet`` on documents. Pure and `Sendable`: one engine can
/// serve every task, and it never touches files, clocks or globals.
public struct Engine: Sendable {
    /// The rules this engine applies.
    public let rules: RuleSet

    public init(rules: RuleSet) {
        self.rules = rules
    }

    /// The alerts `document` raises, in rule order. `file` and `time` are left empty.
    public func evaluate(_ document: Document) -> [Alert] {
        explain(document, recordingRejections: false).alerts
    }
}
