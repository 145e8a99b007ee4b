import Testing
import TestSupport

/// Conditions some end-to-end tests need; a test whose condition is missing is skipped
/// with the reason shown, never passed.
enum Gates {
    /// Whether the built-in rule set has rules. While the rule engine is a stub it has
    /// none, and tests that expect alerts from the seed report cannot pass.
    static let engineHasRules: Bool = {
        let result = Binary.run(["check", "--config", "/dev/null"])
        return result.status == 0 && !result.stdout.contains("ok: 0 rules")
    }()

    /// Whether we are root (the journald fixture may need to start journald).
    static let isRoot: Bool = geteuidValue() == 0
}

extension Trait where Self == ConditionTrait {
    /// Skips the test while the built-in rules are empty (rule engine not merged yet).
    static var needsRuleEngine: Self {
        .enabled(if: Gates.engineHasRules, "needs the rule engine: the built-in rule set is empty")
    }
}

#if canImport(Glibc)
import Glibc
private func geteuidValue() -> UInt32 { geteuid() }
#endif
