import ArgumentParser
import IncidentCore
import IncidentDaemon

/// `incidentd check`: validate the configuration and the rules.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and the rules."
    )

    @Option(help: "Configuration file (default: /etc/incidentd/incidentd.yaml if it exists).")
    var config: String?

    @Option(help: "A rule file or directory; repeatable. Replaces the rule directories.")
    var rules: [String] = []

    func run() throws {
        do {
            let loaded = try Reloadable.load(DaemonOptions(configPath: config, rules: rules))
            print("ok: \(loaded.rules.rules.rules.count) rules")
        } catch {
            printError("incidentd: \(error)")
            throw ExitStatus.badConfig
        }
    }
}
