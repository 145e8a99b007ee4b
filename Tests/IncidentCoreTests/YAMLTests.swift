import IncidentCore
import Testing

@Suite("YAML reader")
struct YAMLTests {
    private func parse(_ text: String) throws -> YAMLNode {
        try #require(try YAML.parse(text))
    }

    private func error(_ text: String) -> YAMLError? {
        do {
            _ = try YAML.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("block mappings and sequences nest, with positions")
    func blockCollections() throws {
        let root = try parse("""
            # comment
            id: casualties-reported   # trailing comment
            escalate:
              - if: killed >= 10
                severity: critical
            list:
            - a
            - b c
            empty:
            """)
        let entries = try #require(root.mapping)
        #expect(entries.map(\.name) == ["id", "escalate", "list", "empty"])
        #expect(entries[0].value.scalar == "casualties-reported")
        #expect((entries[0].key.line, entries[0].key.column) == (2, 1))
        #expect((entries[0].value.line, entries[0].value.column) == (2, 5))
        let escalate = try #require(entries[1].value.sequence)
        let first = try #require(escalate.first?.mapping)
        #expect(first.map(\.name) == ["if", "severity"])
        #expect(first[0].value.scalar == "killed >= 10")
        #expect((first[1].key.line, first[1].key.column) == (5, 5))
        #expect(entries[2].value.sequence?.compactMap(\.scalar) == ["a", "b c"])
        #expect(entries[3].value.scalar == "")
    }

    @Test("flow collections span lines and hold quoted text")
    func flowCollections() throws {
        let root = try parse("""
            terms: [killed, "lost their lives", 'it''s', stem*,   # comment inside
                    "at #"]
            pattern: {event: killed, within: 1, with: [a, b]}
            """)
        let entries = try #require(root.mapping)
        #expect(entries[0].value.sequence?.compactMap(\.scalar) == ["killed", "lost their lives", "it's", "stem*", "at #"])
        let pattern = try #require(entries[1].value.mapping)
        #expect(pattern.map(\.name) == ["event", "within", "with"])
        #expect(pattern[2].value.sequence?.compactMap(\.scalar) == ["a", "b"])
    }

    @Test("quoted scalars resolve escapes and fold lines")
    func quotedScalars() throws {
        let root = try parse(#"""
            a: "tab\there \"q\" \u00e9 \x41"
            b: 'single ''quoted'' #not a comment'
            c: "folded
              onto one line"
            """#)
        let entries = try #require(root.mapping)
        #expect(entries[0].value.scalar == "tab\there \"q\" é A")
        #expect(entries[1].value.scalar == "single 'quoted' #not a comment")
        #expect(entries[2].value.scalar == "folded onto one line")
    }

    @Test("block scalars: literal keeps lines, folded joins them, chomping applies")
    func blockScalars() throws {
        let root = try parse("""
            literal: |
              one
              two
            folded: >
              one
              two

              three
            stripped: |-
              text
            next: x
            """)
        let entries = try #require(root.mapping)
        #expect(entries[0].value.scalar == "one\ntwo\n")
        #expect(entries[1].value.scalar == "one two\nthree\n")
        #expect(entries[2].value.scalar == "text")
        #expect(entries[3].value.scalar == "x")
    }

    @Test("a plain value may continue on more-indented lines")
    func plainContinuation() throws {
        let root = try parse("description: a long\n  value here\nnext: 1\n")
        #expect(root.mapping?.first?.value.scalar == "a long value here")
        #expect(root.mapping?.last?.value.scalar == "1")
    }

    @Test("keys may be aligned with spaces before the colon")
    func alignedKeys() throws {
        let root = try parse("spool    : /var/spool/incidentd\noutput   : json\nlist     :\n  - a\n")
        let entries = try #require(root.mapping)
        #expect(entries.map(\.name) == ["spool", "output", "list"])
        #expect(entries[0].value.scalar == "/var/spool/incidentd")
        #expect(entries[2].value.sequence?.compactMap(\.scalar) == ["a"])
    }

    @Test("comments, blank lines and a document marker alone are an empty document")
    func emptyDocument() throws {
        #expect(try YAML.parse("") == nil)
        #expect(try YAML.parse("# only a comment\n\n---\n") == nil)
    }

    @Test("syntax errors say where and how to fix", arguments: [
        ("a: [b, c\n", 1, 4, "never closed"),
        ("a: 'open\n", 1, 4, "never closed"),
        ("a: 1\n  b: 2\n", 2, 3, "align it with the keys above"),
        ("a:\n  b:\n    c: 1\n   d: 2\n", 4, 4, "unexpected indentation"),
        ("a: 1\na: 2\n", 2, 1, "duplicate key `a`"),
        ("a: &anchor 1\n", 1, 4, "anchors"),
        ("a: *alias\n", 1, 4, "aliases"),
        ("a: !tag 1\n", 1, 4, "tags"),
        ("a:\n\t- b\n", 2, 1, "tab"),
        ("a:\n  b: |\n    t\n \tc: 1\n", 4, 2, "tab"),
        ("a: b: c\n", 1, 5, "mapping cannot start on the same line"),
        ("a: \"bad \\q escape\"\n", 1, 9, "unknown escape"),
        ("a: 1\n---\nb: 2\n", 2, 1, "one YAML document"),
        ("a: [1] x\n", 1, 8, "unexpected text"),
        ("a: [b: c]\n", 1, 6, "not supported"),
        (String(repeating: "[", count: 100) + "\n", 1, 64, "nested more than 64"),
    ])
    func errors(text: String, line: Int, column: Int, words: String) throws {
        let problem = try #require(error(text))
        #expect((problem.line, problem.column) == (line, column), "\(problem)")
        #expect(problem.message.contains(words), "\(problem)")
    }

    @Test("hostile input ends in an error or a tree, never a crash")
    func hostileInput() {
        let inputs = [
            String(repeating: "[", count: 100_000), String(repeating: "- ", count: 5_000),
            String(repeating: "a:\n ", count: 2_000), "\u{0}\u{1}\u{2}", "\"\\", "a: |\n", "{a: [}", "- - - -\n",
        ]
        for input in inputs {
            _ = try? YAML.parse(input)
        }
    }
}
