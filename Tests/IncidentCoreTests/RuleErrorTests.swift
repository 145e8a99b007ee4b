import Foundation
import Testing
@testable import IncidentCore

@Suite("Rule files: loud, complete, located errors")
struct RuleErrorTests {
    private func problems(_ yaml: String, path: String = "/etc/incidentd/rules.d/bad.yaml") -> [RuleProblem] {
        do {
            _ = try RuleSet.load([RuleSource(path: path, text: yaml)])
            return []
        } catch {
            return error.problems
        }
    }

    private let valid = """
        id: test-rule
        title: Test
        severity: high
        message_id: 0123456789abcdef0123456789abcdef
        concepts:
          thing: [embassy]
          hurt: [damag*]
        match:
          - {event: hurt, with: [thing], within: 5}

        """

    @Test("a valid rule loads and fires")
    func validRule() throws {
        let rules = try RuleSet.load([RuleSource(path: "t.yaml", text: self.valid)])
        #expect(rules.rules.map(\.id) == ["test-rule"])
        let found = Engine(rules: rules).evaluate(Document(name: "x.txt", text: "The embassy was damaged.", sha256: ""))
        #expect(found.map(\.rule) == ["test-rule"])
    }

    @Test("an unknown key names file:line:column, the key and a fix")
    func unknownKey() throws {
        let found = problems(valid.replacingOccurrences(of: "severity: high", with: "severty: high"))
        let problem = try #require(found.first { $0.message.contains("severty") })
        #expect(problem.path == "/etc/incidentd/rules.d/bad.yaml")
        #expect(problem.line == 3)
        #expect(problem.column == 1)
        #expect(problem.fix.contains("severity"))
        #expect(problem.description.hasPrefix("/etc/incidentd/rules.d/bad.yaml:3:1:"))
    }

    @Test("a cue set spreading to an unknown concept is named with a fix")
    func unknownSpreadConcept() throws {
        let yaml = valid + """
            cues:
              natural:
                spread_to: [hurts]
                after: [peacefully]

            """
        let problem = try #require(problems(yaml).first { $0.message.contains("hurts") })
        #expect(problem.line == 12)
        #expect(problem.fix.contains("hurt"))
        let empty = valid + """
            cues:
              natural:
                spread_to: []
                after: [peacefully]

            """
        #expect(problems(empty).contains { $0.message.contains("`spread_to` lists no concept") })
        let nowhere = valid + """
            cues:
              natural:
                spread_from: anywhere
                after: [peacefully]

            """
        #expect(problems(nowhere).contains { $0.message.contains("names no `spread_to` concepts") })
        let unlessAlone = valid + """
            cues:
              natural:
                spread_unless: [thing]
                after: [peacefully]

            """
        #expect(problems(unlessAlone).contains { $0.message.contains("names no `spread_to` concepts") })
        let unlessEmpty = valid + """
            cues:
              natural:
                spread_to: [hurt]
                spread_unless: []
                after: [peacefully]

            """
        #expect(problems(unlessEmpty).contains { $0.message.contains("`spread_unless` lists no concept") })
        let unknownMode = valid + """
            cues:
              natural:
                spread_to: [hurt]
                spread_from: everywhere
                after: [peacefully]

            """
        #expect(problems(unknownMode).contains { $0.message.contains("unknown `spread_from` mode 'everywhere'") && $0.fix.contains("anywhere") })
        let commas = valid + """
            cues:
              natural:
                commas: sometimes
                after: [peacefully]

            """
        #expect(problems(commas).contains { $0.message.contains("unknown `commas` mode 'sometimes'") && $0.fix.contains("stop") })
        let noCues = valid + """
            cues:
              natural:
                window: 3

            """
        #expect(problems(noCues).contains { $0.message.contains("cue set `natural` rules nothing out") && $0.fix.contains("headings") })
    }

    @Test("a cue set with `commas: stop` does not reach across a comma; without it, it does")
    func commasStop() throws {
        func fires(_ mode: String, _ text: String) throws -> Bool {
            let yaml = valid + """
                cues:
                  figurative:
                    window: 4
                    commas: \(mode)
                    after: [relations]
                exclude: [figurative]

                """
            let rules = try RuleSet.load([RuleSource(path: "t.yaml", text: yaml)])
            return !Engine(rules: rules).evaluate(Document(name: "x.txt", text: text, sha256: "")).isEmpty
        }
        #expect(try !fires("stop", "The embassy damaged relations."))
        #expect(try fires("stop", "A blast damaged the embassy, straining relations."))
        #expect(try !fires("cross", "A blast damaged the embassy, straining relations."))
    }

    @Test("a cue set with `headings:` rules out its terms on a line made only of them, nowhere else")
    func headings() throws {
        let yaml = """
            id: test-rule
            title: Test
            severity: high
            message_id: 0123456789abcdef0123456789abcdef
            concepts:
              hurt: [injuries, injured]
            match:
              - {event: hurt, within: 1}
            cues:
              heading:
                headings: [injuries]
            exclude: [heading]

            """
        let rules = try RuleSet.load([RuleSource(path: "t.yaml", text: yaml)])
        func fires(_ text: String) -> Bool {
            !Engine(rules: rules).evaluate(Document(name: "x.txt", text: text, sha256: "")).isEmpty
        }
        #expect(!fires("Injuries\nNone reported."))
        #expect(!fires("3. Injuries:\nNone reported."))
        #expect(!fires("Injuries and injuries"))
        // A run-in heading: the term is its whole sentence, first on its line.
        #expect(!fires("Injuries.\nNone of note."))
        #expect(!fires("Damage. None.\nInjuries. None of note."))
        // A sentence, a figure, another word on the line or a long line is no heading.
        #expect(fires("Guards at the gate. Injuries."))
        #expect(fires("Injuries: 4\n"))
        #expect(fires("Bodily injuries\nNone reported."))
        #expect(fires("Heavy injuries in the north\n"))
        #expect(fires("Guards suffered injuries in the attack on the gate\n"))
        #expect(fires("Two guards injured\n"))
        #expect(fires("Injuries were reported among the guards, police said."))
    }

    @Test("a cue set with `retracts: earlier` takes a claim back where it was made before, not after")
    func retractsEarlier() throws {
        func rules(_ mode: String) throws -> RuleSet {
            try RuleSet.load([RuleSource(path: "t.yaml", text: valid + """
                cues:
                  corrected:
                    retracts: \(mode)
                    window: 10
                    before: ["wrongly said"]
                exclude: [corrected]

                """)])
        }
        let earlier = try rules("earlier"), here = try rules("here")
        func fires(_ rules: RuleSet, _ text: String) -> Bool {
            !Engine(rules: rules).evaluate(Document(name: "x.txt", text: text, sha256: "")).isEmpty
        }
        let flash = "FLASH: embassy damaged. An earlier flash wrongly said the embassy was damaged."
        #expect(!fires(earlier, flash))
        #expect(fires(here, flash))
        // A later report of the same words is a new claim; other words are other claims.
        #expect(fires(earlier, "An earlier flash wrongly said the embassy was damaged. At noon a drone damaged the embassy."))
        #expect(fires(earlier, "The embassy was damaged by a drone. It was wrongly said the embassy's damage was minor, then damages were counted."))
        #expect(!fires(earlier, "An earlier flash wrongly said the embassy was damaged."))
        let bad = valid + """
            cues:
              corrected:
                retracts: everywhere
                before: ["wrongly said"]

            """
        #expect(problems(bad).contains { $0.message.contains("unknown `retracts` mode 'everywhere'") && $0.fix.contains("earlier") })
    }

    @Test("`spread_figures: too` rules out terms with figures of their own; without it they stay")
    func spreadFigures() throws {
        func rules(_ extra: String) throws -> RuleSet {
            try RuleSet.load([RuleSource(path: "t.yaml", text: """
                id: test-rule
                title: Test
                severity: high
                message_id: 0123456789abcdef0123456789abcdef
                concepts:
                  killed: [killed]
                match:
                  - {event: killed, within: 1}
                extract:
                  killed: {counts: [killed]}
                cues:
                  fiction:
                    spread_to: [killed]
                    spread_from: anywhere
                \(extra)
                    before: [fictional]
                exclude: [fiction]

                """)])
        }
        let text = "The film is set in a fictional capital. A car bomb killed 14 people at the embassy gate."
        func fires(_ rules: RuleSet) -> Bool {
            !Engine(rules: rules).evaluate(Document(name: "x.txt", text: text, sha256: "")).isEmpty
        }
        #expect(try !fires(rules("    spread_figures: too")))
        #expect(try fires(rules("    spread_figures: spared")))
        #expect(try fires(rules("")))
        let bad = valid + """
            cues:
              fiction:
                spread_figures: too
                before: [fictional]

            """
        #expect(problems(bad).contains { $0.message.contains("says how it spreads but names no `spread_to`") && $0.fix.contains("spread_figures") })
    }

    @Test("every problem is reported at once")
    func allProblems() {
        let yaml = valid
            .replacingOccurrences(of: "severity: high", with: "severity: urgent")
            .replacingOccurrences(of: "0123456789abcdef0123456789abcdef", with: "xyz")
            .replacingOccurrences(of: "with: [thing]", with: "with: [thin]")
        let found = problems(yaml)
        #expect(found.count == 3, "\(found)")
        #expect(found.contains { $0.message.contains("unknown severity") && $0.line == 3 })
        #expect(found.contains { $0.message.contains("message_id") && $0.fix.contains("systemd-id128") })
        #expect(found.contains { $0.message.contains("unknown concept `thin`") && $0.fix.contains("did you mean `thing`") })
    }

    @Test("YAML syntax errors give the position")
    func syntax() throws {
        let found = problems("id: x\nconcepts: [a, b\ntitle: y\n")
        let problem = try #require(found.first)
        #expect(problem.message.contains("YAML"))
        #expect(problem.line >= 2)
    }

    @Test("wrong types and missing keys are named")
    func types() {
        let found = problems("id: x\ntitle: [a]\nseverity: high\nmessage_id: 0123456789abcdef0123456789abcdef\nmatch: []\n")
        #expect(found.contains { $0.keyPath == "title" })
        #expect(found.contains { $0.message.contains("missing required key `concepts`") })
    }

    @Test("one bad file rejects the whole set")
    func noPartialLoad() {
        #expect(throws: RuleSetError.self) {
            try RuleSet.load([RuleSource(path: "good.yaml", text: valid), RuleSource(path: "bad.yaml", text: "id: [")])
        }
    }

    @Test("duplicate rule ids are refused")
    func duplicates() {
        var found: [RuleProblem] = []
        do {
            _ = try RuleSet.load([RuleSource(path: "a.yaml", text: valid), RuleSource(path: "b.yaml", text: valid)])
        } catch {
            found = error.problems
        }
        #expect(found.contains { $0.message.contains("also defined in a.yaml") })
    }
}
