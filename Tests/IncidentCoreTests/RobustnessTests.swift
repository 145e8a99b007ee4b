import Testing
@testable import IncidentCore

@Suite("Hostile input: no crash, bounded time", .timeLimit(.minutes(1)))
struct RobustnessTests {
    /// Evaluates `bytes` as the daemon would, and checks it took well under the daemon's
    /// 30 s watchdog even in a debug build: a quadratic path on a hostile report would
    /// get the service killed and restarted on the same file, again and again.
    private func evaluate(_ bytes: [UInt8], name: String = "x.txt") -> [Alert]? {
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < Self.budget, "\(bytes.count) bytes took \(elapsed)")
        }
        guard let document = try? Document.parse(bytes: bytes, name: name) else { return nil }
        return Engine(rules: .builtin).evaluate(document)
    }

    /// The time one hostile input may take (debug build; release is several times faster).
    static let budget = Duration.seconds(15)

    @Test("random bytes")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let count = Int.random(in: 0...4096, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 1...255, using: &generator) }
            _ = evaluate(bytes)
            _ = evaluate(bytes, name: "x.json")
        }
    }

    @Test("a 10 MB single line")
    func longLine() throws {
        let word = Array("embassy damaged no killed 12 ".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10_000_000)
        while bytes.count < 10_000_000 { bytes += word }
        let found = try #require(evaluate(bytes))
        #expect(found.allSatisfy { $0.evidence.count <= Engine.evidenceLimit })
    }

    @Test("only punctuation")
    func punctuation() throws {
        let bytes = Array(String(repeating: ".,;:!?\"'()-— …", count: 100_000).utf8)
        #expect(try #require(evaluate(bytes)).isEmpty)
    }

    @Test("one sentence of a repeated count, total or anaphor term, up to the daemon's 1 MiB, stays linear", arguments: [
        "killed ", "the death toll ", "damaged the compound ", "Killed ", "the Killing of ",
    ])
    func repeatedTerms(phrase: String) throws {
        var text = "A bomb hit the embassy and killed two people. " + String(repeating: "embassy ", count: 30_000) + ". A. B. C. "
        text += String(repeating: phrase, count: (1 << 20 - text.utf8.count) / phrase.utf8.count)
        _ = try #require(evaluate(Array(text.utf8)))
    }

    @Test("one sentence of 1 MiB of chained asides before a count term stays linear (each comma looks a bounded way)", arguments: [
        "who a,, ", "who a,\", ", "Killed: 1, ", "1, 1 and 1, ", "one of whom was 19, ",
    ])
    func chainedAsides(phrase: String) throws {
        var text = "Two guards, "
        text += String(repeating: phrase, count: (1 << 20 - text.utf8.count) / phrase.utf8.count)
        text += "who a, were killed at the embassy."
        _ = try #require(evaluate(Array(text.utf8)))
    }

    @Test("1 MiB of short lines of casualty words stays linear (each heading is read by one cursor)", arguments: [
        "Injuries\n", "guard injured\n", "deaths deaths deaths deaths deaths deaths deaths deaths deaths deaths deaths\n",
        "injuries injuries injuries injuries injuries injuries injuries injuries\n", "deaths and deaths and deaths and deaths\n",
    ])
    func headingLines(phrase: String) throws {
        let text = String(repeating: phrase, count: (1 << 20) / phrase.utf8.count)
        _ = try #require(evaluate(Array(text.utf8)))
    }

    @Test("1 MiB of markdown table stays linear (each line is split once)", arguments: [
        "| Killed | Injured | Killed |\n|---|---|---|\n", "| 12 | 40 | 3 |\n", "| Killed |||||||||||||||||||||||||||\n|---|\n",
        "||||||||||||||||||||||||||||||||||||||||\n", "| Killed | 4 | killed | 5 |", "Killed | 4\n---|---\n",
    ])
    func markdownTables(phrase: String) throws {
        let text = "| Place | Killed | Injured |\n|---|---|---|\n" + String(repeating: phrase, count: (1 << 20) / phrase.utf8.count)
        _ = try #require(evaluate(Array(text.utf8)))
    }

    @Test("a 1 MiB table of many count columns and empty rows stays linear (a short row looks at no column it lacks)")
    func wideTable() throws {
        let header = String(repeating: "|killed", count: 60_000) + "\n|-|\n"
        let text = header + String(repeating: "|\n", count: ((1 << 20) - header.utf8.count) / 2)
        _ = try #require(evaluate(Array(text.utf8)))
    }

    @Test("1 MiB of anaphors and damage with no mission named stays linear (each anaphor is settled once)", arguments: [
        "the building was damaged ", "the building the building the building damaged ",
        "the compound, the building, its gate and its walls were damaged ", "The building was hit. Its facade was damaged. ",
    ])
    func anaphorsWithoutAntecedent(phrase: String) throws {
        let text = String(repeating: phrase, count: (1 << 20) / phrase.utf8.count)
        let alerts = try #require(evaluate(Array(text.utf8)))
        #expect(!alerts.contains { $0.rule == "protected-mission-damage" })
    }

    @Test("1 MiB of deaths after one natural death stays linear (the natural death is found once)", arguments: [
        "The death was mourned. ", "death death died dies ", "Was the embassy hit? Two people died. ",
        // One sentence of deaths next to a bomb: the sentence is looked at once, not per death.
        "died in the bomb blast ",
    ])
    func deathsAfterANaturalDeath(phrase: String) throws {
        var text = "He died peacefully after a long illness. "
        text += String(repeating: phrase, count: (1 << 20 - text.utf8.count) / phrase.utf8.count)
        _ = try #require(evaluate(Array(text.utf8)))
    }

    @Test("1 MiB of claims and corrections stays linear (each term looks at a few later corrections)", arguments: [
        "The embassy was hit. An earlier flash wrongly said the embassy was hit. ",
        "Two guards were killed. Earlier we reported that 3 guards were killed. ",
        "killed killed wrongly said killed ",
    ])
    func corrections(phrase: String) throws {
        var text = ""
        var n = 0
        while text.utf8.count < 1 << 20 {
            // A different figure in each, so no correction shares one with a claim.
            text += phrase.split(separator: "3", omittingEmptySubsequences: false).joined(separator: String(n)) + "\(n). "
            n += 1
        }
        _ = try #require(evaluate(Array(text.utf8)))
    }

    @Test("1 MiB of long claims of many figures, each followed by corrections, stays linear (a pair of sentences is compared once)")
    func longClaimsAndCorrections() throws {
        var text = ""
        var n = 0
        while text.utf8.count < 1 << 20 {
            text += "Gunmen " + (0..<300).map { "killed \(n + $0)" }.joined(separator: " and ") + ". "
            text += String(repeating: "Officials wrongly said guards were killed. ", count: 17)
            n += 300
        }
        _ = try #require(evaluate(Array(text.utf8)))
    }

    @Test("a 1 MiB yes/no question of events stays linear (only its first words are asked about)")
    func hugeQuestion() throws {
        var text = "Was "
        text += String(repeating: "the embassy hit and two guards killed ", count: (1 << 20) / 38)
        text += "?"
        _ = try #require(evaluate(Array(text.utf8)))
    }

    @Test("100,000 tiny sentences")
    func tinySentences() throws {
        let bytes = Array(String(repeating: "Hit. No. A 1. ", count: 100_000).utf8)
        _ = try #require(evaluate(bytes))
    }

    @Test("deep JSON nesting inside a value is refused by the depth limit")
    func deepJSON() {
        let depth = 50_000
        let json = "{\"title\":\"x\",\"a\":" + String(repeating: "{\"a\":", count: depth) + "1"
            + String(repeating: "}", count: depth) + "}"
        #expect(throws: DocumentError.tooDeep(limit: JSONReportParser.depthLimit)) {
            try Document.parse(bytes: Array(json.utf8), name: "x.json")
        }
    }

    @Test("a JSON report with a 50 MB string is parsed in one pass when a limit lets it in")
    func fiftyMegabyteString() throws {
        // The daemon refuses it by size first (max_file_size, 1 MiB by default); this is
        // the parser on its own, for an operator who raises the limit.
        let count = 50 << 20
        var bytes = Array(#"{"title":"Embassy damaged","padding":""#.utf8)
        bytes.reserveCapacity(count + 64)
        bytes += [UInt8](repeating: UInt8(ascii: "b"), count: count)
        bytes += Array(#"","body":"x"}"#.utf8)
        // The parser alone: hashing 50 MB in a debug build would dominate the test's time.
        var parser = JSONReportParser(bytes: bytes)
        let report = try parser.parse()
        #expect(report.title == "Embassy damaged" && report.body == "x")
    }

    @Test("huge and endless number phrases neither trap nor become counts", arguments: [
        "The quake killed 9999999999999 million people.",
        "The bombing killed one million million million million people.",
        "10000000000000 thousand thousand were killed.",
        "Police said " + String(repeating: "one thousand ", count: 20_000) + "were killed.",
    ])
    func hugeNumbers(text: String) throws {
        let found = try #require(alerts(text).first { $0.rule == casualtyRule })
        #expect(found.fields.killed.map { $0 <= NumberReader.largest } ?? true)
    }

    @Test("reports over the size limit are refused, not read")
    func tooLarge() {
        #expect(throws: DocumentError.tooLarge(size: 0, limit: 0)) {
            try Document.parse(bytes: [UInt8](repeating: 65, count: Document.sizeLimit + 1), name: "x.txt")
        }
    }
}
