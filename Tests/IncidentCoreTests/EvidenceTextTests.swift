import Testing
import TestSupport
@testable import IncidentCore

@Suite struct EvidenceTextTests {
    @Test("evidence text folds tabs and runs of spaces to one space")
    func foldsWhitespace() throws {
        let found = try #require(alert(casualtyRule, "Police said  two people\twere killed   in the blast on Monday."))
        #expect(found.evidence.map(\.text) == ["Police said two people were killed in the blast on Monday."])
    }

    @Test("the word-at-a-time check for foldable whitespace agrees with a byte-by-byte one", arguments: 0..<64)
    func foldableCheckAgrees(seed: UInt64) {
        var generator = SeededRandom(seed: seed)
        let alphabet: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: " "), UInt8(ascii: " "), 9, 10, 13, 0x1F, 0x21, 0xC3, 0xA9, 0x7F]
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next(below: UInt64(alphabet.count)))] }
            let expected = bytes.indices.contains { bytes[$0] < 0x20 || ($0 > 0 && bytes[$0] == 0x20 && bytes[$0 - 1] == 0x20) }
            #expect(bytes.withUnsafeBufferPointer(Analysis.hasFoldableSpace) == expected, "\(bytes)")
        }
    }
}
