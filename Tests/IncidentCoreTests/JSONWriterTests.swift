import Foundation
import Testing
@testable import IncidentCore

@Suite("JSON records")
struct JSONWriterTests {
    @Test("strings round-trip through a JSON parser, whatever they hold", arguments: [
        "plain text", "quote \" and backslash \\", "line\nbreak\ttab\r", "nul \u{0} del \u{7F}",
        "c1 \u{85} \u{9B}", "separators \u{2028} \u{2029}", "curly ’quotes’ — Zürich 😀", "",
    ])
    func roundTrip(text: String) throws {
        var writer = JSONWriter()
        writer.object { $0.field("s", text) }
        let line = writer.result
        #expect(!line.contains("\n"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x2028 || $0.value == 0x2029 })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["s"] == text)
    }
}
