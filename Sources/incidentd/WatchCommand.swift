import ArgumentParser
import Foundation
import IncidentCore
import IncidentDaemon
import Systemd

/// `incidentd watch`: prints alerts live from the daemon's D-Bus `Alert` signal.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print alerts live as the daemon signals them on D-Bus (tail -f for the bus).",
        discussion: "Exit status 69 when the bus cannot be reached or the connection ends."
    )

    @Option(help: "The bus: system, session or an address such as unix:path=/run/dbus/system_bus_socket.")
    var bus = "system"

    @Option(help: "One line per alert: text (as `incidentd run` prints) or json (the alert record).")
    var output: OutputFormat = .text

    @Option(name: .customLong("rule"), help: "Only alerts of this rule; repeatable.")
    var rules: [String] = []

    @Option(help: "Only alerts at least this severe: info, notice, warning, high or critical.")
    var minSeverity: Severity?

    func validate() throws {
        guard case .bus = BusSetting(bus) else {
            throw ValidationError("--bus \(bus): expected system, session or a bus address")
        }
    }

    func run() throws {
        guard case .bus(let address) = BusSetting(bus) else { throw ExitStatus.usage }
        let connection: Bus
        do {
            connection = try Bus.open(address)
            // The bus checks the sender: only the owner of the daemon's name can raise these.
            var match = "type='signal',sender='\(AlertBus.name)',path='\(AlertBus.objectPath)',"
                + "interface='\(AlertBus.interfaceName)',member='Alert'"
            if rules.count == 1 { match += ",arg0='\(rules[0])'" }
            let filter = AlertFilter(rules: Set(rules), minimum: minSeverity)
            let format = output
            try connection.addMatch(match) { message in
                guard let line = filter.line(for: message, format: format) else { return }
                _ = try? OpenFile.writeAll(1, Array((line + "\n").utf8))
            }
        } catch {
            printError("incidentd: cannot subscribe on the \(address) bus: \(error)")
            throw ExitStatus.unavailable
        }
        // On stderr, so scripts reading stdout see alerts only; says the match is in place.
        printError("incidentd: watching for alerts on the \(address) bus")
        while true {
            do {
                if try !connection.process() { try connection.wait() }
            } catch {
                printError("incidentd: the \(address) bus connection ended: \(error)")
                throw ExitStatus.unavailable
            }
            if !connection.isOpen {
                printError("incidentd: the \(address) bus connection ended")
                throw ExitStatus.unavailable
            }
        }
    }
}

/// Which `Alert` signals `watch` prints, and how.
struct AlertFilter {
    var rules: Set<String>
    var minimum: Severity?

    /// The line to print for an `Alert(ssssss)` signal, or `nil` when filtered out.
    func line(for message: BusMessage, format: OutputFormat) -> String? {
        guard let rule = try? message.readString(), let severityName = try? message.readString(),
              (try? message.readString()) != nil, (try? message.readString()) != nil, (try? message.readString()) != nil,
              let record = try? message.readString()
        else { return nil }
        if !rules.isEmpty && !rules.contains(rule) { return nil }
        if let minimum, (Severity(rawValue: severityName) ?? .info) < minimum { return nil }
        switch format {
        case .json: return record
        case .text: return AlertRecord.textLine(record) ?? record
        }
    }
}

/// The alert record (DESIGN.md) read back, to print the same text line as `incidentd run`.
enum AlertRecord {
    static func textLine(_ json: String) -> String? {
        guard let record = try? JSONDecoder().decode(Record.self, from: Data(json.utf8)),
              let severity = Severity(rawValue: record.severity)
        else { return nil }
        var alert = Alert(
            rule: record.rule, severity: severity, title: record.title, messageID: "", name: record.name,
            sha256: record.sha256, evidence: record.evidence, fields: record.fields.values, file: record.file, time: record.time)
        alert.alertID = record.alert_id
        return alert.textLine
    }

    private struct Record: Decodable {
        var alert_id: String
        var rule: String
        var severity: String
        var title: String
        var file: String
        var name: String
        var sha256: String
        var time: String
        var evidence: [Evidence]
        var fields: Fields
    }

    private struct Fields: Decodable {
        var values: AlertFields

        private enum Key: String, CodingKey { case killed, injured, source, published, location }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            values = AlertFields(
                // Rules that count casualties always write both keys, null when unknown.
                countsCasualties: container.contains(.killed),
                killed: try container.decodeIfPresent(Int.self, forKey: .killed),
                injured: try container.decodeIfPresent(Int.self, forKey: .injured),
                source: try container.decodeIfPresent(String.self, forKey: .source),
                published: try container.decodeIfPresent(String.self, forKey: .published),
                location: try container.decodeIfPresent(String.self, forKey: .location))
        }
    }
}

extension Severity: ExpressibleByArgument {}
