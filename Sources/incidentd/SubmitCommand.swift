import ArgumentParser
import IncidentCore
import IncidentDaemon

/// `incidentd submit`: drop files into the spool atomically.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Drop report files into the spool atomically (write to tmp/, sync, rename into incoming/)."
    )

    @Option(help: "Spool directory.")
    var spool = "/var/spool/incidentd"

    @Argument(help: "Report files to submit.")
    var files: [String]

    func run() throws {
        let writer: SpoolWriter
        do {
            writer = try SpoolWriter(root: spool)
        } catch {
            printError("incidentd: \(spool): cannot open the spool: \(error)")
            throw ExitStatus.badConfig
        }
        var failed = false
        for file in files {
            let name = String(file.split(separator: "/").last ?? Substring(file))
            do {
                let bytes = try Files.read(file)
                let submitted = try writer.submit(bytes, as: name)
                print(Escaping.printable("\(writer.root)/incoming/\(submitted)"))
            } catch {
                printError("incidentd: \(Escaping.printable(file)): \(error)")
                failed = true
            }
        }
        if failed { throw ExitStatus.badInput }
    }
}
