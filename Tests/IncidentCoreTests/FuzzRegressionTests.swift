import IncidentFuzzing
import Testing
import TestSupport

/// Every input the fuzzer ever crashed on (saved in `Fixtures/fuzz-regressions/`), and the
/// seed corpus, replayed through the fuzz target's checks without the fuzzer.
@Suite struct FuzzRegressionTests {
    static func inputs(_ directory: String) -> [String] {
        FileHelpers.list(directory).filter { !$0.hasPrefix(".") && $0 != "README.md" }.map { directory + "/" + $0 }
    }

    @Test func savedCrashesAndSeedsReplayCleanly() throws {
        let files = Self.inputs(testDirectory() + "/Fixtures/fuzz-regressions") + Self.inputs(repositoryRoot() + "/Fuzz/seeds")
        #expect(files.count >= 15, "the seed corpus is there")
        for file in files {
            FuzzCase.run(try #require(FileHelpers.readBytes(file), "\(file)"))
        }
    }
}
