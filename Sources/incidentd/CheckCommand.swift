import ArgumentParser
import IncidentCore
import IncidentDaemon

/// `incidentd check`: validate the rules and run every rule's examples.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the rules and run their examples.",
        discussion: """
            Exit status 0 when every rule compiles and every example behaves as annotated, \
            1 naming each failing example, 78 when a rule file is rejected (every problem \
            is listed as file:line:column: key: what is wrong; how to fix it).
            """
    )

    @OptionGroup var rules: RuleOptions

    @Option(help: "Also validate this daemon configuration file; without --rules, check the rules its rule_directories hold.")
    var config: String?

    func run() throws {
        let ruleSet: RuleSet
        do {
            if let config, rules.paths.isEmpty {
                let settings = try DaemonConfig.load(path: config)
                ruleSet = try RuleLoader.load(paths: [], directories: settings.ruleDirectories).rules
            } else {
                if let config { _ = try DaemonConfig.load(path: config) }
                ruleSet = try rules.load()
            }
        } catch let error as ConfigError {
            printError("incidentd: configuration rejected:\n\(error)")
            throw ExitStatus.badConfig
        } catch {
            printError("incidentd: rules rejected:\n\(error)")
            throw ExitStatus.badConfig
        }
        let failures = ExampleRunner(rules: ruleSet).failures()
        let total = ruleSet.rules.reduce(0) { $0 + $1.examples.count }
        for failure in failures { printError("FAIL \(failure)") }
        guard failures.isEmpty else {
            printError("incidentd: \(failures.count) of \(total) rule examples failed")
            throw ExitStatus.examplesFailed
        }
        print("ok: \(ruleSet.rules.count) rules, \(total) examples passed")
    }
}
