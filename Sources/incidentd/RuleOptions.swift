import ArgumentParser
import IncidentCore

/// `--rules PATH`, shared by the commands that evaluate rules.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp("A rule file or a directory of *.yaml rule files (repeatable). Default: the built-in rules.", valueName: "PATH")
    )
    var paths: [String] = []

    /// The rule set the options name; the built-in rules when none are given.
    func load() throws -> RuleSet {
        guard !paths.isEmpty else { return RuleSet.builtin }
        return try RuleSet.load(try RuleFiles.sources(paths))
    }
}
