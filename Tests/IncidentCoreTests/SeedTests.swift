import Testing
@testable import IncidentCore

import Foundation

@Suite("The seed report")
struct SeedTests {
    let alerts: [Alert]

    init() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: testDirectory() + "/Fixtures/seed.txt")))
        let document = try Document.parse(bytes: bytes, name: "seed.txt")
        alerts = Engine(rules: .builtin).evaluate(document)
    }

    @Test("mission damage fires, citing the missile sentence")
    func missionDamage() throws {
        let found = try #require(alerts.first { $0.rule == missionRule })
        #expect(found.severity == .critical)
        #expect(found.messageID == "3c1f0e6a9b7d4f52a1e8c0d2b4f6a813")
        #expect(found.evidence.contains { $0.text.hasPrefix("A Russian missile fell within the embassy’s territory") })
    }

    @Test("casualties fire with killed = 38, never citing the negated sentence")
    func casualties() throws {
        let found = try #require(alerts.first { $0.rule == casualtyRule })
        #expect(found.fields.killed == 38)
        #expect(found.fields.injured == nil)
        #expect(found.severity == .critical)
        #expect(!found.evidence.contains { $0.text.contains("No staff casualties") })
    }

    @Test("evidence offsets are UTF-8 byte offsets of the sentence in the file")
    func offsets() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: testDirectory() + "/Fixtures/seed.txt")))
        for alert in alerts {
            for evidence in alert.evidence {
                let slice = String(decoding: bytes[evidence.start..<evidence.end], as: UTF8.self)
                #expect(slice.split(whereSeparator: \.isWhitespace).joined(separator: " ") == evidence.text)
            }
        }
    }

    @Test("alert ids derive from the content hash and rule id")
    func alertID() throws {
        let found = try #require(alerts.first)
        #expect(found.alertID == Alert.id(sha256: found.sha256, rule: found.rule))
        #expect(found.alertID.count == 32)
        let other = Alert.id(sha256: found.sha256, rule: "another-rule")
        #expect(other != found.alertID)
        // Independent vector: the first 32 hex digits of sha256("abc\nr").
        #expect(Alert.id(sha256: "abc", rule: "r") == "9b1e87adff4b467cae42f06861b859de")
    }

    @Test("the JSON record has the documented keys in order")
    func json() throws {
        let found = try #require(alerts.first { $0.rule == casualtyRule })
        let line = found.jsonLine
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        for key in ["alert_id", "rule", "severity", "title", "file", "name", "sha256", "time", "evidence", "fields"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let fields = try #require(object["fields"] as? [String: Any])
        #expect(fields["killed"] as? Int == 38)
        #expect(fields["injured"] is NSNull)
        #expect(line.hasPrefix("{\"alert_id\":"))
    }
}
