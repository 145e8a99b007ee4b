import Testing
@testable import IncidentCore

@Suite struct EvidenceTextTests {
    @Test("evidence text folds tabs and runs of spaces to one space")
    func foldsWhitespace() throws {
        let found = try #require(alert(casualtyRule, "Police said  two people\twere killed   in the blast on Monday."))
        #expect(found.evidence.map(\.text) == ["Police said two people were killed in the blast on Monday."])
    }

    @Test("the word-at-a-time check for foldable whitespace agrees with a byte-by-byte one", arguments: 0..<64)
    func foldableCheckAgrees(seed: UInt64) {
        var generator = SplitMix(seed: seed)
        let alphabet: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: " "), UInt8(ascii: " "), 9, 10, 13, 0x1F, 0x21, 0xC3, 0xA9, 0x7F]
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let expected = bytes.indices.contains { bytes[$0] < 0x20 || ($0 > 0 && bytes[$0] == 0x20 && bytes[$0 - 1] == 0x20) }
            #expect(bytes.withUnsafeBufferPointer(Analysis.hasFoldableSpace) == expected, "\(bytes)")
        }
    }
}

/// A small deterministic generator, so a failing case can be replayed.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
