import IncidentCore
import Logging

/// Takes one file from `incoming/` through claim, parse, evaluation and delivery to
/// `processed/` or `failed/`.
///
/// Synchronous and driven by one task, so a file in hand is always finished before
/// anything else (a reload, a shutdown) happens. The clock is a parameter, so tests
/// decide what time it is.
package struct ReportProcessor {
    package let spool: Spool
    package var engine: any AlertEvaluator
    package var maxFileSize: Int
    package var duplicates: DuplicateWindow<ContinuousClock.Instant>
    package var delivery: Delivery
    package var retry: RetryPolicy
    package private(set) var status = DaemonStatus()
    /// Files whose alerts are not all delivered: failures so far and when to try again.
    package private(set) var waiting: [String: (failures: Int, due: ContinuousClock.Instant)] = [:]
    private let logger: Logger
    private let timestamp: @Sendable () -> String

    package init(
        spool: Spool, engine: any AlertEvaluator, maxFileSize: Int, duplicateWindow: Duration,
        delivery: Delivery, retry: RetryPolicy = RetryPolicy(), logger: Logger,
        timestamp: @escaping @Sendable () -> String = UTCTime.now
    ) {
        self.spool = spool
        self.engine = engine
        self.maxFileSize = maxFileSize
        self.duplicates = DuplicateWindow(length: duplicateWindow)
        self.delivery = delivery
        self.retry = retry
        self.logger = logger
        self.timestamp = timestamp
    }

    /// Processes the file `name` in `incoming/`.
    package mutating func process(_ name: String, now: ContinuousClock.Instant) -> Outcome {
        if SpoolName.isIgnored(name) { return .ignored }
        var logger = self.logger
        logger[metadataKey: "incident.name"] = "\(Escaping.printable(name))"
        switch spool.claim(name, limit: maxFileSize) {
        case .gone:
            waiting[name] = nil
            logger.trace("File already gone")
            return .gone
        case .rejected(let problem):
            return fail(name, reason: problem.description, logger: logger, now: now)
        case .claimed(let bytes, _):
            let document: Document
            do {
                document = try Document.parse(bytes: bytes, name: name)
            } catch {
                return fail(name, reason: error.description, logger: logger, now: now)
            }
            logger[metadataKey: "incident.sha256"] = "\(document.sha256)"
            if duplicates.contains(document.sha256, now: now) {
                return settleDuplicate(name, logger: logger, now: now)
            }
            return evaluate(document, logger: logger, now: now)
        }
    }

    /// The names whose retry is due at `now`, oldest due first.
    package func dueRetries(now: ContinuousClock.Instant) -> [String] {
        waiting.filter { $0.value.due <= now }.sorted { $0.value.due < $1.value.due }.map(\.key)
    }

    /// When the next retry is due, if any file is waiting.
    package var nextRetry: ContinuousClock.Instant? {
        waiting.values.map(\.due).min()
    }

    private mutating func evaluate(_ document: Document, logger: Logger, now: ContinuousClock.Instant) -> Outcome {
        let name = document.name
        let destination = spool.freeProcessedName(for: name)
        let time = timestamp()
        let alerts = engine.evaluate(document).map { alert in
            var alert = alert
            alert.file = spool.processedPath(destination)
            alert.time = time
            return alert
        }
        let report = delivery.deliver(alerts, logger: logger)
        guard report.complete else {
            return wait(name, reason: report.failure?.description ?? "delivery failed", logger: logger, now: now)
        }
        let moved: String
        do {
            moved = try spool.moveToProcessed(name, preferring: destination)
        } catch {
            return wait(name, reason: error.description, logger: logger, now: now)
        }
        if moved != destination {
            logger.warning("Processed file name changed after alerting", metadata: ["incident.file": "\(moved)"])
        }
        duplicates.record(document.sha256, now: now)
        delivery.forget(alerts)
        waiting[name] = nil
        status.processed += 1
        status.alerts += alerts.count
        status.waiting = waiting.count
        if let last = alerts.last { status.lastAlertSource = (last.rule, name) }
        // Debug, not info: the alerts already are in the journal, and a log entry per file
        // would double the journal traffic of a burst. Failures and duplicates stay visible.
        logger.debug(
            "Report processed",
            metadata: ["incident.file": "\(spool.processedPath(moved))", "incident.alerts": "\(alerts.count)"])
        return .processed(moved, alerts: alerts.count)
    }

    private mutating func settleDuplicate(_ name: String, logger: Logger, now: ContinuousClock.Instant) -> Outcome {
        do {
            let moved = try spool.moveToProcessed(name)
            waiting[name] = nil
            status.duplicates += 1
            status.waiting = waiting.count
            logger.notice(
                "Duplicate report: same content already alerted on, no new alert",
                metadata: ["incident.file": "\(spool.processedPath(moved))"])
            return .duplicate(moved)
        } catch {
            return wait(name, reason: error.description, logger: logger, now: now)
        }
    }

    private mutating func fail(_ name: String, reason: String, logger: Logger, now: ContinuousClock.Instant) -> Outcome {
        do {
            let moved = try spool.moveToFailed(name, reason: reason)
            waiting[name] = nil
            status.failed += 1
            status.waiting = waiting.count
            logger.warning("Report failed", metadata: ["incident.file": "\(spool.root)/failed/\(moved)", "error": "\(reason)"])
            return .failed(moved, reason: reason)
        } catch {
            return wait(name, reason: error.description, logger: logger, now: now)
        }
    }

    private mutating func wait(_ name: String, reason: String, logger: Logger, now: ContinuousClock.Instant) -> Outcome {
        let failures = (waiting[name]?.failures ?? 0) + 1
        let delay = retry.delay(afterFailures: failures)
        waiting[name] = (failures, now.advanced(by: delay))
        status.waiting = waiting.count
        logger.error(
            "Report left in incoming, will retry",
            metadata: ["error": "\(reason)", "retry.attempt": "\(failures)", "retry.delay": "\(delay)"])
        return .waiting(retryIn: delay)
    }
}
