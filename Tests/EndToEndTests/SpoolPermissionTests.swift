import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The shipped sysusers.d and tmpfiles.d files, applied by the real `systemd-sysusers` and
/// `systemd-tmpfiles` into a scratch root (`--root`, nothing on the host changes), give the
/// spool the modes the README's SECURITY section promises; then what a submitter, an
/// outsider and the daemon's user can actually do there, tried as those users.
@Suite(.serialized) struct SpoolPermissionTests {
    static let tools = ["/usr/bin/systemd-sysusers", "/usr/bin/systemd-tmpfiles", "/usr/bin/setpriv"]
    static let available = Gates.isRoot && tools.allSatisfy { access($0, X_OK) == 0 }
    static let spool = "/var/spool/incidentd"
    // Users that exist nowhere: two submitters and an outsider.
    static let alice: UInt32 = 61001, bob: UInt32 = 61002, mallory: UInt32 = 61003

    /// A scratch root with the shipped files applied, and the ids they created.
    struct Root {
        let temp = TemporaryDirectory(prefix: "incidentd-root")
        var path: String { temp.path }
        var daemonUID: UInt32 = 0, daemonGID: UInt32 = 0, submitGID: UInt32 = 0
        var submitMembers: [String] = []
        var daemonShell = ""

        init() throws {
            chmod(temp.path, 0o755)  // the test users must be able to walk in
            for directory in ["etc", "usr/lib/sysusers.d", "usr/lib/tmpfiles.d", "var/spool"] {
                _ = Shell.run(["/bin/mkdir", "-p", temp.appending(directory)])
            }
            let repository = Binary.repository
            FileHelpers.move(Self.copy(repository + "/systemd/incidentd.sysusers", temp.appending("sysusers")), temp.appending("usr/lib/sysusers.d/incidentd.conf"))
            FileHelpers.move(Self.copy(repository + "/systemd/incidentd.tmpfiles", temp.appending("tmpfiles")), temp.appending("usr/lib/tmpfiles.d/incidentd.conf"))
            let sysusers = Shell.run(["systemd-sysusers", "--root=" + temp.path])
            try #require(sysusers.status == 0, "systemd-sysusers: \(sysusers.stderr)")
            let tmpfiles = Shell.run(["systemd-tmpfiles", "--create", "--root=" + temp.path, "incidentd.conf"])
            try #require(tmpfiles.status == 0, "systemd-tmpfiles: \(tmpfiles.stderr)")
            for line in (FileHelpers.read(temp.appending("etc/passwd")) ?? "").split(separator: "\n") {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                if fields.first == "incidentd", fields.count >= 7 {
                    daemonUID = UInt32(fields[2]) ?? 0
                    daemonGID = UInt32(fields[3]) ?? 0
                    daemonShell = String(fields[6])
                }
            }
            for line in (FileHelpers.read(temp.appending("etc/group")) ?? "").split(separator: "\n") {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                if fields.first == "incidentd-submit", fields.count >= 4 {
                    submitGID = UInt32(fields[2]) ?? 0
                    submitMembers = fields[3].split(separator: ",").map(String.init)
                }
            }
        }

        static func copy(_ from: String, _ to: String) -> String {
            FileHelpers.write(FileHelpers.read(from) ?? "", to: to)
            return to
        }

        /// `mode`, owner and group of a spool directory.
        func status(_ relative: String) -> (mode: UInt32, uid: UInt32, gid: UInt32)? {
            var info = stat()
            guard lstat(path + SpoolPermissionTests.spool + relative, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
            return (info.st_mode & 0o7777, info.st_uid, info.st_gid)
        }

        /// Runs `script` with `sh -c` as `uid` with exactly `groups`.
        func run(as uid: UInt32, groups: [UInt32], _ script: String) -> Shell.Result {
            let gid = groups.first ?? uid
            let supplementary = groups.isEmpty ? ["--clear-groups"] : ["--groups", groups.map(String.init).joined(separator: ",")]
            return Shell.run(["setpriv", "--reuid", "\(uid)", "--regid", "\(gid)"] + supplementary + ["/bin/sh", "-c", script],
                directory: path + SpoolPermissionTests.spool)
        }
    }

    @Test(.enabled(if: available, "needs root, systemd-sysusers, systemd-tmpfiles and setpriv"))
    func theShippedFilesGiveTheDocumentedUsersAndModes() throws {
        let root = try Root()
        defer { root.temp.remove() }
        #expect(root.daemonUID != 0 && root.daemonUID < 1000, "a static system user")
        #expect(root.daemonShell.hasSuffix("nologin"))
        #expect(root.submitMembers == ["incidentd"], "only the daemon is in incidentd-submit until an admin adds writers")
        let expected: [(String, UInt32, UInt32, UInt32)] = [
            ("", 0o755, root.daemonUID, root.daemonGID),
            ("/tmp", 0o3770, root.daemonUID, root.submitGID),
            ("/incoming", 0o3770, root.daemonUID, root.submitGID),
            ("/processed", 0o750, root.daemonUID, root.daemonGID),
            ("/failed", 0o750, root.daemonUID, root.daemonGID),
        ]
        for (directory, mode, uid, gid) in expected {
            let status = try #require(root.status(directory), "spool\(directory) exists")
            #expect(String(status.mode, radix: 8) == String(mode, radix: 8), "mode of spool\(directory)")
            #expect(status.uid == uid && status.gid == gid, "owner of spool\(directory)")
        }
    }

    @Test(.enabled(if: available, "needs root, systemd-sysusers, systemd-tmpfiles and setpriv"))
    func submittersDropButCannotReadResultsOrRemoveOthersReports() throws {
        let root = try Root()
        defer { root.temp.remove() }
        let submit = root.submitGID
        // A submitter writes in tmp/ and renames into incoming/, as `incidentd submit` does.
        let drop = root.run(as: Self.alice, groups: [submit], "umask 027; echo report > tmp/a.txt && mv tmp/a.txt incoming/a.txt")
        #expect(drop.status == 0, "submitter drops: \(drop.stderr)")
        var info = stat()
        #expect(stat(root.path + Self.spool + "/incoming/a.txt", &info) == 0 && info.st_gid == submit, "setgid: the report gets the submit group")
        // Another submitter cannot remove or replace it (sticky bit).
        let remove = root.run(as: Self.bob, groups: [submit], "rm -f incoming/a.txt")
        #expect(remove.status != 0 && FileHelpers.exists(root.path + Self.spool + "/incoming/a.txt"), "sticky incoming/")
        let replace = root.run(as: Self.bob, groups: [submit], "echo evil > tmp/b.txt && mv -f tmp/b.txt incoming/a.txt")
        #expect(replace.status != 0 && FileHelpers.read(root.path + Self.spool + "/incoming/a.txt") == "report\n")
        // Submitters cannot look into the daemon's directories.
        for directory in ["processed", "failed"] {
            let look = root.run(as: Self.alice, groups: [submit], "ls \(directory)")
            #expect(look.status != 0 && look.stderr.contains("Permission denied"), "\(directory)/ closed to submitters")
            let write = root.run(as: Self.alice, groups: [submit], "echo x > \(directory)/forged.txt.error")
            #expect(write.status != 0, "\(directory)/ not writable by submitters")
        }
        // Someone outside the group can do nothing in the spool.
        for directory in ["tmp", "incoming", "processed", "failed"] {
            let outsider = root.run(as: Self.mallory, groups: [], "echo x > \(directory)/m.txt || ls \(directory) >/dev/null")
            #expect(outsider.status != 0, "\(directory)/ closed to non-members")
        }
        // The daemon's user reads the report and moves it to failed/.
        let daemon = root.run(
            as: root.daemonUID, groups: [root.daemonGID, submit],
            "cat incoming/a.txt >/dev/null && mv incoming/a.txt failed/a.txt && echo why > failed/a.txt.error")
        #expect(daemon.status == 0, "the daemon's user: \(daemon.stderr)")
    }

    @Test(.enabled(if: available, "needs root, systemd-sysusers, systemd-tmpfiles and setpriv"), .needsRuleEngine, .timeLimit(.minutes(1)))
    func theDaemonAsItsOwnUserSettlesWhatSubmittersLeave() throws {
        let root = try Root()
        defer { root.temp.remove() }
        let spool = root.path + Self.spool
        let submit = root.submitGID
        // The daemon as the service runs it: its user, its two groups, no capabilities.
        let daemon = ChildProcess.spawn(
            ["/usr/bin/setpriv", "--reuid", "\(root.daemonUID)", "--regid", "\(root.daemonGID)",
             "--groups", "\(root.daemonGID),\(submit)", "--inh-caps=-all", "--bounding-set=-all",
             Binary.path, "run", "--spool", spool, "--journal", "off", "--output", "json"],
            environment: ["SWIFT_BACKTRACE": "enable=no"],
            stdout: root.temp.appending("stdout"), stderr: root.temp.appending("stderr"))
        func settled(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if condition() { return true }
                usleep(20_000)
            }
            return condition()
        }
        // Wait until it is up: a first report goes through.
        let first = root.run(as: Self.alice, groups: [submit], "umask 027; echo 'A missile struck the embassy in Kyiv and damaged its roof.' > tmp/first.txt && mv tmp/first.txt incoming/")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(settled { FileHelpers.exists(spool + "/processed/first.txt") }, "the unprivileged daemon processes a report")

        // A directory the submitter owns (0755): the daemon may not move it out of incoming/.
        _ = root.run(as: Self.alice, groups: [submit], "umask 022; mkdir incoming/folder.txt")
        // A report left readable by its owner only.
        _ = root.run(as: Self.alice, groups: [submit], "umask 077; echo secret > tmp/private.txt && mv tmp/private.txt incoming/")
        // A link to /etc/shadow made in place.
        _ = root.run(as: Self.bob, groups: [submit], "ln -s /etc/shadow incoming/shadow.txt")
        // And a normal report after them.
        _ = root.run(as: Self.bob, groups: [submit], "umask 027; echo 'The consulate was set on fire and two guards were killed.' > tmp/last.txt && mv tmp/last.txt incoming/")

        #expect(settled { FileHelpers.exists(spool + "/processed/last.txt") })
        #expect(settled { FileHelpers.exists(spool + "/failed/folder.txt.error") }, "a reason for the directory")
        let folder = FileHelpers.read(spool + "/failed/folder.txt.error") ?? ""
        #expect(folder.contains("directory") && folder.contains("left in incoming/ as .failed.folder.txt"), "\(folder)")
        #expect(FileHelpers.list(spool + "/incoming") == [".failed.folder.txt"], "only the directory, set aside under an ignored name")
        #expect(FileHelpers.read(spool + "/failed/private.txt.error")?.contains("Permission denied") == true)
        #expect(FileHelpers.read(spool + "/failed/shadow.txt.error")?.contains("symbolic link") == true)
        let stdout = FileHelpers.read(root.temp.appending("stdout")) ?? ""
        #expect(stdout.contains("\"name\":\"first.txt\"") && stdout.contains("\"name\":\"last.txt\""))
        #expect(!stdout.contains("secret") && !stdout.contains("root:"))
        // Nothing is waiting for a retry that can never succeed.
        usleep(600_000)
        let stderr = FileHelpers.read(root.temp.appending("stderr")) ?? ""
        #expect(!stderr.contains("will retry"), "\(stderr)")
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: .seconds(10)) == 0)
    }
}
