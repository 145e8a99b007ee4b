import Testing
@testable import IncidentCore

/// The lexicon looks words up by length class (up to 8 bytes, 9 to 16, longer) and tries
/// stems only where some may apply; these tests compare what it finds, token by token,
/// with a plain reading of the terms.
@Suite("Lexicon: every word and stem found, whatever its length or case")
struct LexiconTests {
    static let alphabet = Array("abcdefghijklmnopqrstuvwx")
    /// Words of every length from 1 to 24 bytes, and stems of a few lengths, all
    /// prefixes of one another, so a token can match several at once.
    static let words = (1...24).map { String(alphabet[0..<$0]) } + ["ambassador", "counterterrorism", "counterterrorists"]
    static let stems = ["ab", "abcdefgh", "abcdefghij", "abcdefghijklmnopq", "counter", "ambassadors"]

    /// The concept of the `i`th term: `caa`, `cab`, …
    static func name(_ i: Int) -> String {
        "c" + String(alphabet[i / 24]) + String(alphabet[i % 24])
    }

    static let rules: RuleSet = {
        let terms = words.map { "\"\($0)\"" } + stems.map { "\"\($0)*\"" }
        let concepts = terms.indices.map { "  \(name($0)): [\(terms[$0])]" }
        let yaml = """
            id: lexicon-test
            title: Lexicon test
            severity: info
            message_id: 0123456789abcdef0123456789abcdef
            concepts:
            \(concepts.joined(separator: "\n"))
            match:
              - {event: caa, within: 1}

            """
        do {
            return try RuleSet.load([RuleSource(path: "(test)/lexicon.yaml", text: yaml)])
        } catch {
            fatalError("\(error)")
        }
    }()

    /// The concepts a token should carry: the stems that prefix it, shortest first, then
    /// the word equal to it.
    static func expected(_ token: String) -> [Int32] {
        let lower = token.lowercased()
        var ids: [String: Int32] = [:]
        for (id, name) in rules.rules[0].conceptNames { ids[name] = id }
        var found: [Int32] = []
        for (i, stem) in stems.enumerated().sorted(by: { $0.element.count < $1.element.count }) where lower.hasPrefix(stem) {
            found.append(ids[name(words.count + i)]!)
        }
        if let i = words.firstIndex(of: lower) { found.append(ids[name(i)]!) }
        return found
    }

    @Test("single tokens of 1 to 30 bytes, in three cases, find their words and stems", arguments: ["lower", "upper", "title"])
    func singleTokens(casing: String) {
        var tokens: [String] = []
        for length in 1...30 {
            let word = String((0..<length).map { Self.alphabet[$0 % Self.alphabet.count] })
            tokens += [word, word + "z", String(word.dropLast()) + "z"]
        }
        tokens += ["ambassador", "ambassadors", "ambassadorship", "counterterrorism", "counterterrorists", "counterterrorismo"]
        for token in tokens {
            let cased = casing == "upper" ? token.uppercased() : casing == "title" ? token.prefix(1).uppercased() + token.dropFirst() : token
            var text = "x " + cased + " x"
            let found: [Int32] = text.withUTF8 { bytes in
                let analysis = Analysis(text: bytes, rules: Self.rules)
                return analysis.hits.filter { $0.first == 1 && $0.last == 1 }.map(\.concept)
            }
            #expect(found == Self.expected(cased), "\(cased)")
        }
    }
}
