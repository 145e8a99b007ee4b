import Logging
import Systemd

/// Where the daemon's own log goes.
package enum LogDestination: Sendable, Equatable {
    case journal
    case standardError

    /// The journal under systemd (`$JOURNAL_STREAM` or `$INVOCATION_ID` set) when journald
    /// is reachable, stderr otherwise.
    package static func detect(environment: (String) -> String?) -> LogDestination {
        let underSystemd = environment("JOURNAL_STREAM") != nil || environment("INVOCATION_ID") != nil
        return underSystemd && Journal.isAvailable ? .journal : .standardError
    }

    /// A handler factory for `LoggingSystem.bootstrap`; control characters in messages and
    /// metadata are escaped (``EscapingLogHandler``).
    package func makeHandler(level: Logger.Level) -> @Sendable (String) -> any LogHandler {
        switch self {
        case .journal:
            return { label in
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return EscapingLogHandler(handler)
            }
        case .standardError:
            return { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return EscapingLogHandler(handler)
            }
        }
    }
}
