@testable import IncidentCore

/// The built-in rules' alerts for `text`.
func alerts(_ text: String, name: String = "report.txt") -> [Alert] {
    Engine(rules: .builtin).evaluate(Document(name: name, text: text, sha256: SHA256.hex(of: Array(text.utf8))))
}

/// The alert of rule `id` for `text`, if it fires.
func alert(_ id: String, _ text: String) -> Alert? {
    alerts(text).first { $0.rule == id }
}

let missionRule = "protected-mission-damage"
let casualtyRule = "casualties-reported"

/// The directory holding this test target's sources (for fixtures and the corpus).
func testDirectory(_ file: String = #filePath) -> String {
    String(file[..<file.lastIndex(of: "/")!])
}

/// The repository root.
func repositoryRoot() -> String {
    let tests = testDirectory()
    let up = tests[..<tests.lastIndex(of: "/")!]
    return String(up[..<up.lastIndex(of: "/")!])
}
