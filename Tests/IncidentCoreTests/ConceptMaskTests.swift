import Foundation
import Testing
@testable import IncidentCore

/// The engine settles most patterns and cue checks with a 256-bit mask of the concepts in
/// a sentence, exact for concepts 0...254. This test loads 260 cue sets first, so every
/// built-in concept lands on the mask's shared last bit, and checks that the built-in
/// rules still decide exactly as they do alone.
@Suite("Concept masks: exact for the first 255 concepts, a safe maybe past them")
struct ConceptMaskTests {
    /// A shared cue file of 260 cue sets, compiled before the built-in files: it takes
    /// concept ids 3...262, so every built-in concept lies past bit 254.
    private static let padding: RuleSource = {
        let sets = (0..<260).map { "  padding\($0):\n    window: 1\n    before: [zzpadding\($0)]" }
        return RuleSource(path: "(test)/000-padding.yaml", text: "description: Padding.\ncues:\n" + sets.joined(separator: "\n") + "\n")
    }()

    @Test("every concept of the built-in rules has a bit of its own (no sentence scan for a maybe)")
    func builtinFitsTheMask() {
        for rule in RuleSet.builtin.rules {
            #expect((rule.cueMask & Analysis.sharedConceptBit).isEmpty, "\(rule.id): a cue concept shares the last bit")
            #expect(rule.patternMasks.allSatisfy { ($0.event | $0.with) & Analysis.sharedConceptBit == ConceptMask() }, "\(rule.id)")
        }
    }

    @Test("built-in rules decide alike when their concepts lie past the mask's own bits")
    func conceptsPastTheMask() throws {
        let padded = Engine(rules: try RuleSet.load([Self.padding] + RuleSet.builtinSources))
        let builtin = Engine(rules: .builtin)
        // Every cue and pattern concept of the built-in rules shares the last bit.
        for rule in padded.rules.rules {
            #expect(rule.cueMask == Analysis.sharedConceptBit)
            #expect(rule.patternMasks.allSatisfy { $0.event == Analysis.sharedConceptBit })
        }
        let directory = testDirectory() + "/Corpus"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted().filter { $0 != "labels.json" }
        #expect(names.count > 50)
        for name in names {
            let bytes = try #require(FileManager.default.contents(atPath: directory + "/" + name))
            let document = try Document.parse(bytes: Array(bytes), name: name)
            let expected = builtin.explain(document)
            let actual = padded.explain(document)
            #expect(actual.alerts == expected.alerts, "\(name)")
            #expect(actual.rejections == expected.rejections, "\(name)")
            #expect(padded.evaluate(document) == builtin.evaluate(document), "\(name)")
        }
    }
}
