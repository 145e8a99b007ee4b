import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Where the built `incidentd` and the repository are.
enum Binary {
    /// `$INCIDENTD_BIN`, else `incidentd` next to the test bundle (same build folder).
    static let path: String = {
        if let given = getenv("INCIDENTD_BIN") { return String(cString: given) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let exe = count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        var directory = exe.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        // The test runner may live inside `incidentdPackageTests.xctest/…`.
        while let last = directory.last, last.hasSuffix(".xctest") || last == "MacOS" || last == "Contents" {
            directory = directory.dropLast()
        }
        return directory.joined(separator: "/") + "/incidentd"
    }()

    /// The repository root (three levels above this file).
    static let repository: String = {
        "/" + #filePath.split(separator: "/").dropLast(4).joined(separator: "/")
    }()

    /// The seed report: expected to raise `protected-mission-damage` and
    /// `casualties-reported` with 38 killed.
    static let seed = repository + "/Tests/EndToEndTests/Fixtures/seed.txt"

    /// Runs `incidentd` with `arguments` to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:]) -> Shell.Result {
        Shell.run([path] + arguments, environment: environment)
    }
}
