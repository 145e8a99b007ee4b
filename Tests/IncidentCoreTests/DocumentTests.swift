import Testing
@testable import IncidentCore

@Suite("Documents: text and JSON reports")
struct DocumentTests {
    private func parse(_ text: String, _ name: String) throws(DocumentError) -> Document {
        try Document.parse(bytes: Array(text.utf8), name: name)
    }

    @Test("text files: BOM dropped, invalid UTF-8 replaced, hash of the original bytes")
    func text() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Embassy ".utf8) + [0xFF, 0xFE] + Array(" hit.".utf8)
        let document = try Document.parse(bytes: bytes, name: "a.txt")
        #expect(document.text == "Embassy \u{FFFD}\u{FFFD} hit.")
        #expect(document.sha256 == SHA256.hex(of: bytes))
        #expect(try parse("# Title", "notes.md").text == "# Title")
    }

    @Test("NUL bytes mean binary")
    func binary() {
        #expect(throws: DocumentError.binary) { try Document.parse(bytes: [65, 0, 66], name: "a.txt") }
        #expect((try? Document.parse(bytes: [65, 0, 66], name: "a.txt")) == nil)
    }

    @Test("JSON: title and body evaluated, metadata carried")
    func json() throws {
        let document = try parse(#"{"title":"Embassy hit","body":"A missile hit it.","source":"wire","published":"2026-01-02","location":"Kyiv","extra":[1,{"a":null}]}"#, "r.json")
        #expect(document.text == "Embassy hit\n\nA missile hit it.")
        #expect(document.source == "wire")
        #expect(document.published == "2026-01-02")
        #expect(document.location == "Kyiv")
        #expect(try parse(#"{"text":"Body only \u00e9\ud83d\ude00"}"#, "r.json").text == "Body only é😀")
    }

    @Test("JSON errors say what is wrong", arguments: [
        (#"[{"title":"x"}]"#, "an array"),
        (#"{"title": 5}"#, "\"title\" must be a string; found a number"),
        (#"{"source": "x"}"#, "has no text"),
        (#"{"title": "x""#, "malformed JSON"),
        (#"{"title": "x"} trailing"#, "unexpected data after the object"),
        ("", "empty"),
        (#"{"title": "a\qb"}"#, "invalid escape"),
    ])
    func jsonErrors(json: String, message: String) {
        do {
            _ = try parse(json, "r.json")
            Issue.record("accepted: \(json)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("empty files and UTF-16 are refused with a reason", arguments: [
        ([], "r.txt", "empty file"),
        ([], "r.json", "empty file"),
        ([0xFF, 0xFE, 0x41, 0x00], "r.txt", "UTF-16"),
        ([0xFE, 0xFF, 0x00, 0x41], "r.md", "UTF-16"),
        ([0xFF, 0xFE, 0x7B, 0x00], "r.json", "UTF-16"),
    ] as [([UInt8], String, String)])
    func emptyAndUTF16(bytes: [UInt8], name: String, message: String) {
        do {
            _ = try Document.parse(bytes: bytes, name: name)
            Issue.record("accepted \(bytes)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("deeply nested JSON is refused without recursion")
    func deep() {
        let json = "{\"x\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + ",\"title\":\"t\"}"
        do {
            _ = try parse(json, "r.json")
            Issue.record("accepted deep nesting")
        } catch {
            #expect(error == .tooDeep(limit: JSONReportParser.depthLimit))
        }
    }

    @Test("other extensions are refused", arguments: ["report.pdf", "report", "report.exe", ".json.bak"])
    func unsupported(name: String) {
        #expect(throws: DocumentError.unsupportedFormat(name)) { try Document.parse(bytes: [65], name: name) }
    }
}
