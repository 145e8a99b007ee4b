import IncidentCore
import IncidentDaemon
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// File names a hostile writer may choose: not UTF-8, 255 bytes long, with control
/// characters. Each must still be claimed, moved and reported.
@Suite struct HostileNameTests {
    /// Creates `incoming/<bytes>` holding `text`, by raw bytes.
    func create(_ bytes: [UInt8], in directory: String, text: String) {
        let path = Array(directory.utf8) + [UInt8(ascii: "/")] + bytes + [0]
        let fd = path.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        }
        #expect(fd >= 0, "create \(bytes)")
        _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// The raw names in a directory.
    func rawNames(_ directory: String) -> [[UInt8]] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [46] && name != [46, 46] { names.append(name) }
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    @Test func aNameThatIsNotUTF8IsClaimedAndMovedUnderItsOwnBytes() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let spool = try Spool(root: temp.path)
        let raw: [UInt8] = Array("bad-".utf8) + [0xFF, 0xFE, 0xC3] + Array(".txt".utf8)
        create(raw, in: temp.appending("incoming"), text: "An embassy was damaged.")
        let pending = try spool.pending()
        #expect(pending.count == 1)
        let name = try #require(pending.first)
        #expect(Escaping.printable(name) == #"bad-\xff\xfe\xc3.txt"#)
        guard case .claimed(let bytes, _) = spool.claim(name, limit: 1024) else {
            Issue.record("not claimed")
            return
        }
        #expect(bytes == Array("An embassy was damaged.".utf8))
        #expect(try spool.moveToProcessed(name) == name)
        #expect(rawNames(temp.appending("processed")) == [raw])
    }

    @Test func aFailed255ByteNameKeepsItsErrorFileWithinNameMax() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let spool = try Spool(root: temp.path)
        let name = String(repeating: "n", count: 251) + ".bin"
        #expect(name.utf8.count == 255)
        FileHelpers.write("x", to: temp.appending("incoming/" + name))
        let failed = try spool.moveToFailed(name, reason: "unsupported")
        #expect(failed.utf8.count == 255 - ".error".utf8.count)
        #expect(failed.hasSuffix(".bin") && failed.hasPrefix("nnnn"))
        #expect(FileHelpers.read(temp.appending("failed/" + failed + ".error")) == "unsupported\n")
        // The same name again gets a numbered, still short enough, name.
        FileHelpers.write("y", to: temp.appending("incoming/" + name))
        let second = try spool.moveToFailed(name, reason: "again")
        #expect(second != failed && second.utf8.count <= 249)
        #expect(FileHelpers.read(temp.appending("failed/" + second + ".error")) == "again\n")
    }

    @Test func a255ByteNameCanBeProcessedTwice() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let spool = try Spool(root: temp.path)
        let name = String(repeating: "p", count: 251) + ".txt"
        FileHelpers.write("one", to: temp.appending("incoming/" + name))
        #expect(try spool.moveToProcessed(name) == name)
        FileHelpers.write("two", to: temp.appending("incoming/" + name))
        let second = try spool.moveToProcessed(name)
        #expect(second.utf8.count == 255 && second.hasSuffix(".1.txt"))
    }

    @Test func candidatesNeverExceedTheLimitInBytesOnDisk() {
        let raw = String(repeating: "\u{10FFFF}", count: 300)  // 300 raw bytes, 1200 UTF-8 bytes
        #expect(RawName.byteCount(SpoolName.candidate(raw + ".txt", attempt: 3, maxBytes: 249)) == 249)
        let wide = String(repeating: "é", count: 200) + ".md"  // 403 bytes
        let shortened = SpoolName.candidate(wide, attempt: 0, maxBytes: 249)
        #expect(shortened.utf8.count <= 249 && shortened.hasSuffix(".md"))
        #expect(SpoolName.candidate("x." + String(repeating: "e", count: 300), attempt: 1, maxBytes: 249).utf8.count <= 249)
    }

    @Test func submitTakesA255ByteName() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let writer = try SpoolWriter(root: temp.path)
        let name = String(repeating: "s", count: 251) + ".txt"
        #expect(try writer.submit(Array("x".utf8), as: name) == name)
        #expect(FileHelpers.list(temp.appending("incoming")) == [name])
    }
}
