import IncidentCore
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's processing loop: watches `incoming/`, processes each file, reloads on
/// SIGHUP, pings the watchdog, and on graceful shutdown finishes the file in hand and
/// says `STOPPING=1`.
package struct SpoolService: Service, CustomStringConvertible {
    /// `MESSAGE_ID` of the log entry saying the inotify queue overflowed.
    package static let overflowMessageID = "b5e1c7a94d2f4a3e9c60f8d1a2b3c4d5"

    /// The service's name in ServiceLifecycle's log metadata. ServiceLifecycle names a
    /// service by `"\(service)"` when the group is made, and keeps the string: without
    /// this, the reflected dump of the whole rule set (2.5 MiB, most of the daemon's heap).
    package var description: String { "SpoolService" }

    private let options: DaemonOptions
    private let initial: Reloadable
    private let targets: [Delivery.Target]
    private let notifier: any ServiceNotifier
    private let watchdogInterval: Duration?
    private let logger: Logger
    private let bus: AlertBus?

    /// - Parameters:
    ///   - options: The command line, kept to re-read the same files on reload.
    ///   - initial: The configuration and rules loaded at start-up.
    ///   - targets: The alert sinks and which of them count for delivery.
    ///   - notifier: The service manager.
    ///   - watchdogInterval: `WatchdogSec=`, when set; pings go out at half of it.
    ///   - logger: The daemon's log.
    ///   - bus: The D-Bus side, driven from this loop; its ``BusSink`` is among `targets`.
    package init(
        options: DaemonOptions, initial: Reloadable, targets: [Delivery.Target],
        notifier: any ServiceNotifier, watchdogInterval: Duration?, logger: Logger, bus: AlertBus? = nil
    ) {
        self.options = options
        self.initial = initial
        self.targets = targets
        self.notifier = notifier
        self.watchdogInterval = watchdogInterval
        self.logger = logger
        self.bus = bus
    }

    package func run() async throws {
        let (events, input) = AsyncStream.makeStream(of: DaemonEvent.self)
        let budget = WatchBudget()
        let spool: Spool
        let watcher: DirectoryWatcher
        do {
            spool = try Spool(root: initial.config.spool)
            watcher = try Self.watch(spool, budget: budget, input: input)
        } catch {
            throw StartupError.spool(path: initial.config.spool, error)
        }
        Directory.ignoreLeaseBreakSignal()
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
            service: self, input: input, budget: budget, watcher: watcher)

        await withTaskGroup(of: Void.self) { group in
            if let interval = watchdogInterval {
                group.addTask {
                    while (try? await Task.sleep(for: interval / 2)) != nil { input.yield(.watchdog) }
                }
            }
            // The watch is set before the scan, so a file arriving in between is seen by
            // one or both; the second sighting finds it gone and is skipped.
            // The bus's socket and timers feed the same stream: its calls are answered
            // between two files, never while one is in hand.
            bus?.spool = spool.root
            bus?.update(status: loop.processor.status, rules: initial.rules.rules.rules.count)
            bus?.start { input.yield(.bus($0)) }
            // Before the backlog: a report alerted on before a restart and dropped again
            // is a duplicate, whether it waits in the backlog or comes later.
            let remembered = loop.processor.rememberAlerted(now: .now, wallNow: UTCTime.seconds())
            let backlog = loop.rescan()
            logger.info(
                "incidentd started",
                metadata: [
                    "spool": "\(spool.root)", "backlog": "\(backlog)", "duplicates.remembered": "\(remembered)",
                    "rules.count": "\(initial.rules.rules.rules.count)",
                    "rules.origin": "\(initial.rules.origin.joined(separator: " "))",
                    "outputs": "\(targets.map { $0.sink.name + ($0.counts ? "*" : "") }.joined(separator: ","))",
                ])
            notifier.ready(status: loop.processor.status.line)
            // Start-up's pages go half a second after start-up (and its bus handshake) or a
            // bus call; after files, once they have stopped coming for half a minute (the
            // first file after that faults its code back in: ~90 minor faults, a fraction
            // of a millisecond).
            if EventLoop.isInstalled { EventLoop.shared.onQuiet = { ResidentMemory.releaseIdlePages() } }
            EventLoop.shared.runOnQuiet(after: .milliseconds(500))

            // Not `cancelOnGracefulShutdown()`: its merge with the shutdown sequence passes
            // every event through a child task and two continuations, which cost a burst
            // more than claiming the file. The flag is read before each event instead, so a
            // backlog still ends at the file in hand.
            await withGracefulShutdownHandler {
                var lastYield = ContinuousClock.now
                for await event in events {
                    if Task.isShuttingDownGracefully { break }
                    if let wake = loop.handle(event) {
                        group.addTask {
                            try? await Task.sleep(until: wake, clock: .continuous)
                            input.yield(.retry)
                        }
                    }
                    // Buffered events do not suspend the loop; yielding lets the one thread
                    // read a SIGTERM or new inotify events between the files of a backlog.
                    // Once a millisecond rather than after every file: each yield is a
                    // trip through the executor.
                    if ContinuousClock.now - lastYield >= .milliseconds(1) {
                        await Task.yield()
                        lastYield = .now
                    }
                }
            } onGracefulShutdown: {
                // Wakes the loop when it waits for an event; it then sees the flag.
                input.yield(.retry)
            }
            notifier.stopping()
            loop.processor.syncMoves(now: .now)
            logger.info("incidentd stopping", metadata: ["status": "\(loop.processor.status.line)"])
            loop.watcher?.cancel()
            hangups.cancel()
            bus?.stop()
            input.finish()
            group.cancelAll()
        }
    }

    /// Watches `spool`'s `incoming/`, queueing what the budget admits.
    static func watch(
        _ spool: Spool, budget: WatchBudget, input: AsyncStream<DaemonEvent>.Continuation
    ) throws(SystemError) -> DirectoryWatcher {
        try DirectoryWatcher(
            path: spool.root + "/incoming", parent: spool.root, guarded: ["incoming", "processed", "failed"]
        ) { event in
            if let admitted = budget.admit(event) { input.yield(.watch(admitted)) }
        }
    }

    /// The loop's state, owned by the one task that runs it.
    struct Loop {
        var processor: ReportProcessor
        let service: SpoolService
        let input: AsyncStream<DaemonEvent>.Continuation
        let budget: WatchBudget
        /// The watch on `incoming/`; `nil` while the spool is gone.
        var watcher: DirectoryWatcher?
        /// Names a scan queued that the loop has not handled yet (a rescan skips them).
        var queued: Set<String> = []
        /// An overflow was logged and its rescan is not worked off yet: further overflows
        /// in the same flood are not logged again.
        var overflowing = false
        var overflows = 0
        /// When to try re-opening the spool, while it is gone, and how often that failed.
        var reopenDue: ContinuousClock.Instant?
        var reopenFailures = 0
        /// The earliest timer set and not yet fired.
        var armed: ContinuousClock.Instant?
        var lastPing = ContinuousClock.now
        var lastStatus: ContinuousClock.Instant?

        /// Handles one event; returns when to wake up, if a new timer is needed.
        mutating func handle(_ event: DaemonEvent) -> ContinuousClock.Instant? {
            switch event {
            case .watch(.arrived(let name)):
                budget.consumed()
                process(name, scanned: false)
            case .scanned(let name):
                queued.remove(name)
                process(name, scanned: true)
            case .watch(.overflow):
                overflow()
            case .watch(.lost):
                lost()
            case .reload:
                reload()
            case .watchdog:
                ping()
                reportStatus(force: true)
            case .retry:
                let now = ContinuousClock.now
                if let armed, armed <= now { self.armed = nil }
                if let reopenDue, reopenDue <= now {
                    reopen()
                } else if processor.outage != nil, watcher != nil, processor.spool.isRemoved {
                    // processed/ or failed/ was removed under a running daemon.
                    lost()
                }
                for name in processor.dueRetries(now: now) { process(name, scanned: false) }
                if let due = processor.syncDue, due <= now { processor.syncMoves(now: now) }
            case .bus(let event):
                // `Reload()` over D-Bus takes the SIGHUP path and gets its error text.
                if service.bus?.handle(event) == true { service.bus?.finishReload(error: reload()) }
                EventLoop.shared.runOnQuiet(after: .milliseconds(500))
            }
            if overflowing, queued.isEmpty, budget.isDrained {
                overflowing = false
                service.logger.notice(
                    "Caught up after the inotify overflow", metadata: ["status": "\(processor.status.line)"])
            }
            let next = [processor.nextRetry, processor.syncDue, reopenDue].compactMap { $0 }.min()
            guard let next else { return nil }
            if let armed, armed <= next { return nil }
            armed = next
            return next
        }

        /// Lists `incoming/` and queues every name not already queued by an earlier scan.
        /// - Returns: How many names were queued.
        @discardableResult
        mutating func rescan() -> Int {
            budget.rescanning()
            let names: [String]
            do {
                names = try processor.spool.pending()
            } catch {
                service.logger.error("Cannot list incoming", metadata: ["error": "\(error)"])
                return 0
            }
            var count = 0
            for name in names where queued.insert(name).inserted {
                input.yield(.scanned(name))
                count += 1
            }
            return count
        }

        /// The kernel's queue, or the daemon's own (``WatchBudget``), overflowed: names
        /// were dropped, so `incoming/` is listed again. Logged once per flood.
        private mutating func overflow() {
            overflows += 1
            let queuedBefore = queued.count
            let count = rescan()
            let metadata: Logger.Metadata = [
                "message.id": "\(SpoolService.overflowMessageID)", "overflow.count": "\(overflows)",
                "rescan.queued": "\(count)", "rescan.already_queued": "\(queuedBefore)",
            ]
            if overflowing {
                service.logger.debug("inotify queue overflowed again; rescanning incoming", metadata: metadata)
            } else {
                overflowing = true
                service.logger.warning("inotify queue overflowed; rescanning incoming", metadata: metadata)
            }
        }

        /// `incoming/` (or the spool) was deleted, renamed or unmounted: stop watching it
        /// and try to open the spool again shortly.
        private mutating func lost() {
            guard reopenDue == nil else { return }
            watcher?.cancel()
            watcher = nil
            reopenFailures = 0
            // A moment's grace, so a removal (`rm -rf`) or re-creation in progress finishes first.
            reopenDue = .now.advanced(by: .milliseconds(250))
            service.logger.error(
                "The spool directory was removed or moved; waiting for it to be back",
                metadata: ["spool": "\(service.initial.config.spool)"])
        }

        /// Opens the spool again (creating missing subdirectories, as at start-up, but not
        /// the spool itself) and watches `incoming/` again; retried with backoff.
        private mutating func reopen() {
            reopenDue = nil
            let root = service.initial.config.spool
            do {
                guard Files.kind(of: root) == .directory else { throw SystemError("open", errno: ENOENT) }
                let spool = try Spool(root: root)
                let watcher = try SpoolService.watch(spool, budget: budget, input: input)
                self.watcher?.cancel()
                self.watcher = watcher
                processor.spool = spool
                let count = rescan()
                service.logger.notice(
                    "Spool is back; watching incoming again", metadata: ["spool": "\(spool.root)", "backlog": "\(count)"])
            } catch {
                reopenFailures += 1
                let delay = min(processor.retry.delay(afterFailures: reopenFailures), .seconds(5))
                reopenDue = .now.advanced(by: delay)
                service.logger.debug(
                    "Spool still missing", metadata: ["error": "\(error)", "retry.delay": "\(delay)"])
            }
        }

        private mutating func process(_ name: String, scanned: Bool) {
            switch processor.process(name, now: .now, scanned: scanned) {
            case .gone, .ignored: break
            default:
                reportStatus(force: false)
                service.bus?.update(status: processor.status)
                EventLoop.shared.runOnQuiet(after: .seconds(30))
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

        /// Reloads configuration and rules.
        /// - Returns: Why the new set was rejected, or `nil` when it is in force.
        @discardableResult
        private mutating func reload() -> String? {
            var failure: String?
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
                service.bus?.update(rules: next.rules.rules.rules.count)
                service.logger.notice(
                    "Configuration and rules reloaded",
                    metadata: [
                        "rules.count": "\(next.rules.rules.rules.count)",
                        "rules.origin": "\(next.rules.origin.joined(separator: " "))",
                    ])
            } catch {
                failure = error.description
                service.logger.error(
                    "Reload failed; keeping the previous configuration and rules",
                    metadata: ["error": "\(error.description)"])
            }
            service.notifier.ready(status: processor.status.line)
            EventLoop.shared.runOnQuiet(after: .milliseconds(500))
            return failure
        }
    }
}
