import IncidentDaemon
import Testing
import TestSupport

@Suite struct SpoolMoveTests {
    @Test func aProcessedNameIsNeverOverwritten() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let spool = try Spool(root: temp.path)
        FileHelpers.write("first", to: temp.appending("incoming/r.txt"))
        #expect(try spool.moveToProcessed("r.txt") == "r.txt")
        FileHelpers.write("second", to: temp.appending("incoming/r.txt"))
        #expect(try spool.moveToProcessed("r.txt") == "r.1.txt")
        #expect(FileHelpers.read(temp.appending("processed/r.txt")) == "first")
        #expect(FileHelpers.read(temp.appending("processed/r.1.txt")) == "second")
        #expect(FileHelpers.list(temp.appending("incoming")).isEmpty)
    }

    @Test func aFailedFileGetsAnErrorFileSayingWhy() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let spool = try Spool(root: temp.path)
        FileHelpers.write("x", to: temp.appending("incoming/bad.bin"))
        let name = try spool.moveToFailed("bad.bin", reason: "unsupported file type\nsecond line")
        #expect(name == "bad.bin")
        #expect(FileHelpers.read(temp.appending("failed/bad.bin.error")) == "unsupported file type second line\n")
    }

    @Test func aReasonLeftWithoutItsReportByACrashIsReplaced() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let spool = try Spool(root: temp.path)
        // Killed after writing the reason, before moving the report: the report is still
        // in incoming/ and fails again under its own name.
        FileHelpers.write("left over", to: temp.appending("failed/bad.txt.error"))
        FileHelpers.write("x", to: temp.appending("incoming/bad.txt"))
        #expect(try spool.moveToFailed("bad.txt", reason: "why") == "bad.txt")
        #expect(FileHelpers.read(temp.appending("failed/bad.txt.error")) == "why\n")
        #expect(FileHelpers.list(temp.appending("failed")) == ["bad.txt", "bad.txt.error"])
    }

    @Test func aFailedNameIsNeverReused() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let spool = try Spool(root: temp.path)
        FileHelpers.write("first", to: temp.appending("incoming/bad.txt"))
        _ = try spool.moveToFailed("bad.txt", reason: "one")
        FileHelpers.write("second", to: temp.appending("incoming/bad.txt"))
        #expect(try spool.moveToFailed("bad.txt", reason: "two") == "bad.1.txt")
        #expect(FileHelpers.read(temp.appending("failed/bad.txt.error")) == "one\n")
        #expect(FileHelpers.read(temp.appending("failed/bad.1.txt.error")) == "two\n")
    }

    @Test func submitRenamesIntoIncomingWithoutReplacing() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let writer = try SpoolWriter(root: temp.path)
        #expect(try writer.submit(Array("one".utf8), as: "r.txt") == "r.txt")
        #expect(try writer.submit(Array("two".utf8), as: "r.txt") == "r.1.txt")
        #expect(FileHelpers.read(temp.appending("incoming/r.txt")) == "one")
        #expect(FileHelpers.read(temp.appending("incoming/r.1.txt")) == "two")
        #expect(FileHelpers.list(temp.appending("tmp")).isEmpty)
    }
}
