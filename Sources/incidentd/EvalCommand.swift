import ArgumentParser
import IncidentCore
import IncidentDaemon

/// `incidentd eval`: evaluate report files once and print their alerts.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate report files with the rules and print the alerts."
    )

    @Option(help: "A rule file or directory; repeatable (default: the built-in rules).")
    var rules: [String] = []

    @Option(help: "text or json (default: text on a terminal, json otherwise).")
    var output: OutputFormat?

    @Flag(help: "Also print the candidate matches that were ruled out, and why.")
    var explain = false

    @Argument(help: "Report files (.txt, .md, .json).")
    var files: [String]

    func run() throws {
        let loaded: RuleLoader.Loaded
        do {
            loaded = try RuleLoader.load(paths: rules, directories: [])
        } catch {
            printError("incidentd: \(error)")
            throw ExitStatus.badConfig
        }
        let engine = Engine(rules: loaded.rules)
        let format = output ?? (Files.stdoutIsTerminal ? .text : .json)
        var bad = false
        for file in files {
            let name = String(file.split(separator: "/").last ?? Substring(file))
            do {
                let document = try Document.parse(bytes: try Files.read(file, limit: 1 << 20), name: name)
                let explanation = engine.explain(document)
                for var alert in explanation.alerts {
                    alert.file = file
                    print(StdoutSink.line(for: alert, format: format))
                }
                if explain {
                    for rejection in explanation.rejections {
                        print("# \(rejection.rule) ruled out (\(rejection.reason): \(rejection.cue)): \(Escaping.printable(rejection.sentence))")
                    }
                }
            } catch {
                printError("incidentd: \(file): \(error)")
                bad = true
            }
        }
        if bad { throw ExitStatus.badInput }
    }
}
