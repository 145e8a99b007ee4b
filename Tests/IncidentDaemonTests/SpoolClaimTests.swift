import IncidentDaemon
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SpoolClaimTests {
    /// A spool in a fresh temporary directory.
    func withSpool(_ body: (Spool, TemporaryDirectory) throws -> Void) throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        try body(try Spool(root: temp.appending("spool")), temp)
    }

    @Test func createsTheFourDirectoriesClosedToOthers() throws {
        try withSpool { spool, temp in
            for name in ["tmp", "incoming", "processed", "failed"] {
                var info = stat()
                #expect(lstat(temp.appending("spool/\(name)"), &info) == 0)
                #expect(info.st_mode & S_IFMT == S_IFDIR, "\(name)")
                #expect(info.st_mode & 0o007 == 0, "\(name) must not be open to others")
            }
            var info = stat()
            #expect(stat(temp.appending("spool/processed"), &info) == 0 && info.st_mode & 0o020 == 0)
        }
    }

    @Test func aRegularFileIsRead() throws {
        try withSpool { spool, _ in
            FileHelpers.write("An embassy was damaged.", to: spool.root + "/incoming/a.txt")
            guard case .claimed(let bytes, let status) = spool.claim("a.txt", limit: 1024) else {
                Issue.record("not claimed")
                return
            }
            #expect(String(decoding: bytes, as: UTF8.self) == "An embassy was damaged.")
            #expect(status.linkCount == 1)
        }
    }

    @Test func aMissingFileIsGone() throws {
        try withSpool { spool, _ in
            guard case .gone = spool.claim("nothing.txt", limit: 1024) else {
                Issue.record("expected gone")
                return
            }
        }
    }

    @Test func aSymbolicLinkIsNeverFollowed() throws {
        try withSpool { spool, temp in
            FileHelpers.write("secret", to: temp.appending("secret.txt"))
            symlink(temp.appending("secret.txt"), spool.root + "/incoming/link.txt")
            #expect(rejection(spool.claim("link.txt", limit: 1024)) == .symlink)
        }
    }

    @Test func aFIFOIsRejectedWithoutBlocking() throws {
        try withSpool { spool, _ in
            mkfifo(spool.root + "/incoming/pipe.txt", 0o600)
            #expect(rejection(spool.claim("pipe.txt", limit: 1024)) == .notRegular)
        }
    }

    @Test func aHardLinkedFileIsRejected() throws {
        try withSpool { spool, temp in
            FileHelpers.write("text", to: temp.appending("original.txt"))
            link(temp.appending("original.txt"), spool.root + "/incoming/linked.txt")
            let problem = rejection(spool.claim("linked.txt", limit: 1024))
            #expect(problem == .hardLinked)
            #expect(problem?.description.contains("2 hard links") == true)
        }
    }

    @Test func anOversizeFileIsRejectedUnread() throws {
        try withSpool { spool, _ in
            FileHelpers.write([UInt8](repeating: 65, count: 2048), to: spool.root + "/incoming/big.txt")
            let problem = rejection(spool.claim("big.txt", limit: 1024))
            #expect(problem == .tooLarge)
            #expect(problem?.description.contains("2048 bytes, the limit is 1024") == true)
        }
    }

    @Test func aFileExactlyAtTheLimitIsRead() throws {
        try withSpool { spool, _ in
            FileHelpers.write([UInt8](repeating: 65, count: 1024), to: spool.root + "/incoming/edge.txt")
            guard case .claimed(let bytes, _) = spool.claim("edge.txt", limit: 1024) else {
                Issue.record("not claimed")
                return
            }
            #expect(bytes.count == 1024)
        }
    }

    @Test func aDirectoryIsRejected() throws {
        try withSpool { spool, _ in
            mkdir(spool.root + "/incoming/folder.txt", 0o700)
            #expect(rejection(spool.claim("folder.txt", limit: 1024)) == .directory)
        }
    }

    @Test func pendingSkipsIgnoredNames() throws {
        try withSpool { spool, _ in
            for name in ["b.txt", "a.txt", ".hidden", "c.txt.part", "d~"] {
                FileHelpers.write("x", to: spool.root + "/incoming/\(name)")
            }
            let pending = try spool.pending()
            #expect(pending == ["a.txt", "b.txt"])
        }
    }

    private func rejection(_ claim: Claim) -> ClaimError? {
        if case .rejected(let problem) = claim { return problem }
        return nil
    }
}
