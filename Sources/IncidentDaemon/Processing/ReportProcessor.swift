import IncidentCore
import Logging

/// Takes one file from `incoming/` through claim, parse, evaluation and delivery to
/// `processed/` or `failed/`.
///
/// Synchronous and driven by one task, so a file in hand is always finished before
/// anything else (a reload, a shutdown) happens. The clock is a parameter, so tests
/// decide what time it is.
package struct ReportProcessor {
    /// The spool; replaced when it is re-opened after its directories were removed.
    package var spool: Spool
    package var engine: any AlertEvaluator
    package var maxFileSize: Int
    package var duplicates: DuplicateWindow<ContinuousClock.Instant>
    package var delivery: Delivery
    package var retry: RetryPolicy
    package private(set) var status = DaemonStatus()
    /// Files whose alerts are not all delivered: failures so far and when to try again.
    package private(set) var waiting: [String: (failures: Int, due: ContinuousClock.Instant)] = [:]
    /// The steps a report can get stuck at.
    package enum Stage: String, Sendable {
        case read, deliver, moveToProcessed, moveToFailed
    }

    /// What keeps reports waiting (journald gone, a spool directory not writable, disk
    /// full), per step, from the first failure until a report gets through that step
    /// again. Logged once when it starts and once when it ends, never per file.
    package private(set) var outages: [Stage: String] = [:]

    /// Per step in an outage, the one waiting report that tries again on the backoff
    /// schedule. The others wait the longest delay: during a journald outage a backlog of
    /// thousands costs one read, evaluation and send per retry, not thousands, and all of
    /// them are due the moment a report gets through (``passed(_:log:now:)``).
    private var probes: [Stage: String] = [:]

    /// Whether some step is failing for every report.
    package var outage: String? { outages.values.first }
    /// Files found by a scan that were still being written; looked at again before reading.
    private var unsettled: Set<String> = []
    /// How long a file found by a scan must have been left alone before it is read, when
    /// the daemon cannot ask the kernel whether someone still writes it.
    package var quietPeriod = 2.0
    /// Moves since `processed/` and `incoming/` were last flushed, and when that was.
    private var unsynced = 0
    private var lastSync: ContinuousClock.Instant?
    private let logger: Logger
    private let timestamp: @Sendable () -> String
    /// Seconds since the epoch, for the alert log.
    private let wallClock: @Sendable () -> Double
    /// Alert log lines not yet appended (written with the moves' flush, once a second).
    private var unlogged: [UInt8] = []

    package init(
        spool: Spool, engine: any AlertEvaluator, maxFileSize: Int, duplicateWindow: Duration,
        delivery: Delivery, retry: RetryPolicy = RetryPolicy(), logger: Logger,
        timestamp: @escaping @Sendable () -> String = UTCTime.now,
        wallClock: @escaping @Sendable () -> Double = UTCTime.seconds
    ) {
        self.spool = spool
        self.engine = engine
        self.maxFileSize = maxFileSize
        self.duplicates = DuplicateWindow(length: duplicateWindow)
        self.delivery = delivery
        self.retry = retry
        self.logger = logger
        self.timestamp = timestamp
        self.wallClock = wallClock
    }

    /// Processes the file `name` in `incoming/`.
    ///
    /// - Parameter scanned: The name came from a directory listing (start-up, overflow),
    ///   not from an inotify event saying the file was closed or renamed in; such a file
    ///   may still be open in a writer, and is read only once it is not (it is looked at
    ///   again after a second, or when its writer closes it).
    package mutating func process(_ name: String, now: ContinuousClock.Instant, scanned: Bool = false) -> Outcome {
        if SpoolName.isIgnored(name) { return .ignored }
        var log = ReportLog(base: logger, name: name)
        if scanned || unsettled.contains(name) {
            if !spool.isSettled(name, quiet: quietPeriod) {
                unsettled.insert(name)
                let delay = Duration.seconds(1)
                waiting[name] = (waiting[name]?.failures ?? 0, now.advanced(by: delay))
                status.waiting = waiting.count
                log.log(.debug, "File still open for writing; read when it is closed")
                return .waiting(retryIn: delay)
            }
            unsettled.remove(name)
        }
        switch spool.claim(name, limit: maxFileSize) {
        case .gone:
            waiting[name] = nil
            releaseProbe(name, now: now)
            status.waiting = waiting.count
            log.log(.trace, "File already gone")
            return .gone
        case .rejected(let problem) where problem.isTransient:
            return wait(name, at: .read, reason: problem.description, log: log, now: now)
        case .rejected(let problem):
            return fail(name, reason: problem.description, log: log, now: now)
        case .claimed(let bytes, _):
            passed(.read, log: log, now: now)
            let document: Document
            do {
                document = try Document.parse(bytes: bytes, name: name)
            } catch {
                return fail(name, reason: error.description, log: log, now: now)
            }
            log.sha256 = document.sha256
            if duplicates.contains(document.sha256, now: now) {
                return settleDuplicate(name, log: log, now: now)
            }
            return evaluate(document, log: log, now: now)
        }
    }

    /// Fills the duplicate window from the spool's alert log (see
    /// ``Spool/recentlyAlerted(within:wallNow:)``), so content alerted on before a restart
    /// raises nothing new after it.
    /// - Parameters:
    ///   - now: The monotonic now the window counts in.
    ///   - wallNow: The same moment in seconds since the epoch, to age entries by.
    /// - Returns: How many reports were remembered.
    @discardableResult
    package mutating func rememberAlerted(now: ContinuousClock.Instant, wallNow: Double) -> Int {
        guard duplicates.length > .zero else { return 0 }
        let recent = spool.recentlyAlerted(within: duplicates.length, wallNow: wallNow)
        for (sha256, age) in recent { duplicates.record(sha256, now: now.advanced(by: .zero - age)) }
        return recent.count
    }

    /// The names whose retry is due at `now`, oldest due first.
    package func dueRetries(now: ContinuousClock.Instant) -> [String] {
        waiting.filter { $0.value.due <= now }.sorted { $0.value.due < $1.value.due }.map(\.key)
    }

    /// When the next retry is due, if any file is waiting.
    package var nextRetry: ContinuousClock.Instant? {
        waiting.values.map(\.due).min()
    }

    private mutating func evaluate(_ document: Document, log: ReportLog, now: ContinuousClock.Instant) -> Outcome {
        let name = document.name
        let destination = spool.freeProcessedName(for: name)
        let time = timestamp()
        let alerts = engine.evaluate(document).map { alert in
            var alert = alert
            alert.file = spool.processedPath(destination)
            alert.time = time
            return alert
        }
        let report = delivery.deliver(alerts, logger: log.logger)
        guard report.complete else {
            return wait(name, at: .deliver, reason: report.failure?.description ?? "delivery failed", log: log, now: now)
        }
        if !alerts.isEmpty { passed(.deliver, log: log, now: now) }
        let moved: String
        do {
            moved = try spool.moveToProcessed(name, preferring: destination)
        } catch {
            return wait(name, at: .moveToProcessed, reason: error.description, log: log, now: now)
        }
        passed(.moveToProcessed, log: log, now: now)
        if moved != destination {
            log.log(.warning, "Processed file name changed after alerting", metadata: ["incident.file": "\(moved)"])
        }
        // Only what raised an alert: a report that raised nothing (perhaps under older
        // rules) is read again when it comes again.
        if !alerts.isEmpty, duplicates.length > .zero {
            duplicates.record(document.sha256, now: now)
            unlogged += Array("\(Int64(wallClock())) \(document.sha256)\n".utf8)
        }
        delivery.forget(alerts)
        settled(name, now: now)
        status.processed += 1
        status.alerts += alerts.count
        if let last = alerts.last { status.lastAlertSource = (last.rule, name) }
        // Debug, not info: the alerts already are in the journal, and a log entry per file
        // would double the journal traffic of a burst. Failures and duplicates stay visible.
        log.log(
            .debug, "Report processed",
            metadata: ["incident.file": "\(spool.processedPath(moved))", "incident.alerts": "\(alerts.count)"])
        return .processed(moved, alerts: alerts.count)
    }

    private mutating func settleDuplicate(_ name: String, log: ReportLog, now: ContinuousClock.Instant) -> Outcome {
        do {
            let moved = try spool.moveToProcessed(name)
            passed(.moveToProcessed, log: log, now: now)
            settled(name, now: now)
            status.duplicates += 1
            log.log(
                .notice,
                "Duplicate report: same content already alerted on, no new alert",
                metadata: ["incident.file": "\(spool.processedPath(moved))"])
            return .duplicate(moved)
        } catch {
            return wait(name, at: .moveToProcessed, reason: error.description, log: log, now: now)
        }
    }

    private mutating func fail(_ name: String, reason: String, log: ReportLog, now: ContinuousClock.Instant) -> Outcome {
        do {
            let moved = try spool.moveToFailed(name, reason: reason)
            passed(.moveToFailed, log: log, now: now)
            settled(name, now: now)
            status.failed += 1
            log.log(.warning, "Report failed", metadata: ["incident.file": "\(spool.root)/failed/\(moved)", "error": "\(reason)"])
            return .failed(moved, reason: reason)
        } catch {
            return wait(name, at: .moveToFailed, reason: error.description, log: log, now: now)
        }
    }

    private mutating func wait(
        _ name: String, at stage: Stage, reason: String, log: ReportLog, now: ContinuousClock.Instant
    ) -> Outcome {
        let failures = (waiting[name]?.failures ?? 0) + 1
        var delay = retry.delay(afterFailures: failures)
        if outages[stage] != nil, let probe = probes[stage], probe != name, waiting[probe] != nil {
            delay = retry.maximum
        } else {
            probes[stage] = name
        }
        waiting[name] = (failures, now.advanced(by: delay))
        status.waiting = waiting.count
        if outages[stage] == nil {
            outages[stage] = reason
            log.log(
                .error,
                "Reports wait in incoming: they cannot be delivered or moved; retrying with backoff",
                metadata: ["error": "\(reason)", "stage": "\(stage.rawValue)", "retry.delay": "\(delay)"])
        } else {
            log.log(
                .debug,
                "Report left in incoming, will retry",
                metadata: ["error": "\(reason)", "retry.attempt": "\(failures)", "retry.delay": "\(delay)"])
        }
        return .waiting(retryIn: delay)
    }

    /// A report got through `stage`: ends that step's outage, if any, and makes every
    /// waiting report due at once rather than at the end of its backoff.
    private mutating func passed(_ stage: Stage, log: ReportLog, now: ContinuousClock.Instant) {
        guard let reason = outages.removeValue(forKey: stage) else { return }
        probes[stage] = nil
        for key in waiting.keys { waiting[key]?.due = now }
        log.log(
            .notice, "Reports get through again; retrying the waiting ones now",
            metadata: ["stage": "\(stage.rawValue)", "cleared": "\(reason)", "waiting": "\(waiting.count)"])
    }

    /// When the report that retries for an outage leaves `incoming/` without getting through
    /// its step (removed, failed, a duplicate, no alerts under new rules), another waiting
    /// report takes its place at once rather than at the end of the longest delay.
    private mutating func releaseProbe(_ name: String, now: ContinuousClock.Instant) {
        for (stage, probe) in probes where probe == name {
            probes[stage] = nil
            if let next = waiting.min(by: { $0.value.due < $1.value.due })?.key {
                waiting[next]?.due = now
                probes[stage] = next
            }
        }
    }

    /// Bookkeeping once `name` left `incoming/`; the moves are flushed to disk at most
    /// once a second.
    private mutating func settled(_ name: String, now: ContinuousClock.Instant) {
        waiting[name] = nil
        releaseProbe(name, now: now)
        unsettled.remove(name)
        status.waiting = waiting.count
        unsynced += 1
        if let lastSync, now - lastSync < .seconds(1) { return }
        syncMoves(now: now)
    }

    /// When moves made since the last flush should be flushed, if any were made.
    package var syncDue: ContinuousClock.Instant? {
        guard unsynced > 0, let lastSync else { return nil }
        return lastSync.advanced(by: .seconds(1))
    }

    /// Flushes the moves made since the last flush (see ``Spool/syncMoves()``), and appends
    /// the alert log lines gathered since. A log line lost to a crash costs at most a
    /// repeated alert after the restart (same `alert_id`), never a lost one.
    package mutating func syncMoves(now: ContinuousClock.Instant) {
        lastSync = now
        if !unlogged.isEmpty {
            if (try? spool.logAlerted(unlogged)) != nil || unlogged.count > Self.unloggedLimit { unlogged.removeAll(keepingCapacity: true) }
        }
        guard unsynced > 0 else { return }
        unsynced = 0
        spool.syncMoves()
    }

    /// Alert log bytes kept for a later try while `processed/` cannot be written.
    static let unloggedLimit = 1 << 20
}
