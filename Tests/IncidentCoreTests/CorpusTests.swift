import Testing
@testable import IncidentCore

import Foundation

/// Scores the built-in rules on labelled corpora: the project's own (`Tests/…/Corpus`)
/// and the shared one beside the project root when it exists. Figures are computed from
/// `labels.json` and the engine's output; no per-file answers live here.
@Suite("Corpus accuracy")
struct CorpusTests {
    static let minimumF1 = 0.95
    static let minimumCountAccuracy = 0.90

    struct Label {
        var file: String
        var mission: Bool
        var casualties: Bool
        var killed: Int?
        var injured: Int?
    }

    struct Score: CustomStringConvertible {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0
        var wrong: [String] = []

        var f1: Double {
            let denominator = Double(2 * truePositives + falsePositives + falseNegatives)
            return denominator == 0 ? 1 : Double(2 * truePositives) / denominator
        }

        mutating func add(expected: Bool, actual: Bool, file: String) {
            switch (expected, actual) {
            case (true, true): truePositives += 1
            case (false, false): trueNegatives += 1
            case (false, true): falsePositives += 1; wrong.append("FP \(file)")
            case (true, false): falseNegatives += 1; wrong.append("FN \(file)")
            }
        }

        var description: String {
            "              fired  silent\n  labelled yes  \(pad(truePositives))   \(pad(falseNegatives))\n  labelled no   \(pad(falsePositives))   \(pad(trueNegatives))\n  F1 \(String(format: "%.3f", f1))  \(wrong.joined(separator: ", "))"
        }

        private func pad(_ n: Int) -> String { String(repeating: " ", count: max(0, 5 - String(n).count)) + String(n) }
    }

    static var corpora: [String] {
        var paths = [testDirectory() + "/Corpus"]
        let shared = repositoryRoot() + "/../shared/corpus"
        if FileManager.default.fileExists(atPath: shared + "/labels.json") { paths.append(shared) }
        return paths
    }

    static func labels(in directory: String) throws -> [Label] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/labels.json"))
        let items = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return try items.map { item in
            Label(
                file: try #require(item["file"] as? String),
                mission: try #require(item["protected_mission_damage"] as? Bool),
                casualties: try #require(item["casualties_reported"] as? Bool),
                killed: item["killed"] as? Int, injured: item["injured"] as? Int
            )
        }
    }

    @Test("both rules reach F1 ≥ 0.95 and counts are exact on ≥ 90 % of stated figures", arguments: corpora)
    func accuracy(directory: String) throws {
        let labels = try Self.labels(in: directory)
        #expect(labels.count >= 10)
        let engine = Engine(rules: .builtin)
        var mission = Score(), casualties = Score()
        var countsRight = 0, countsStated = 0
        var countErrors: [String] = []
        for label in labels {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: directory + "/" + label.file)))
            let alerts = engine.evaluate(try Document.parse(bytes: bytes, name: label.file))
            mission.add(expected: label.mission, actual: alerts.contains { $0.rule == missionRule }, file: label.file)
            let casualty = alerts.first { $0.rule == casualtyRule }
            casualties.add(expected: label.casualties, actual: casualty != nil, file: label.file)
            for (field, expected, actual) in [("killed", label.killed, casualty?.fields.killed), ("injured", label.injured, casualty?.fields.injured)] {
                guard let expected else { continue }
                countsStated += 1
                if actual == expected { countsRight += 1 } else { countErrors.append("\(label.file) \(field) \(expected)≠\(actual.map(String.init) ?? "nil")") }
            }
        }
        let countAccuracy = countsStated == 0 ? 1 : Double(countsRight) / Double(countsStated)
        print("corpus \(directory) (\(labels.count) reports)")
        print("protected-mission-damage\n\(mission)")
        print("casualties-reported\n\(casualties)")
        print("counts exact: \(countsRight)/\(countsStated) \(countErrors.joined(separator: "; "))")
        #expect(mission.f1 >= Self.minimumF1, "protected-mission-damage F1 \(mission.f1): \(mission.wrong)")
        #expect(casualties.f1 >= Self.minimumF1, "casualties-reported F1 \(casualties.f1): \(casualties.wrong)")
        #expect(countAccuracy >= Self.minimumCountAccuracy, "counts \(countsRight)/\(countsStated): \(countErrors)")
    }
}
