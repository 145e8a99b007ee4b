import IncidentCore
import Testing

@Suite struct RawNameTests {
    @Test("any directory entry's bytes survive the round trip", arguments: [
        Array("report.txt".utf8),
        Array("é😀.md".utf8),
        [0xFF, 0xFE, 0x41],
        [0xC3],  // truncated sequence
        [0xED, 0xA0, 0x80],  // an encoded surrogate
        [0xF4, 0x8F, 0xBF, 0xBF],  // U+10FFFF itself, which the mapping uses
        [0xF4, 0x90, 0x80, 0x80],  // beyond U+10FFFF
        [0x1B, 0x5B, 0x32, 0x4A, 0x0A, 0x09, 0x2D],
    ] as [[UInt8]])
    func roundTrip(bytes: [UInt8]) {
        let name = RawName.decode(bytes)
        #expect(RawName.bytes(of: name) == bytes)
        #expect(RawName.byteCount(name) == bytes.count)
    }

    @Test func validUTF8IsKeptAsIs() {
        #expect(RawName.decode(Array("report-é.txt".utf8)) == "report-é.txt")
    }

    @Test func bytesThatAreNotUTF8PrintAsHex() {
        #expect(Escaping.printable(RawName.decode([0x61, 0xFF, 0x0A, 0x1B])) == #"a\xff\n\x1b"#)
    }

    @Test func escapingLeavesNoControlOrBidiCharacter() {
        let hostile = "a\u{1b}[31m\u{7f}\u{85}\u{2028}\u{202e}txt.exe"
        let printed = Escaping.printable(hostile)
        #expect(!printed.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202e}" || $0 == "\u{2028}" })
        #expect(Escaping.controls(#"already\nescaped"#) == #"already\nescaped"#)
        #expect(Escaping.controls("raw\nline") == #"raw\nline"#)
    }
}
