import IncidentCore
import Logging

/// The log of one report: the daemon's logger with the report's name, and its SHA-256
/// once known, as metadata.
///
/// That logger is made only when a message is actually logged. Setting metadata on a
/// logger makes some handlers re-render all of it (swift-log's `StreamLogHandler` does),
/// which cost more per report than the rest of its bookkeeping, and a report that goes
/// through logs nothing.
struct ReportLog {
    let base: Logger
    let name: String
    var sha256: String?

    /// The daemon's logger with this report's metadata.
    var logger: Logger {
        var logger = base
        logger[metadataKey: "incident.name"] = "\(Escaping.printable(name))"
        if let sha256 { logger[metadataKey: "incident.sha256"] = "\(sha256)" }
        return logger
    }

    func log(_ level: Logger.Level, _ message: @autoclosure () -> Logger.Message, metadata: @autoclosure () -> Logger.Metadata? = nil) {
        guard base.logLevel <= level else { return }
        logger.log(level: level, message(), metadata: metadata())
    }
}
