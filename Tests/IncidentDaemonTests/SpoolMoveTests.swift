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

    @Test func aFailedNameAvoidsAnOrphanErrorFile() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let spool = try Spool(root: temp.path)
        // Left by a crash between writing a reason and moving its report, or a note about a
        // directory set aside in incoming/: never replaced.
        FileHelpers.write("left over", to: temp.appending("failed/bad.txt.error"))
        FileHelpers.write("x", to: temp.appending("incoming/bad.txt"))
        #expect(try spool.moveToFailed("bad.txt", reason: "why") == "bad.1.txt")
        #expect(FileHelpers.read(temp.appending("failed/bad.txt.error")) == "left over")
        #expect(FileHelpers.read(temp.appending("failed/bad.1.txt.error")) == "why\n")
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
