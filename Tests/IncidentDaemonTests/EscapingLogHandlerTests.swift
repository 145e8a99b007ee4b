import IncidentDaemon
import Logging
import Synchronization
import Testing

@Suite struct EscapingLogHandlerTests {
    final class Events: Sendable {
        let list = Mutex<[(String, [String: String])]>([])
    }

    /// Keeps what reaches it.
    struct Recorder: LogHandler {
        let events: Events
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }.mapValues { "\($0)" }
            events.list.withLock { $0.append(("\(event.message)", merged)) }
        }
    }

    @Test func noMessageOrMetadataValueKeepsARawControlCharacter() {
        let events = Events()
        var logger = Logger(label: "t") { _ in EscapingLogHandler(Recorder(events: events)) }
        logger[metadataKey: "incident.name"] = "evil\n\u{1b}[2J.txt"
        logger.warning(
            "Report failed\r", metadata: ["incident.file": "/spool/failed/evil\n\u{1b}[2J.txt", "error": #"already\x1b"#])
        let (message, metadata) = events.list.withLock { $0[0] }
        #expect(message == #"Report failed\r"#)
        #expect(metadata["incident.name"] == #"evil\n\x1b[2J.txt"#)
        #expect(metadata["incident.file"] == #"/spool/failed/evil\n\x1b[2J.txt"#)
        #expect(metadata["error"] == #"already\x1b"#, "text escaped once is not escaped again")
    }
}
