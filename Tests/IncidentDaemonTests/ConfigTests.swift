import IncidentDaemon
import Testing

@Suite struct ConfigTests {
    @Test func anEmptyFileMeansAllDefaults() throws {
        let config = try DaemonConfig.parse("", path: "empty.yaml")
        #expect(config == DaemonConfig())
        #expect(config.spool == "/var/spool/incidentd")
        #expect(config.maxFileSize == 1 << 20)
        #expect(config.ruleDirectories == ["/usr/share/incidentd/rules.d", "/etc/incidentd/rules.d"])
        #expect(config.output == .auto)
        #expect(config.journal == .auto)
        #expect(config.dbus == "auto")
        #expect(config.recentAlerts == 100)
        #expect(config.duplicateWindow == .seconds(86400))
    }

    @Test func everyKeyIsRead() throws {
        let config = try DaemonConfig.parse(
            """
            spool: /srv/spool
            max_file_size: 512KiB
            rule_directories: [/a, /b]
            output: json
            journal: off
            dbus: system
            recent_alerts: 7
            duplicate_window: 90m
            """, path: "c.yaml")
        #expect(config.spool == "/srv/spool")
        #expect(config.maxFileSize == 512 * 1024)
        #expect(config.ruleDirectories == ["/a", "/b"])
        #expect(config.output == .json)
        #expect(config.journal == .off)
        #expect(config.dbus == "system")
        #expect(config.recentAlerts == 7)
        #expect(config.duplicateWindow == .seconds(5400))
    }

    @Test func unknownKeysAreRejectedWithFileLineAndColumn() {
        #expect {
            _ = try DaemonConfig.parse("spool: /x\nmax_filesize: 10\n", path: "/etc/incidentd/incidentd.yaml")
        } throws: { error in
            let text = (error as? ConfigError)?.description ?? ""
            return text.contains("/etc/incidentd/incidentd.yaml:2:1:") && text.contains("unknown key 'max_filesize'")
        }
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        do {
            _ = try DaemonConfig.parse("output: loud\njournal: maybe\nmax_file_size: big\nduplicate_window: soon\n", path: "c.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.count == 4)
            #expect(error.problems[0].hasPrefix("c.yaml:1:1: output: expected one of auto, text, json, off"))
        }
    }

    @Test func aNonMappingIsRejected() {
        #expect(throws: ConfigError.self) { try DaemonConfig.parse("- a\n- b\n", path: "c.yaml") }
    }

    @Test func invalidYAMLSaysWhere() {
        #expect {
            _ = try DaemonConfig.parse("spool: [unclosed\n", path: "c.yaml")
        } throws: { error in
            let text = (error as? ConfigError)?.description ?? ""
            return text.hasPrefix("c.yaml:1:8: invalid YAML") && text.contains("never closed")
        }
    }

    @Test func theShippedConfigurationParses() throws {
        // The documented defaults in config/incidentd.yaml must be the real ones.
        let path = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        let config = try DaemonConfig.load(path: "/" + path + "/config/incidentd.yaml")
        #expect(config == DaemonConfig())
    }

    @Test(arguments: [("1048576", 1 << 20), ("512KiB", 512 << 10), ("1MiB", 1 << 20), ("2M", 2 << 20), ("10 b", 10)])
    func sizesParse(_ text: String, _ bytes: Int) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "MiB", "-1", "1 TB", "1.5M"])
    func badSizesDoNotParse(_ text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test(arguments: [("0", Duration.zero), ("90", .seconds(90)), ("30s", .seconds(30)), ("15m", .seconds(900)), ("24h", .seconds(86400)), ("7d", .seconds(604800))])
    func durationsParse(_ text: String, _ duration: Duration) {
        #expect(DurationText.parse(text) == duration)
    }

    @Test func flagsOverrideTheFile() throws {
        let options = DaemonOptions(spool: "/tmp/s", output: .text, journal: .off)
        // No --config and (normally) no /etc/incidentd/incidentd.yaml: defaults plus flags.
        let config = try options.resolve()
        #expect(config.spool == "/tmp/s")
        #expect(config.output == .text)
        #expect(config.journal == .off)
    }
}
