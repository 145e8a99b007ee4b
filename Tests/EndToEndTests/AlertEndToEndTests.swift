import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Alerts as a person sees them: JSON lines on stdout and entries in a real journal.
@Suite(.serialized) struct AlertEndToEndTests {
    static let expectedRules: Set<String> = ["protected-mission-damage", "casualties-reported"]

    @Test(.needsRuleEngine) func theSeedReportAlertsOnStdoutAndInTheJournalWithinOneSecond() throws {
        let journald = Journald.shared
        try #require(journald.acquire(), "no journald could be started")
        defer { journald.release() }
        let cursor = Journald.cursor()
        let daemon = DaemonHarness(arguments: ["--journal", "on", "--output", "json"])
        try #require(daemon.waitReady())

        let dropped = ContinuousClock.now
        daemon.drop("seed.txt", copyOf: Binary.seed)
        let arrived = daemon.wait(timeout: .seconds(1)) { Set(alertRules(daemon.stdoutLines)) == Self.expectedRules }
        let latency = ContinuousClock.now - dropped
        #expect(arrived, "alerts within 1 s (took \(latency))")

        let alerts = daemon.stdoutLines.compactMap(JSONLine.object)
        let casualties = alerts.first { $0["rule"] as? String == "casualties-reported" }
        let fields = casualties?["fields"] as? [String: Any]
        #expect(fields?["killed"] as? Int == 38)
        for alert in alerts {
            #expect((alert["file"] as? String)?.hasSuffix("/processed/seed.txt") == true)
            #expect((alert["alert_id"] as? String)?.count == 32)
            #expect(alert["sha256"] as? String != nil)
        }
        #expect(daemon.wait { daemon.list("processed") == ["seed.txt"] })

        let entries = Journald.entries(after: cursor, pid: daemon.process.pid) { entries in
            Set(entries.compactMap { $0["INCIDENT_RULE"] }) == Self.expectedRules
        }
        let alertEntries = entries.filter { $0["INCIDENT_RULE"] != nil }
        #expect(Set(alertEntries.compactMap { $0["INCIDENT_RULE"] }) == Self.expectedRules)
        for entry in alertEntries {
            for field in [
                "MESSAGE", "PRIORITY", "MESSAGE_ID", "INCIDENT_ALERT_ID", "INCIDENT_SEVERITY", "INCIDENT_FILE",
                "INCIDENT_SHA256", "INCIDENT_EVIDENCE",
            ] {
                #expect(entry[field] != nil, "\(field) missing from the journal entry")
            }
            #expect(entry["MESSAGE"]?.contains("\n") == false)
        }
        let casualtyEntry = alertEntries.first { $0["INCIDENT_RULE"] == "casualties-reported" }
        #expect(casualtyEntry?["INCIDENT_KILLED"] == "38")
        #expect(casualtyEntry?["MESSAGE_ID"] == "7d2e5b1c9a4f4e6b8c3d0f1a2b5e9c47")
        let missionEntry = alertEntries.first { $0["INCIDENT_RULE"] == "protected-mission-damage" }
        #expect(missionEntry?["MESSAGE_ID"] == "3c1f0e6a9b7d4f52a1e8c0d2b4f6a813")
        #expect(daemon.stop() == 0)
    }

    @Test(.needsRuleEngine) func theSameReportTwiceAlertsOnce() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "json"])
        try #require(daemon.waitReady())
        daemon.drop("a.txt", copyOf: Binary.seed)
        #expect(daemon.wait { Set(alertRules(daemon.stdoutLines)) == Self.expectedRules })
        daemon.drop("b.txt", copyOf: Binary.seed)
        #expect(daemon.wait { daemon.list("processed") == ["a.txt", "b.txt"] })
        #expect(daemon.stdoutLines.count == 2)
        #expect(daemon.stop() == 0)
    }

    @Test(.needsRuleEngine) func sighupWithABrokenRuleKeepsTheOldRules() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        // A rule directory that starts empty (built-in rules in force), then gets a broken file.
        let rules = temp.appending("rules.d")
        mkdir(rules, 0o755)
        let config = temp.appending("incidentd.yaml")
        FileHelpers.write("rule_directories: [\(rules)]\n", to: config)
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "json", "--config", config])
        try #require(daemon.waitReady())
        FileHelpers.write("id: [broken\n", to: rules + "/broken.yaml")
        daemon.process.signal(SIGHUP)
        #expect(daemon.notify.wait(for: "RELOADING=1"))
        #expect(daemon.wait { daemon.stderr.contains("Reload failed; keeping the previous configuration and rules") })
        #expect(daemon.stderr.contains("broken.yaml"))
        daemon.drop("seed.txt", copyOf: Binary.seed)
        #expect(daemon.wait { Set(alertRules(daemon.stdoutLines)) == Self.expectedRules })
        #expect(daemon.stop() == 0)
    }

    @Test func theDaemonsOwnLogGoesToTheJournalUnderSystemd() throws {
        let journald = Journald.shared
        try #require(journald.acquire(), "no journald could be started")
        defer { journald.release() }
        let cursor = Journald.cursor()
        let daemon = DaemonHarness(
            arguments: ["--journal", "on", "--output", "off"], environment: ["INVOCATION_ID": "0123456789abcdef0123456789abcdef"])
        try #require(daemon.waitReady())
        let entries = Journald.entries(after: cursor, pid: daemon.process.pid) { entries in
            entries.contains { $0["MESSAGE"] == "incidentd started" }
        }
        let started = entries.first { $0["MESSAGE"] == "incidentd started" }
        #expect(started?["PRIORITY"] == "6")
        #expect(started?["SPOOL"] == daemon.spool)
        #expect(daemon.stop() == 0)
    }

    private func alertRules(_ lines: [String]) -> [String] {
        lines.compactMap { JSONLine.object($0)?["rule"] as? String }
    }
}
