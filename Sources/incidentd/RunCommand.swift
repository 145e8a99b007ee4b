import ArgumentParser
import IncidentDaemon
import Logging
import ServiceLifecycle
import Systemd

#if canImport(Glibc)
import Glibc
#endif

/// `incidentd run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: watch the spool and alert on every report that matches a rule."
    )

    @Option(help: "Configuration file (default: /etc/incidentd/incidentd.yaml if it exists).")
    var config: String?

    @Option(help: "Spool directory holding tmp/, incoming/, processed/ and failed/.")
    var spool: String?

    @Option(help: "A rule file or directory; repeatable. Replaces the rule directories.")
    var rules: [String] = []

    @Option(help: "Alert lines on stdout: auto, text, json or off.")
    var output: OutputSetting?

    @Option(help: "Alerts to the journal: auto (if journald runs), on or off.")
    var journal: JournalSetting?

    @Option(help: "D-Bus bus for alert signals: auto (system under systemd, else off), system, session, off or an address.")
    var dbus: String?

    func validate() throws {
        if let dbus, BusSetting(dbus) == nil {
            throw ValidationError("--dbus \(dbus): \(BusSetting.expected)")
        }
    }

    func run() async throws {
        let destination = LogDestination.detect(environment: Files.environment)
        LoggingSystem.bootstrap(destination.makeHandler(level: .info))
        let logger = Logger(label: "incidentd")

        let options = DaemonOptions(
            configPath: config, spool: spool, rules: rules, output: output, journal: journal, dbus: dbus)
        let settings: Reloadable
        do {
            settings = try Reloadable.load(options)
        } catch {
            logger.critical("Cannot start: invalid configuration or rules", metadata: ["error": "\(error)"])
            printError("incidentd: \(error)")
            throw ExitStatus.badConfig
        }

        let plan = OutputPlan.resolve(
            output: settings.config.output, journal: settings.config.journal,
            journalAvailable: Journal.isAvailable,
            stdoutIsJournal: JournalStream.isJournal(Files.environment("JOURNAL_STREAM")),
            stdoutIsTerminal: Files.stdoutIsTerminal)
        var targets: [Delivery.Target] = []
        if plan.journal { targets.append(.init(JournalSink(), counts: true)) }
        if let format = plan.stdout { targets.append(.init(StdoutSink(format: format), counts: !plan.journal)) }
        // The bus last, and never counting: it is best effort and must not hold a file.
        var bus: AlertBus?
        if let address = BusSetting(settings.config.dbus)?.resolve(environment: Files.environment) {
            let alertBus = AlertBus(
                address: address, recentAlerts: settings.config.recentAlerts, version: Incidentd.version,
                spool: settings.config.spool, logger: logger)
            targets.append(.init(BusSink(bus: alertBus), counts: false))
            bus = alertBus
        }

        let service = SpoolService(
            options: options, initial: settings, targets: targets, notifier: Notifier(),
            watchdogInterval: Notifier.watchdogInterval, logger: logger, bus: bus)
        // SIGTERM and SIGINT arrive through a signalfd on the event loop, not through
        // ServiceLifecycle's Dispatch signal sources, which would start libdispatch's
        // thread pool and its once-a-second monitor.
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: service)], gracefulShutdownSignals: [], logger: logger))
        let shutdown = try SignalWatcher([SIGTERM, SIGINT]) { _ in
            Task { await group.triggerGracefulShutdown() }
        }
        defer { shutdown.cancel() }
        do {
            try await group.run()
        } catch let error as StartupError {
            logger.critical("Cannot start", metadata: ["error": "\(error)"])
            printError("incidentd: \(error)")
            throw ExitStatus.badConfig
        }
    }
}
