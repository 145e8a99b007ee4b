import IncidentDaemon
import Testing

@Suite struct SpoolNameTests {
    @Test(arguments: [".hidden.txt", "report.txt.tmp", "report.part", "report.txt~", "", ".", ".."])
    func writesInProgressAreIgnored(_ name: String) {
        #expect(SpoolName.isIgnored(name))
    }

    @Test(arguments: ["report.txt", "report.md", "data.json", "no-extension", "tmp.txt", "part"])
    func ordinaryNamesAreProcessed(_ name: String) {
        #expect(!SpoolName.isIgnored(name))
    }

    @Test func collisionsKeepTheExtension() {
        #expect(SpoolName.candidate("report.txt", attempt: 0) == "report.txt")
        #expect(SpoolName.candidate("report.txt", attempt: 1) == "report.1.txt")
        #expect(SpoolName.candidate("archive.tar.gz", attempt: 2) == "archive.tar.2.gz")
        #expect(SpoolName.candidate("README", attempt: 3) == "README.3")
    }

    @Test func errorFileSitsBesideTheFailedFile() {
        #expect(SpoolName.errorFile(for: "report.txt") == "report.txt.error")
    }
}
