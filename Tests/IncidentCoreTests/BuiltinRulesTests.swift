import Testing
@testable import IncidentCore

import Foundation

@Suite("Built-in rules")
struct BuiltinRulesTests {
    @Test("the rules compiled into the binary are exactly config/rules.d")
    func embeddedMatchesFiles() throws {
        let directory = repositoryRoot() + "/config/rules.d"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names == BuiltinRules.files.map(\.name), "run `make rules` to re-embed config/rules.d")
        for (name, text) in BuiltinRules.files {
            let onDisk = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            #expect(onDisk == text, "\(name) differs from the embedded copy; run `make rules`")
        }
    }

    @Test("the built-in rules load, with their ids, severities and message ids")
    func load() {
        let rules = RuleSet.builtin.rules
        #expect(rules.map(\.id) == [casualtyRule, missionRule])
        #expect(rules.first { $0.id == missionRule }?.severity == .critical)
        #expect(rules.first { $0.id == casualtyRule }?.severity == .high)
        #expect(Set(rules.map(\.messageID)).count == 2)
    }

    @Test("every example of every built-in rule behaves as annotated")
    func examples() {
        let failures = ExampleRunner(rules: .builtin).failures()
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
        #expect(RuleSet.builtin.rules.allSatisfy { $0.examples.count >= 8 })
    }
}
