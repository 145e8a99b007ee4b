import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The daemon on a real `dbus-daemon` (a private one each test starts and stops by PID):
/// the `Alert` signal as `busctl monitor` and `incidentd watch` see it, every method and
/// property through `busctl`, the bus dying and coming back, and the shipped policy.
@Suite(.serialized) struct DBusEndToEndTests {
    static let expectedRules: Set<String> = ["protected-mission-damage", "casualties-reported"]
    static let object = ["org.incidentd.Incidentd1", "/org/incidentd/Incidentd1", "org.incidentd.Incidentd1"]

    @Test(.enabled(if: PrivateBus.available, "dbus-daemon or busctl is missing (make setup installs dbus)"), .needsRuleEngine)
    func theSeedReportIsSignalledToBusctlMonitorAndIncidentdWatch() throws {
        let temp = TemporaryDirectory(prefix: "incidentd-dbus")
        defer { temp.remove() }
        let bus = PrivateBus(directory: temp.path)
        try #require(bus.start(), "dbus-daemon did not start")
        defer { bus.stop() }

        let monitor = ChildProcess.spawn(
            ["/usr/bin/stdbuf", "-oL", "/usr/bin/busctl", "--address=\(bus.address)", "monitor", "--match",
             "type='signal',interface='org.incidentd.Incidentd1',member='Alert'"],
            stdout: temp.appending("monitor.out"), stderr: temp.appending("monitor.err"))
        let watchJSON = ChildProcess.spawn(
            [Binary.path, "watch", "--bus", bus.address, "--output", "json"],
            stdout: temp.appending("watch-json.out"), stderr: temp.appending("watch-json.err"))
        let watchText = ChildProcess.spawn(
            [Binary.path, "watch", "--bus", bus.address, "--rule", "casualties-reported", "--min-severity", "high"],
            stdout: temp.appending("watch-text.out"), stderr: temp.appending("watch-text.err"))
        defer {
            // SIGKILL: nothing here needs a graceful stop.
            for process in [monitor, watchJSON, watchText] {
                process.signal(SIGKILL)
                process.wait()
            }
        }
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "json", "--dbus", bus.address])
        try #require(daemon.waitReady())
        try #require(bus.waitForDaemon(), "the daemon never answered on the bus: \(daemon.stderr)")
        let subscribed = daemon.wait(timeout: .seconds(5)) {
            (FileHelpers.read(temp.appending("monitor.err")) ?? "").contains("Monitoring bus message stream")
                && (FileHelpers.read(temp.appending("watch-json.err")) ?? "").contains("watching for alerts")
                && (FileHelpers.read(temp.appending("watch-text.err")) ?? "").contains("watching for alerts")
        }
        try #require(subscribed, "subscribers not ready")

        daemon.drop("seed.txt", copyOf: Binary.seed)
        let watched = daemon.wait(timeout: .seconds(3)) {
            Set(lines(temp.appending("watch-json.out")).compactMap { JSONLine.object($0)?["rule"] as? String }) == Self.expectedRules
        }
        #expect(watched, "incidentd watch --output json: \(lines(temp.appending("watch-json.out")))")

        // watch prints the same records the daemon printed, in full.
        let printed = Set(daemon.stdoutLines)
        let records = lines(temp.appending("watch-json.out"))
        #expect(records.count == 2)
        for record in records { #expect(printed.contains(record), "record differs from the daemon's: \(record.prefix(120))") }
        let casualties = records.compactMap(JSONLine.object).first { $0["rule"] as? String == "casualties-reported" }
        #expect((casualties?["fields"] as? [String: Any])?["killed"] as? Int == 38)

        // The filtered watcher prints one text line, as `incidentd run --output text` would.
        #expect(daemon.wait { lines(temp.appending("watch-text.out")).count == 1 })
        let text = lines(temp.appending("watch-text.out"))
        #expect(text.count == 1 && text[0].hasPrefix("CRITICAL casualties-reported seed.txt killed=38"), "\(text)")

        // busctl monitor sees the signal with its six string arguments.
        #expect(daemon.wait { (FileHelpers.read(temp.appending("monitor.out")) ?? "").components("Member=Alert") == 2 })
        let monitored = FileHelpers.read(temp.appending("monitor.out")) ?? ""
        #expect(monitored.contains("Path=/org/incidentd/Incidentd1"))
        #expect(monitored.contains("STRING \"casualties-reported\";") && monitored.contains("STRING \"protected-mission-damage\";"))
        #expect(monitored.contains("STRING \"seed.txt\";") && monitored.contains("STRING \"critical\";"))
        #expect(daemon.stop() == 0)
    }

    @Test(.enabled(if: PrivateBus.available, "dbus-daemon or busctl is missing (make setup installs dbus)"), .needsRuleEngine)
    func everyMethodAndPropertyAnswersOverBusctl() throws {
        let temp = TemporaryDirectory(prefix: "incidentd-dbus")
        defer { temp.remove() }
        let bus = PrivateBus(directory: temp.path)
        try #require(bus.start(), "dbus-daemon did not start")
        defer { bus.stop() }
        let rules = temp.appending("rules.d")
        mkdir(rules, 0o755)
        let config = temp.appending("incidentd.yaml")
        FileHelpers.write("rule_directories: [\(rules)]\nrecent_alerts: 3\n", to: config)
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "json", "--dbus", bus.address, "--config", config])
        try #require(daemon.waitReady())
        try #require(bus.waitForDaemon(), "the daemon never answered on the bus: \(daemon.stderr)")

        let introspection = bus.busctl(["introspect"] + Array(Self.object.prefix(2)))
        for member in [".GetStatus", ".RecentAlerts", ".Reload", ".Alert", ".FilesProcessed", ".LastAlertTime"] {
            #expect(introspection.stdout.contains(member), "introspect lacks \(member): \(introspection.stdout)")
        }
        #expect(introspection.stdout.contains("ssutttst"))

        let monitor = ChildProcess.spawn(
            ["/usr/bin/stdbuf", "-oL", "/usr/bin/busctl", "--address=\(bus.address)", "monitor", "--match",
             "type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged'"],
            stdout: temp.appending("monitor.out"), stderr: temp.appending("monitor.err"))
        defer {
            monitor.signal(SIGKILL)
            monitor.wait()
        }
        #expect(daemon.wait(timeout: .seconds(5)) { (FileHelpers.read(temp.appending("monitor.err")) ?? "").contains("Monitoring") })

        daemon.drop("seed.txt", copyOf: Binary.seed)
        daemon.drop("second.txt", text: (FileHelpers.read(Binary.seed) ?? "") + "\nA second report.\n")
        #expect(daemon.wait { daemon.list("processed") == ["second.txt", "seed.txt"] })

        let status = JSONLine.object(bus.call("GetStatus", json: true).stdout)
        let values = status?["data"] as? [Any] ?? []
        #expect(status?["type"] as? String == "ssutttst")
        try #require(values.count == 8, "GetStatus: \(String(describing: status))")
        #expect(values[0] as? String == Binary.run(["--version"]).stdout.split(separator: "\n").first.map(String.init))
        #expect(values[1] as? String == daemon.spool)
        #expect(values[2] as? Int == 2)
        #expect(values[3] as? Int == 2)
        #expect(values[4] as? Int == 4)
        #expect(values[5] as? Int == 0)
        #expect((values[6] as? String)?.hasSuffix("Z") == true)
        #expect((values[7] as? Int).map { $0 >= 0 && $0 < 60 } == true)

        // RecentAlerts: JSON records, newest first, at most the ring's size (3).
        let one = (JSONLine.object(bus.call("RecentAlerts", ["u", "1"], json: true).stdout)?["data"] as? [Any])?.first as? [String]
        let all = (JSONLine.object(bus.call("RecentAlerts", ["u", "10"], json: true).stdout)?["data"] as? [Any])?.first as? [String]
        #expect(one?.count == 1)
        #expect(all?.count == 3)
        #expect(one?.first == daemon.stdoutLines.last, "newest first")
        #expect(all?.first == daemon.stdoutLines.last && all?.last == daemon.stdoutLines[1])

        // Properties, and PropertiesChanged for the counters.
        #expect(bus.busctl(["get-property"] + Self.object + ["Alerts"]).stdout.trimmingCharacters() == "t 4")
        #expect(bus.busctl(["get-property"] + Self.object + ["FilesProcessed"]).stdout.trimmingCharacters() == "t 2")
        #expect(bus.busctl(["get-property"] + Self.object + ["Rules"]).stdout.trimmingCharacters() == "u 2")
        #expect(bus.busctl(["get-property"] + Self.object + ["Spool"]).stdout.trimmingCharacters() == "s \"\(daemon.spool)\"")
        let changed = daemon.wait { (FileHelpers.read(temp.appending("monitor.out")) ?? "").contains("STRING \"Alerts\";") }
        #expect(changed, "no PropertiesChanged with Alerts")
        #expect(daemon.wait { (FileHelpers.read(temp.appending("monitor.out")) ?? "").contains("UINT64 4;") })

        // Reload: succeeds, then a broken rule file is refused with its error text.
        let reload = bus.call("Reload")
        #expect(reload.status == 0, "Reload: \(reload.stderr)")
        #expect(daemon.wait { daemon.stderr.contains("Configuration and rules reloaded") })
        FileHelpers.write("id: [broken\n", to: rules + "/broken.yaml")
        let refused = bus.call("Reload")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("broken.yaml"), "Reload error text: \(refused.stderr)")
        #expect(daemon.wait { daemon.stderr.contains("Reload failed; keeping the previous configuration and rules") })
        // Still alerting with the old rules.
        daemon.drop("third.txt", text: (FileHelpers.read(Binary.seed) ?? "") + "\nA third report.\n")
        #expect(daemon.wait { daemon.stdoutLines.count == 6 })
        #expect(daemon.stop() == 0)
    }

    @Test(
        .enabled(if: PrivateBus.available, "dbus-daemon or busctl is missing (make setup installs dbus)"), .needsRuleEngine,
        .timeLimit(.minutes(1)))
    func alertsKeepGoingToTheJournalWhileTheBusIsGoneAndTheDaemonReconnects() throws {
        let journald = Journald.shared
        try #require(journald.acquire(), "no journald could be started")
        defer { journald.release() }
        let temp = TemporaryDirectory(prefix: "incidentd-dbus")
        defer { temp.remove() }
        let bus = PrivateBus(directory: temp.path)
        let cursor = Journald.cursor()

        // No bus at start-up: the daemon starts anyway and says so once.
        let daemon = DaemonHarness(arguments: ["--journal", "on", "--output", "json", "--dbus", bus.address])
        try #require(daemon.waitReady())
        #expect(daemon.wait { daemon.stderr.contains("D-Bus unavailable; alerts still go to the journal and stdout") })
        daemon.drop("before.txt", text: (FileHelpers.read(Binary.seed) ?? "") + "\nBefore the bus.\n")
        #expect(daemon.wait { daemon.stdoutLines.count == 2 && daemon.list("processed") == ["before.txt"] })

        // The bus appears: the daemon connects and owns its name.
        try #require(bus.start(), "dbus-daemon did not start")
        #expect(bus.waitForDaemon(), "no connection within 10 s: \(daemon.stderr)")

        // The bus dies mid-run: alerts still reach journald and stdout, files still move on.
        bus.stop()
        daemon.drop("seed.txt", copyOf: Binary.seed)
        #expect(daemon.wait { daemon.stdoutLines.count == 4 && daemon.list("processed") == ["before.txt", "seed.txt"] })
        let entries = Journald.entries(after: cursor, pid: daemon.process.pid) { entries in
            entries.filter { $0["INCIDENT_NAME"] == "seed.txt" }.count == 2
        }
        #expect(Set(entries.filter { $0["INCIDENT_NAME"] == "seed.txt" }.compactMap { $0["INCIDENT_RULE"] }) == Self.expectedRules)
        #expect(daemon.wait { daemon.stderr.contains("D-Bus connection lost; alerts still go to the journal and stdout; reconnecting") })

        // A new bus on the same address: the daemon reconnects and signals again.
        try #require(bus.start(), "dbus-daemon did not restart")
        #expect(bus.waitForDaemon(), "no reconnection within 10 s: \(daemon.stderr)")
        let watch = ChildProcess.spawn(
            [Binary.path, "watch", "--bus", bus.address, "--output", "json"],
            stdout: temp.appending("watch.out"), stderr: temp.appending("watch.err"))
        defer {
            watch.signal(SIGKILL)
            watch.wait()
        }
        #expect(daemon.wait(timeout: .seconds(5)) { (FileHelpers.read(temp.appending("watch.err")) ?? "").contains("watching") })
        daemon.drop("after.txt", text: (FileHelpers.read(Binary.seed) ?? "") + "\nAfter the bus came back.\n")
        #expect(daemon.wait(timeout: .seconds(3)) { lines(temp.appending("watch.out")).count == 2 })
        #expect(daemon.stderr.components("D-Bus connection re-established") == 2, "logged once per outage: \(daemon.stderr)")
        #expect(daemon.stderr.components("D-Bus connection lost") == 1)
        #expect(daemon.stderr.components("D-Bus unavailable") == 1)
        #expect(daemon.stop() == 0)
    }

    @Test(
        .enabled(if: PrivateBus.available, "dbus-daemon or busctl is missing (make setup installs dbus)"),
        .enabled(if: Gates.isRoot, "needs root: the policy test runs the daemon and callers as other users"),
        .needsRuleEngine)
    func theShippedPolicyLetsAnyoneReadButOnlyRootReload() throws {
        let nobody: UInt32 = 65534
        let temp = TemporaryDirectory(prefix: "incidentd-dbus")
        defer { temp.remove() }
        chmod(temp.path, 0o755)
        // The shipped policy, with the service user swapped for one that exists here.
        let shipped = FileHelpers.read(Binary.repository + "/systemd/org.incidentd.Incidentd1.conf") ?? ""
        #expect(shipped.contains("<policy user=\"incidentd\">"))
        let bus = PrivateBus(
            directory: temp.path,
            systemPolicy: shipped.split(separator: "<policy user=\"incidentd\">", omittingEmptySubsequences: false)
                .joined(separator: "<policy user=\"nobody\">"))
        try #require(bus.start(), "dbus-daemon did not start: \(FileHelpers.read(temp.appending("dbus-daemon.err")) ?? "")")
        defer { bus.stop() }

        // Root may not own the name: only the service user may.
        let own = bus.busctl(["call", "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                              "RequestName", "su", "org.incidentd.Incidentd1", "4"])
        #expect(own.status != 0 && own.stderr.contains("denied"), "root owned the name: \(own.stdout) \(own.stderr)")

        let spool = temp.appending("spool")
        mkdir(spool, 0o755)
        chown(spool, nobody, nobody)
        let daemon = ChildProcess.spawn(
            ["/usr/bin/setpriv", "--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups",
             Binary.path, "run", "--spool", spool, "--journal", "off", "--output", "json", "--dbus", bus.address],
            environment: ["SWIFT_BACKTRACE": "enable=no"],
            stdout: temp.appending("daemon.out"), stderr: temp.appending("daemon.err"))
        defer {
            daemon.signal(SIGKILL)
            daemon.wait()
        }
        try #require(bus.waitForDaemon(), "the daemon never owned its name: \(FileHelpers.read(temp.appending("daemon.err")) ?? "")")

        // Anyone: status, recent alerts, properties, introspection, and the signal.
        let watch = ChildProcess.spawn(
            ["/usr/bin/setpriv", "--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups",
             Binary.path, "watch", "--bus", bus.address, "--output", "json"],
            stdout: temp.appending("watch.out"), stderr: temp.appending("watch.err"))
        defer {
            watch.signal(SIGKILL)
            watch.wait()
        }
        #expect(bus.call("GetStatus", user: nobody).status == 0)
        #expect(bus.call("RecentAlerts", ["u", "5"], user: nobody).status == 0)
        #expect(bus.busctl(["get-property"] + Self.object + ["Alerts"], user: nobody).status == 0)
        #expect(bus.busctl(["introspect"] + Array(Self.object.prefix(2)), user: nobody).status == 0)
        let waiter = DaemonWaiter()
        #expect(waiter.wait(timeout: .seconds(5)) { (FileHelpers.read(temp.appending("watch.err")) ?? "").contains("watching") })
        let report = temp.appending("seed.txt")
        FileHelpers.write(FileHelpers.read(Binary.seed) ?? "", to: report)
        chown(report, nobody, nobody)
        FileHelpers.move(report, spool + "/incoming/seed.txt")
        #expect(waiter.wait(timeout: .seconds(3)) { lines(temp.appending("watch.out")).count == 2 }, "nobody got no Alert signal")

        // Reload: refused to a non-root caller by the bus, allowed to root.
        let refused = bus.call("Reload", user: nobody)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("denied") || refused.stderr.contains("Access"), "\(refused.stderr)")
        #expect(!(FileHelpers.read(temp.appending("daemon.err")) ?? "").contains("Configuration and rules reloaded"))
        let allowed = bus.call("Reload")
        #expect(allowed.status == 0, "root Reload: \(allowed.stderr)")
        #expect(waiter.wait { (FileHelpers.read(temp.appending("daemon.err")) ?? "").contains("Configuration and rules reloaded") })
    }
}

/// Polling without a harness.
private struct DaemonWaiter {
    func wait(timeout: Duration = .seconds(2), until condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}

private func lines(_ path: String) -> [String] {
    (FileHelpers.read(path) ?? "").split(separator: "\n").map(String.init)
}

extension String {
    /// How often `needle` occurs.
    fileprivate func components(_ needle: String) -> Int {
        split(separator: needle, omittingEmptySubsequences: false).count - 1
    }

    fileprivate func trimmingCharacters() -> String {
        String(drop { $0 == " " || $0.isNewline }.reversed().drop { $0 == " " || $0.isNewline }.reversed())
    }
}
