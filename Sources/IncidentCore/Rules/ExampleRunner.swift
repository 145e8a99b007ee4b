/// Runs the examples rules carry: each must fire (or not) as annotated and extract the
/// figures it names.
public struct ExampleRunner: Sendable {
    public let rules: RuleSet

    public init(rules: RuleSet) {
        self.rules = rules
    }

    /// One example that did not behave as annotated.
    public struct Failure: Sendable, CustomStringConvertible {
        public var rule: String
        public var location: String
        public var text: String
        public var problem: String

        public var description: String { "\(location): \(rule): \(problem): \(Escaping.printable(text))" }
    }

    /// Every failing example, in rule order.
    public func failures() -> [Failure] {
        let engine = Engine(rules: rules)
        var failures: [Failure] = []
        for rule in rules.rules {
            for example in rule.examples {
                let document = Document(name: "example.txt", text: example.text, sha256: "")
                let alert = engine.evaluate(document).first { $0.rule == rule.id }
                func fail(_ problem: String) {
                    failures.append(Failure(rule: rule.id, location: example.location, text: example.text, problem: problem))
                }
                if example.fires != (alert != nil) {
                    fail(example.fires ? "expected to fire, did not" : "fired, expected not to")
                    continue
                }
                guard let alert else { continue }
                if let killed = example.killed, alert.fields.killed != killed {
                    fail("expected killed=\(killed), got \(alert.fields.killed.map(String.init) ?? "none")")
                }
                if let injured = example.injured, alert.fields.injured != injured {
                    fail("expected injured=\(injured), got \(alert.fields.injured.map(String.init) ?? "none")")
                }
            }
        }
        return failures
    }
}
