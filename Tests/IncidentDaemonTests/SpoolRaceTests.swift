import IncidentDaemon
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// What a hostile writer can do to a file between the daemon's first look (`fstatat`)
/// and its `open`: the claim's `beforeOpen` hook swaps the file at exactly that moment.
@Suite struct SpoolRaceTests {
    static let secret = "root:$6$secret-hash:19000:0:99999:7:::"

    /// A spool with `incoming/report.txt` (a plain report) and a secret file outside it.
    func withRace(_ body: (Spool, _ incoming: String, _ secret: String) throws -> Void) throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let spool = try Spool(root: temp.appending("spool"))
        FileHelpers.write(Self.secret, to: temp.appending("shadow"))
        FileHelpers.write("An embassy was damaged.", to: spool.root + "/incoming/report.txt")
        try body(spool, spool.root + "/incoming/report.txt", temp.appending("shadow"))
    }

    @Test func aFileReplacedByASymlinkIsRejectedAndItsTargetNeverRead() throws {
        try withRace { spool, path, secret in
            let claim = spool.claim("report.txt", limit: 1 << 20) {
                unlink(path)
                symlink(secret, path)
            }
            guard case .rejected(let problem) = claim else {
                Issue.record("expected a rejection, got \(claim)")
                return
            }
            #expect(problem == .symlink)
            #expect(problem.description.contains("symbolic link"))
            #expect(!problem.description.contains("secret-hash"))
        }
    }

    @Test func aFileReplacedByAnotherFileIsRejectedAsChanged() throws {
        try withRace { spool, path, _ in
            let claim = spool.claim("report.txt", limit: 1 << 20) {
                FileHelpers.write("swapped in", to: path + ".new")
                rename(path + ".new", path)
            }
            guard case .rejected(let problem) = claim else {
                Issue.record("expected a rejection, got \(claim)")
                return
            }
            #expect(problem.description.contains("replaced"))
        }
    }

    @Test func aFileReplacedByAHardLinkToAFileOutsideIsNotRead() throws {
        try withRace { spool, path, secret in
            let claim = spool.claim("report.txt", limit: 1 << 20) {
                unlink(path)
                link(secret, path)
            }
            guard case .rejected = claim else {
                Issue.record("expected a rejection, got \(claim)")
                return
            }
        }
    }

    @Test func aFileReplacedByAFIFOIsRejectedWithoutBlocking() throws {
        try withRace { spool, path, _ in
            let claim = spool.claim("report.txt", limit: 1 << 20) {
                unlink(path)
                mkfifo(path, 0o600)
            }
            guard case .rejected = claim else {
                Issue.record("expected a rejection, got \(claim)")
                return
            }
        }
    }

    @Test func aFileReplacedByADirectoryIsRejected() throws {
        try withRace { spool, path, _ in
            let claim = spool.claim("report.txt", limit: 1 << 20) {
                unlink(path)
                mkdir(path, 0o700)
            }
            guard case .rejected = claim else {
                Issue.record("expected a rejection, got \(claim)")
                return
            }
        }
    }

    @Test func aFileDeletedBeforeTheOpenIsGone() throws {
        try withRace { spool, path, _ in
            let claim = spool.claim("report.txt", limit: 1 << 20) { unlink(path) }
            guard case .gone = claim else {
                Issue.record("expected gone, got \(claim)")
                return
            }
        }
    }

    @Test func aFileRenamedAwayBeforeTheOpenIsGone() throws {
        try withRace { spool, path, _ in
            let claim = spool.claim("report.txt", limit: 1 << 20) { rename(path, spool.root + "/tmp/elsewhere.txt") }
            guard case .gone = claim else {
                Issue.record("expected gone, got \(claim)")
                return
            }
        }
    }

    @Test func aFileThatGrowsPastTheLimitAfterTheLookIsNotReadWhole() throws {
        try withRace { spool, path, _ in
            let claim = spool.claim("report.txt", limit: 1024) {
                FileHelpers.write([UInt8](repeating: 65, count: 4096), to: path)
            }
            guard case .rejected(let problem) = claim else {
                Issue.record("expected a rejection, got \(claim)")
                return
            }
            #expect(problem == .tooLarge)
        }
    }
}
