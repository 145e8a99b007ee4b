import IncidentCore

/// Prints each alert as one line, written with a single `write()` so it is flushed per
/// alert and lines from concurrent writers never interleave mid-line.
package struct StdoutSink: AlertSink {
    package let name = "stdout"
    package let format: OutputFormat
    private let fd: Int32

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
        try write(Self.line(for: alert, format: format))
    }

    package var usesRecord: Bool { format == .json }

    package func deliver(_ alert: Alert, record: String) throws(SinkError) {
        try write(format == .json ? record : Self.line(for: alert, format: format))
    }

    private func write(_ line: String) throws(SinkError) {
        do {
            try OpenFile.writeAll(fd, Array((line + "\n").utf8))
        } catch {
            throw SinkError(sink: name, reason: error.description)
        }
    }
}
