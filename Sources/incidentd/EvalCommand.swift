import ArgumentParser
import IncidentCore
import IncidentDaemon

#if canImport(Glibc)
import Glibc
#endif

/// `incidentd eval`: evaluate the rules on files and print their alerts.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the rules on report files and print the alerts.",
        discussion: """
            Prints one line (or one JSON object) per alert. A file that cannot be read or \
            parsed is reported on stderr with the reason; the other files are still \
            evaluated and the exit status is 65.
            """
    )

    @OptionGroup var rules: RuleOptions

    @Option(help: "Print alerts as readable lines (text) or one JSON object per line (json).")
    var output: OutputFormat = .text

    @Flag(help: "Also show candidate matches that exclusion cues ruled out, and why.")
    var explain = false

    @Argument(help: ArgumentHelp("Report files (.txt, .md, .json).", valueName: "FILE"))
    var files: [String]

    func run() throws {
        let ruleSet: RuleSet
        do {
            ruleSet = try rules.load()
        } catch {
            printError("incidentd: rules rejected:\n\(error)")
            throw ExitStatus.badConfig
        }
        let engine = Engine(rules: ruleSet)
        let now = UTCTime.now()
        var failed = false
        for path in files {
            let data: [UInt8]
            do {
                data = try Files.read(path, limit: Document.sizeLimit)
            } catch {
                printError("incidentd: \(Escaping.printable(path)): \(Self.unreadableReason(error))")
                failed = true
                continue
            }
            let name = String(path.split(separator: "/").last ?? Substring(path))
            let document: Document
            do {
                document = try Document.parse(bytes: data, name: name)
            } catch {
                printError("incidentd: \(Escaping.printable(path)): \(error)")
                failed = true
                continue
            }
            let explanation = engine.explain(document)
            for var alert in explanation.alerts {
                alert.file = path
                alert.time = now
                print(output == .json ? alert.jsonLine : alert.textLine)
                if explain, output == .text {
                    for evidence in alert.evidence {
                        print("  evidence [\(evidence.start)-\(evidence.end)] \(evidence.terms.map { Escaping.printable($0) }.joined(separator: ", ")): \(Escaping.printable(evidence.text))")
                    }
                }
            }
            if explain {
                for rejection in explanation.rejections {
                    print(output == .json ? rejection.jsonLine(file: path) : "  rejected \(rejection.description)")
                }
            }
        }
        if failed { throw ExitStatus.badInput }
    }
}

extension EvalCommand {
    /// Why a file could not be read, in the words of `ls` and `cat`.
    static func unreadableReason(_ error: SystemError) -> String {
        switch error.errno {
        case ENOENT: "no such file"
        case EISDIR: "is a directory"
        case EACCES, EPERM: "permission denied"
        case EFBIG: "larger than the \(Document.sizeLimit >> 20) MiB a report may have"
        default: "cannot be read: \(error)"
        }
    }
}

/// Writes one line to stderr.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBufferPointer { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
