import ArgumentParser

/// The `incidentd` command: subcommands for the daemon, one-off evaluation, rule checks
/// and atomic drops. The process entry point is `Main` (main.swift).
struct Incidentd: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "incidentd",
        abstract: "Watch a spool for incident reports and raise alerts on journald, stdout and D-Bus.",
        discussion: """
            Exit status: 0 ok, 1 rule examples failed (check), 64 usage error, 65 bad input file, \
            69 bus unavailable (watch), 78 bad configuration or rules.
            """,
        version: version,
        subcommands: [RunCommand.self, EvalCommand.self, CheckCommand.self, SubmitCommand.self, WatchCommand.self]
    )
}

/// The exit statuses `incidentd` uses (sysexits.h where one fits).
enum ExitStatus {
    static let ok = ExitCode(0)
    static let examplesFailed = ExitCode(1)
    static let usage = ExitCode(64)
    static let badInput = ExitCode(65)
    /// `watch`: the bus cannot be reached or the connection ended (EX_UNAVAILABLE).
    static let unavailable = ExitCode(69)
    static let badConfig = ExitCode(78)
}
