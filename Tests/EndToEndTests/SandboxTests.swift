import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The installed unit under a real systemd (PID 1 of a throw-away namespace on a tmpfs
/// overlay of `/`): start via READY, alerts in `journalctl -u incidentd`, reload, hardening.
@Suite(.serialized) struct SandboxTests {
    static let expectedRules: Set<String> = ["protected-mission-damage", "casualties-reported"]
    static let spool = "/var/spool/incidentd"

    @Test(
        .enabled(
            if: SystemdSandbox.unavailableReason == nil,
            // Needs root, systemd, overlayfs, a writable cgroup2 hierarchy and namespaces.
            Comment(rawValue: "systemd sandbox unavailable: \(SystemdSandbox.unavailableReason ?? "")")),
        .timeLimit(.minutes(2)))
    func theInstalledUnitRunsHardenedUnderARealSystemd() throws {
        let sandbox = SystemdSandbox()
        defer { sandbox.tearDown() }
        let state = try sandbox.boot().get()
        #expect(["running", "degraded"].contains(state))
        let root = sandbox.root

        // Install as an administrator would, into the sandbox's root.
        let install = Shell.run(
            ["make", "-s", "install", "DESTDIR=\(root)", "PREFIX=/usr", "BIN=\(Binary.path)"], directory: Binary.repository)
        try #require(install.status == 0, "make install: \(install.stderr)")
        for step in [
            ["systemctl", "daemon-reload"], ["systemd-sysusers"], ["systemd-tmpfiles", "--create", "incidentd.conf"],
            ["journalctl", "--update-catalog"],
            // The system bus (socket-activated by this call) reads the installed policy.
            ["busctl", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ReloadConfig"],
        ] {
            let result = sandbox.run(step)
            try #require(result.status == 0, "\(step.joined(separator: " ")): \(result.stderr)")
        }
        let user = sandbox.run(["getent", "passwd", "incidentd"])
        try #require(user.status == 0, "sysusers created no incidentd user")
        try #require(FileHelpers.list(root + Self.spool) == ["failed", "incoming", "processed", "tmp"])

        // Type=notify: `systemctl start` returns once READY=1 arrived; STATUS= is shown.
        let start = sandbox.run(["systemctl", "start", "incidentd"])
        try #require(start.status == 0, "systemctl start: \(start.stderr) \(statusText(sandbox))")
        var unit = sandbox.show("incidentd", ["ActiveState", "SubState", "Type", "MainPID", "StatusText", "NRestarts"])
        #expect(unit["ActiveState"] == "active" && unit["SubState"] == "running", "\(unit)")
        #expect(unit["Type"] == "notify")
        #expect(unit["StatusText"]?.contains("processed 0") == true, "STATUS= not seen: \(unit)")
        let mainPID = unit["MainPID"] ?? "0"
        try #require(mainPID != "0", "no MainPID: \(unit)")

        // D-Bus: the unit owns its name on the sandbox's system bus under the shipped policy.
        try checkBus(sandbox, mainPID: mainPID)

        // A report dropped the way writers should: written in tmp/, renamed into incoming/.
        FileHelpers.write(FileHelpers.read(Binary.seed) ?? "", to: root + Self.spool + "/tmp/seed.txt")
        FileHelpers.move(root + Self.spool + "/tmp/seed.txt", root + Self.spool + "/incoming/seed.txt")
        var entries = sandbox.journal(unit: "incidentd") { Set($0.compactMap { $0["INCIDENT_RULE"] }) == Self.expectedRules }
        var alerts = entries.filter { $0["INCIDENT_RULE"] != nil }
        #expect(Set(alerts.compactMap { $0["INCIDENT_RULE"] }) == Self.expectedRules, "journal: \(messages(entries))")
        for alert in alerts {
            #expect(alert["_SYSTEMD_UNIT"] == "incidentd.service")
            #expect(alert["_PID"] == mainPID)
            #expect(alert["SYSLOG_IDENTIFIER"] == "incidentd")
            #expect(alert["INCIDENT_FILE"] == Self.spool + "/processed/seed.txt")
            #expect(alert["MESSAGE"]?.contains("\n") == false)
        }
        let casualties = alerts.first { $0["INCIDENT_RULE"] == "casualties-reported" }
        #expect(casualties?["INCIDENT_KILLED"] == "38")
        #expect(casualties?["MESSAGE_ID"] == "7d2e5b1c9a4f4e6b8c3d0f1a2b5e9c47")
        #expect(alerts.first { $0["INCIDENT_RULE"] == "protected-mission-damage" }?["MESSAGE_ID"] == "3c1f0e6a9b7d4f52a1e8c0d2b4f6a813")
        #expect(sandbox.wait { FileHelpers.list(root + Self.spool + "/processed") == ["seed.txt"] })
        #expect(FileHelpers.list(root + Self.spool + "/incoming").isEmpty)
        // The catalog explains the alert (journalctl -x).
        let explained = sandbox.run(["journalctl", "-u", "incidentd", "-x", "--no-pager", "INCIDENT_RULE=casualties-reported"])
        #expect(explained.stdout.contains("Subject: Casualties reported (seed.txt)")
                && explained.stdout.contains("says that people were killed or injured"),
                "no catalog text: \(explained.stdout.suffix(400))")

        // Reload: ExecReload sends SIGHUP; RELOADING=1 … READY=1; same process, still running.
        let reload = sandbox.run(["systemctl", "reload", "incidentd"])
        #expect(reload.status == 0, "systemctl reload: \(reload.stderr)")
        // `systemctl reload` returns when `kill -HUP` exits (systemd 252 has no Type=notify-reload),
        // so the daemon's RELOADING=1 … READY=1 may still be under way: wait for it.
        let settled = sandbox.wait {
            unit = sandbox.show("incidentd", ["ActiveState", "SubState", "MainPID", "NRestarts", "ExecReload"])
            return unit["ActiveState"] == "active" && unit["SubState"] == "running"
        }
        #expect(settled, "not back to active (running) within 5 s of the reload: \(unit)")
        #expect(unit["MainPID"] == mainPID)
        #expect(unit["NRestarts"] == "0")
        #expect(unit["ExecReload"]?.contains("status=0") == true, "ExecReload: \(unit["ExecReload"] ?? "")")
        entries = sandbox.journal(unit: "incidentd") { $0.contains { $0["MESSAGE"] == "Configuration and rules reloaded" } }
        #expect(entries.contains { $0["MESSAGE"] == "Configuration and rules reloaded" && $0["_PID"] == mainPID })
        // Still processing after the reload (a different report: not a duplicate).
        let second = (FileHelpers.read(Binary.seed) ?? "") + "\nAfter the reload.\n"
        FileHelpers.write(second, to: root + Self.spool + "/tmp/second.txt")
        FileHelpers.move(root + Self.spool + "/tmp/second.txt", root + Self.spool + "/incoming/second.txt")
        entries = sandbox.journal(unit: "incidentd") { $0.filter { $0["INCIDENT_RULE"] != nil }.count >= 4 }
        alerts = entries.filter { $0["INCIDENT_RULE"] != nil }
        #expect(alerts.count == 4, "alerts after reload: \(messages(entries))")
        #expect(sandbox.wait { FileHelpers.list(root + Self.spool + "/processed") == ["second.txt", "seed.txt"] })

        // Hardening in effect on the running service.
        let status = sandbox.run(["cat", "/proc/\(mainPID)/status"]).stdout
        #expect(field(status, "CapEff") == "0000000000000000", "CapEff: \(field(status, "CapEff") ?? "?")")
        #expect(field(status, "CapPrm") == "0000000000000000")
        #expect(field(status, "NoNewPrivs") == "1")
        #expect(field(status, "Seccomp") == "2", "no seccomp filter")
        #expect(field(status, "Uid")?.split(separator: "\t").first != "0", "runs as root")
        // ProtectSystem=strict, ProtectHome, ReadWritePaths: the service's own mount table.
        let mounts = mountOptions(sandbox.run(["cat", "/proc/\(mainPID)/mountinfo"]).stdout)
        #expect(mounts["/"]?.contains("ro") == true, "/ is not read-only for the service: \(mounts["/"] ?? [])")
        #expect(mounts["/home"]?.contains("ro") == true, "/home: \(mounts["/home"] ?? [])")
        #expect(mounts[Self.spool]?.contains("rw") == true, "spool: \(mounts[Self.spool] ?? [])")
        let settings = sandbox.show(
            "incidentd",
            ["ProtectSystem", "ProtectHome", "PrivateTmp", "NoNewPrivileges", "CapabilityBoundingSet", "User", "PrivateNetwork"])
        #expect(settings["ProtectSystem"] == "strict")
        #expect(settings["ProtectHome"] == "yes")
        #expect(settings["NoNewPrivileges"] == "yes")
        #expect(settings["CapabilityBoundingSet"] == "")
        #expect(settings["User"] == "incidentd")
        // The service user cannot read /etc/shadow, nor write outside the spool under the unit's sandboxing.
        let shadow = sandbox.run(["systemd-run", "--quiet", "--wait", "--pipe", "-p", "User=incidentd", "cat", "/etc/shadow"])
        #expect(shadow.status != 0 && !shadow.stdout.contains("root:"), "incidentd read /etc/shadow")
        #expect(shadow.stderr.contains("Permission denied"), "\(shadow.stderr)")
        // The running service's own view: its mount namespace, its uid and groups, no
        // capabilities (what the daemon itself could open, whatever a report tricks it into).
        func line(_ result: Shell.Result) -> String { result.stdout.split(separator: "\n").first.map(String.init) ?? "" }
        let uid = line(sandbox.run(["id", "-u", "incidentd"])), gid = line(sandbox.run(["id", "-g", "incidentd"]))
        let groups = line(sandbox.run(["id", "-G", "incidentd"])).split(separator: " ").joined(separator: ",")
        func asService(_ command: [String]) -> Shell.Result {
            sandbox.run(
                ["nsenter", "--target", mainPID, "--mount", "--", "setpriv", "--reuid", uid, "--regid", gid, "--groups", groups,
                 "--inh-caps=-all", "--bounding-set=-all"] + command)
        }
        #expect(asService(["ls", Self.spool + "/processed"]).status == 0, "the probe sees what the service sees")
        let serviceShadow = asService(["cat", "/etc/shadow"])
        #expect(serviceShadow.status != 0 && !serviceShadow.stdout.contains("root:"), "the service read /etc/shadow")
        #expect(serviceShadow.stderr.contains("Permission denied"), "\(serviceShadow.stderr)")
        // Control: the same user outside the service's namespace may list /home, so the
        // denial below is the unit's ProtectHome=, not the directory's mode.
        let control = sandbox.run(["setpriv", "--reuid", uid, "--regid", gid, "--groups", groups, "ls", "-A", "/home"])
        #expect(control.status == 0, "control: \(control.stderr)")
        for directory in ["/home", "/root"] {
            let listing = asService(["ls", "-A", directory])
            #expect(listing.status != 0 && listing.stderr.contains("Permission denied"), "\(directory): \(listing.stdout) \(listing.stderr)")
        }
        // And a report that links to /etc/shadow is refused by the service without reading it.
        _ = sandbox.run(["ln", "-s", "/etc/shadow", Self.spool + "/tmp/shadow.txt"])
        _ = sandbox.run(["mv", Self.spool + "/tmp/shadow.txt", Self.spool + "/incoming/shadow.txt"])
        #expect(sandbox.wait { FileHelpers.read(root + Self.spool + "/failed/shadow.txt.error")?.contains("symbolic link") == true })
        let write = sandbox.run([
            "systemd-run", "--quiet", "--wait", "--pipe", "-p", "User=incidentd", "-p", "ProtectSystem=strict",
            "-p", "ReadWritePaths=\(Self.spool)", "touch", Self.spool + "/tmp/.probe", "/var/tmp/incidentd-probe",
        ])
        #expect(write.status != 0 && write.stderr.contains("Read-only file system"), "\(write.stderr)")

        // Stop: STOPPING=1, exit 0.
        let stop = sandbox.run(["systemctl", "stop", "incidentd"])
        #expect(stop.status == 0)
        unit = sandbox.show("incidentd", ["ActiveState", "Result", "ExecMainStatus"])
        #expect(unit["ActiveState"] == "inactive" && unit["Result"] == "success" && unit["ExecMainStatus"] == "0", "\(unit)")
    }

    /// The service owns `org.incidentd.Incidentd1` on the system bus; anyone may read its
    /// status; only root may reload; root may not take the name.
    private func checkBus(_ sandbox: SystemdSandbox, mainPID: String) throws {
        #expect(FileHelpers.exists(sandbox.root + "/usr/share/dbus-1/system.d/org.incidentd.Incidentd1.conf"))
        let dbus = ["org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus"]
        var owner = ""
        let owned = sandbox.wait(timeout: .seconds(10)) {
            owner = sandbox.run(["busctl", "call"] + dbus + ["GetConnectionUnixProcessID", "s", "org.incidentd.Incidentd1"]).stdout
            return owner.hasPrefix("u ")
        }
        #expect(owned, "org.incidentd.Incidentd1 not owned: \(owner) \(statusText(sandbox))")
        #expect(owner.split(separator: " ").last?.split(separator: "\n").first.map(String.init) == mainPID, "owner \(owner)")
        let user = sandbox.run(["busctl", "call"] + dbus + ["GetConnectionUnixUser", "s", "org.incidentd.Incidentd1"]).stdout
        let uid = sandbox.run(["id", "-u", "incidentd"]).stdout.split(separator: "\n").first.map(String.init) ?? "?"
        #expect(user.hasPrefix("u \(uid)"), "owner's uid: \(user), incidentd is \(uid)")
        let object = ["org.incidentd.Incidentd1", "/org/incidentd/Incidentd1", "org.incidentd.Incidentd1"]
        let asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        let status = sandbox.run(asNobody + ["busctl", "call"] + object + ["GetStatus"])
        #expect(status.status == 0 && status.stdout.hasPrefix("ssutttst \"0.1.0\" \"/var/spool/incidentd\" 2 "), "GetStatus as nobody: \(status.stdout) \(status.stderr)")
        let refused = sandbox.run(asNobody + ["busctl", "call"] + object + ["Reload"])
        #expect(refused.status != 0 && refused.stderr.contains("denied"), "Reload as nobody: \(refused.stderr)")
        let steal = sandbox.run(["busctl", "call"] + dbus + ["RequestName", "su", "org.incidentd.Incidentd1", "4"])
        #expect(steal.status != 0 && steal.stderr.contains("denied"), "root took the name: \(steal.stdout) \(steal.stderr)")
        let entries = sandbox.journal(unit: "incidentd") { $0.contains { $0["MESSAGE"] == "D-Bus name acquired" } }
        #expect(entries.contains { $0["MESSAGE"] == "D-Bus name acquired" && $0["_PID"] == mainPID })
    }

    private func statusText(_ sandbox: SystemdSandbox) -> String {
        sandbox.run(["systemctl", "status", "incidentd", "--no-pager", "-l"]).stdout
    }

    private func messages(_ entries: [[String: String]]) -> [String] {
        entries.map { ($0["INCIDENT_RULE"] ?? "-") + " " + String(($0["MESSAGE"] ?? "").prefix(80)) }
    }

    /// A `/proc/PID/status` field's value.
    private func field(_ status: String, _ name: String) -> String? {
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            return line.dropFirst(name.count + 1).drop { $0 == " " || $0 == "\t" }.description
        }
        return nil
    }

    /// Mount point → mount options, from `/proc/PID/mountinfo` (the last mount on a point wins).
    private func mountOptions(_ mountinfo: String) -> [String: [String]] {
        var options: [String: [String]] = [:]
        for line in mountinfo.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count > 5 else { continue }
            options[String(parts[4])] = parts[5].split(separator: ",").map(String.init)
        }
        return options
    }
}
