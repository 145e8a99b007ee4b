import IncidentCore
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's processing loop: watches `incoming/`, processes each file, reloads on
/// SIGHUP, pings the watchdog, and on graceful shutdown finishes the file in hand and
/// says `STOPPING=1`.
package struct SpoolService: Service {
    /// `MESSAGE_ID` of the log entry saying the inotify queue overflowed.
    package static let overflowMessageID = "b5e1c7a94d2f4a3e9c60f8d1a2b3c4d5"

    private let options: DaemonOptions
    private let initial: Reloadable
    private let targets: [Delivery.Target]
    private let notifier: any ServiceNotifier
    private let watchdogInterval: Duration?
    private let logger: Logger

    /// - Parameters:
    ///   - options: The command line, kept to re-read the same files on reload.
    ///   - initial: The configuration and rules loaded at start-up.
    ///   - targets: The alert sinks and which of them count for delivery.
    ///   - notifier: The service manager.
    ///   - watchdogInterval: `WatchdogSec=`, when set; pings go out at half of it.
    ///   - logger: The daemon's log.
    package init(
        options: DaemonOptions, initial: Reloadable, targets: [Delivery.Target],
        notifier: any ServiceNotifier, watchdogInterval: Duration?, logger: Logger
    ) {
        self.options = options
        self.initial = initial
        self.targets = targets
        self.notifier = notifier
        self.watchdogInterval = watchdogInterval
        self.logger = logger
    }

    package func run() async throws {
        let (events, input) = AsyncStream.makeStream(of: DaemonEvent.self)
        let spool: Spool
        let watcher: DirectoryWatcher
        do {
            spool = try Spool(root: initial.config.spool)
            watcher = try DirectoryWatcher(path: spool.root + "/incoming") { input.yield(.watch($0)) }
        } catch {
            throw StartupError.spool(path: initial.config.spool, error)
        }
        let hangups: SignalWatcher
        do {
            hangups = try SignalWatcher([SIGHUP]) { _ in input.yield(.reload) }
        } catch {
            throw StartupError.spool(path: initial.config.spool, error)
        }
        var loop = Loop(
            processor: ReportProcessor(
                spool: spool, engine: Engine(rules: initial.rules.rules),
                maxFileSize: initial.config.maxFileSize, duplicateWindow: initial.config.duplicateWindow,
                delivery: Delivery(targets: targets), logger: logger),
            service: self)

        await withTaskGroup(of: Void.self) { group in
            if let interval = watchdogInterval {
                group.addTask {
                    while (try? await Task.sleep(for: interval / 2)) != nil { input.yield(.watchdog) }
                }
            }
            // The watch is set before the scan, so a file arriving in between is seen by
            // one or both; the second sighting finds it gone and is skipped.
            let backlog = loop.scan()
            for name in backlog { input.yield(.watch(.arrived(name))) }
            logger.info(
                "incidentd started",
                metadata: [
                    "spool": "\(spool.root)", "backlog": "\(backlog.count)",
                    "rules.count": "\(initial.rules.rules.rules.count)",
                    "rules.origin": "\(initial.rules.origin.joined(separator: " "))",
                    "outputs": "\(targets.map { $0.sink.name + ($0.counts ? "*" : "") }.joined(separator: ","))",
                ])
            notifier.ready(status: loop.processor.status.line)

            for await event in events.cancelOnGracefulShutdown() {
                if let wake = loop.handle(event) {
                    group.addTask {
                        try? await Task.sleep(until: wake, clock: .continuous)
                        input.yield(.retry)
                    }
                }
                // Buffered events do not suspend the loop; yielding lets the one thread
                // read a SIGTERM or new inotify events between the files of a backlog.
                await Task.yield()
            }
            notifier.stopping()
            logger.info("incidentd stopping", metadata: ["status": "\(loop.processor.status.line)"])
            watcher.cancel()
            hangups.cancel()
            input.finish()
            group.cancelAll()
        }
    }

    /// The loop's state, owned by the one task that runs it.
    struct Loop {
        var processor: ReportProcessor
        let service: SpoolService
        var retryArmed = false
        var overflows = 0
        var lastPing = ContinuousClock.now
        var lastStatus: ContinuousClock.Instant?

        /// Handles one event; returns when to wake up for a retry, if a timer is needed.
        mutating func handle(_ event: DaemonEvent) -> ContinuousClock.Instant? {
            switch event {
            case .watch(.arrived(let name)):
                process(name)
            case .watch(.overflow):
                overflows += 1
                service.logger.warning(
                    "inotify queue overflowed; rescanning incoming",
                    metadata: ["message.id": "\(SpoolService.overflowMessageID)", "overflow.count": "\(overflows)"])
                for name in scan() { process(name) }
            case .reload:
                reload()
            case .watchdog:
                ping()
                reportStatus(force: true)
            case .retry:
                retryArmed = false
                for name in processor.dueRetries(now: .now) { process(name) }
            }
            guard !retryArmed, let next = processor.nextRetry else { return nil }
            retryArmed = true
            return next
        }

        /// The files waiting in `incoming/`.
        func scan() -> [String] {
            do {
                return try processor.spool.pending()
            } catch {
                service.logger.error("Cannot list incoming", metadata: ["error": "\(error)"])
                return []
            }
        }

        private mutating func process(_ name: String) {
            switch processor.process(name, now: .now) {
            case .gone, .ignored: break
            default: reportStatus(force: false)
            }
            // A long burst must not starve the watchdog: ping from here too when due.
            if let interval = service.watchdogInterval, ContinuousClock.now - lastPing >= interval / 2 { ping() }
        }

        /// Sends `STATUS=` at most once a second: `sd_notify` blocks when the manager's
        /// queue is full (10 datagrams by default), and a burst must not stall the loop.
        private mutating func reportStatus(force: Bool) {
            let now = ContinuousClock.now
            if !force, let lastStatus, now - lastStatus < .seconds(1) { return }
            lastStatus = now
            service.notifier.status(processor.status.line)
        }

        private mutating func ping() {
            lastPing = .now
            service.notifier.watchdog()
        }

        private mutating func reload() {
            service.notifier.reloading()
            do {
                let next = try Reloadable.load(service.options)
                if next.config.spool != service.initial.config.spool {
                    service.logger.warning(
                        "The spool changed in the configuration; it takes effect on restart",
                        metadata: ["spool": "\(next.config.spool)"])
                }
                processor.engine = Engine(rules: next.rules.rules)
                processor.maxFileSize = next.config.maxFileSize
                processor.duplicates.length = next.config.duplicateWindow
                service.logger.notice(
                    "Configuration and rules reloaded",
                    metadata: [
                        "rules.count": "\(next.rules.rules.rules.count)",
                        "rules.origin": "\(next.rules.origin.joined(separator: " "))",
                    ])
            } catch {
                service.logger.error(
                    "Reload failed; keeping the previous configuration and rules",
                    metadata: ["error": "\(error.description)"])
            }
            service.notifier.ready(status: processor.status.line)
        }
    }
}
