import IncidentCore
import Synchronization

/// Prints each alert as one line. The lines of one report are gathered and written with
/// a single `write()` when ``Delivery`` flushes the sink, before the report is moved:
/// every line is out before its file leaves `incoming/`, lines from concurrent writers
/// never interleave mid-line, and a report's alerts cost one system call (and one
/// wake-up of the reader) instead of one each.
package struct StdoutSink: AlertSink {
    package let name = "stdout"
    package let format: OutputFormat
    private let fd: Int32
    private let pending = LineBuffer()

    /// - Parameters:
    ///   - format: Text or JSON lines.
    ///   - fd: The descriptor to write to, standard output by default.
    package init(format: OutputFormat, fd: Int32 = 1) {
        self.format = format
        self.fd = fd
    }

    /// The line printed for `alert`, without its newline.
    package static func line(for alert: Alert, format: OutputFormat) -> String {
        switch format {
        case .text: alert.textLine
        case .json: alert.jsonLine
        }
    }

    package func deliver(_ alert: Alert) throws(SinkError) {
        pending.append(Self.line(for: alert, format: format))
    }

    package var usesRecord: Bool { format == .json }

    package func deliver(_ alert: Alert, record: String) throws(SinkError) {
        pending.append(format == .json ? record : Self.line(for: alert, format: format))
    }

    /// Writes the gathered lines. On failure they are dropped here; ``Delivery`` counts
    /// them as not taken, so a retry prints them again.
    package func flush() throws(SinkError) {
        do {
            try pending.drain { bytes throws(SystemError) in try OpenFile.writeAll(fd, bytes) }
        } catch {
            throw SinkError(sink: name, reason: error.description)
        }
    }
}

/// Lines waiting for the next flush. A class so the `Sendable` sink can append to it; the
/// lock is never contended (one loop thread delivers), it only makes that checkable.
private final class LineBuffer: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    func append(_ line: String) {
        bytes.withLock { bytes in
            bytes.append(contentsOf: line.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
    }

    /// Hands the gathered bytes, if any, to `body`; the buffer is empty afterwards,
    /// whatever `body` did (its capacity is kept for the next report).
    func drain<E: Error>(_ body: ([UInt8]) throws(E) -> Void) throws(E) {
        try bytes.withLock { bytes throws(E) in
            defer { bytes.removeAll(keepingCapacity: true) }
            if !bytes.isEmpty { try body(bytes) }
        }
    }
}
