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

    /// Writes the gathered lines. On failure they are dropped here: the error says how many
    /// got out whole, and ``Delivery`` counts only the others as not taken, so a retry
    /// prints them again and no whole line twice.
    package func flush() throws(SinkError) {
        try pending.drain { bytes, ends throws(SinkError) in
            var written = 0
            do throws(SystemError) {
                try OpenFile.writeAll(fd, bytes, written: &written)
            } catch {
                throw SinkError(sink: name, reason: error.description, delivered: ends.prefix { $0 <= written }.count)
            }
        }
    }
}

/// Lines waiting for the next flush. A class so the `Sendable` sink can append to it; the
/// lock is never contended (one loop thread delivers), it only makes that checkable.
private final class LineBuffer: Sendable {
    /// The bytes, and where each line ends in them.
    private let lines = Mutex<(bytes: [UInt8], ends: [Int])>(([], []))

    func append(_ line: String) {
        lines.withLock { lines in
            lines.bytes.append(contentsOf: line.utf8)
            lines.bytes.append(UInt8(ascii: "\n"))
            lines.ends.append(lines.bytes.count)
        }
    }

    /// Hands the gathered bytes and line ends, if any, to `body`; the buffer is empty
    /// afterwards, whatever `body` did (its capacity is kept for the next report).
    func drain<E: Error>(_ body: ([UInt8], [Int]) throws(E) -> Void) throws(E) {
        try lines.withLock { lines throws(E) in
            defer {
                lines.bytes.removeAll(keepingCapacity: true)
                lines.ends.removeAll(keepingCapacity: true)
            }
            if !lines.bytes.isEmpty { try body(lines.bytes, lines.ends) }
        }
    }
}
