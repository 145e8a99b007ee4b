import Systemd
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

@Suite struct JournalStreamTests {
    @Test func aMatchingDeviceAndInodeMeansTheJournal() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let path = temp.appending("stream")
        FileHelpers.write("", to: path)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var info = stat()
        try #require(fstat(fd, &info) == 0)
        #expect(JournalStream.isJournal("\(info.st_dev):\(info.st_ino)", fd: fd))
        #expect(!JournalStream.isJournal("\(info.st_dev):\(info.st_ino + 1)", fd: fd))
    }

    @Test(arguments: [nil, "", "12", "a:b", "1:2:3"])
    func anythingElseIsNotTheJournal(_ value: String?) {
        #expect(!JournalStream.isJournal(value, fd: 0))
    }
}
