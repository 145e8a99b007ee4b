import ArgumentParser

/// The `incidentd` command: a daemon that watches a spool for incident reports and
/// raises alerts, plus the tools around it.
@main
struct Incidentd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidentd",
        abstract: "Watch a spool for incident reports and raise alerts on journald and stdout.",
        discussion: """
            Exit status: 0 ok, 1 rule tests failed (check), 64 usage, 65 bad input file, \
            78 bad configuration or rules.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, EvalCommand.self, CheckCommand.self, SubmitCommand.self]
    )
}
