import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Report texts for the crash, flood and fault tests, each made unique by a reference
/// line (so each has its own content hash and alert ids), with the alerts each raises
/// under the built-in rules.
enum Reports {
    enum Kind: CaseIterable {
        /// The seed report: `protected-mission-damage` and `casualties-reported`.
        case seed
        /// One casualty sentence: `casualties-reported`.
        case casualties
        /// Nothing to alert on.
        case plain
        /// Malformed JSON: goes to `failed/`.
        case broken

        var rules: Set<String> {
            switch self {
            case .seed: ["protected-mission-damage", "casualties-reported"]
            case .casualties: ["casualties-reported"]
            case .plain, .broken: []
            }
        }
    }

    static let seedText = FileHelpers.read(Binary.seed) ?? ""

    /// The kind of the `index`-th report of a mixed burst: 1 in 10 the seed, 3 in 10 a
    /// casualty report, 1 in 50 broken, the rest plain.
    static func kind(_ index: Int) -> Kind {
        if index % 50 == 7 { return .broken }
        switch index % 10 {
        case 0: return .seed
        case 1, 2, 3: return .casualties
        default: return .plain
        }
    }

    /// The file name of the `index`-th report.
    static func name(_ index: Int, _ kind: Kind) -> String {
        let digits = String(index)
        return "r" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + (kind == .broken ? ".json" : ".txt")
    }

    /// The text of a report of `kind` made unique by `index`.
    static func text(_ index: Int, _ kind: Kind) -> String {
        switch kind {
        case .seed: seedText + "\nReference \(index).\n"
        case .casualties: "Two people were killed and five were injured when a shell hit the market on Tuesday.\nReference \(index).\n"
        case .plain: "The council met on Tuesday to discuss the budget for next year.\nReference \(index).\n"
        case .broken: "{\"title\": \"unterminated \(index)\n"
        }
    }

    /// Writes `text` as `spool/tmp/name`, then renames it into `incoming/` (Maildir).
    static func drop(_ name: String, text: String, spool: String) {
        FileHelpers.write(text, to: spool + "/tmp/" + name)
        FileHelpers.move(spool + "/tmp/" + name, spool + "/incoming/" + name)
    }

    /// Creates the spool's directories (as the daemon would) so a test can drop files
    /// before a daemon runs.
    static func makeSpool(_ spool: String) {
        for directory in ["", "/tmp", "/incoming", "/processed", "/failed"] { mkdir(spool + directory, 0o755) }
    }

    /// The number of entries in a directory, without sorting (cheap for big ones).
    static func count(_ path: String) -> Int {
        guard let dir = opendir(path) else { return 0 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let first = entry.pointee.d_name.0
            if first == 46 /* . */ {
                let second = entry.pointee.d_name.1
                if second == 0 || (second == 46 && entry.pointee.d_name.2 == 0) { continue }
            }
            count += 1
        }
        return count
    }

    /// An environment variable as a number, for the soak settings.
    static func setting(_ name: String, default value: Int) -> Int {
        getenv(name).flatMap { Int(String(cString: $0)) } ?? value
    }
}
