import ArgumentParser
import IncidentCore

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

    func run() throws {
        let ruleSet: RuleSet
        do {
            ruleSet = try rules.load()
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
