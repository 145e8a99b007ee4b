import IncidentCore
import Logging

/// Wraps a log handler so that no message or metadata value carries a raw control
/// character: file names and reasons come from whoever dropped the file, and a name with
/// a newline or an escape sequence must not forge log lines or drive a terminal.
///
/// Every value goes through ``Escaping/controls(_:)`` (`\n`, `\x1b`, `\xff` for a name
/// byte that is not UTF-8; backslashes are left alone, so a value the caller already made
/// printable is not escaped twice).
package struct EscapingLogHandler<Wrapped: LogHandler>: LogHandler {
    package var wrapped: Wrapped

    package init(_ wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    package var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    package var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue.mapValues(Self.escaped) }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue.map(Self.escaped) }
    }

    package func log(event: LogEvent) {
        var event = event
        event.message = "\(Escaping.controls("\(event.message)"))"
        event.metadata = event.metadata?.mapValues(Self.escaped)
        wrapped.log(event: event)
    }

    /// The value as one escaped string.
    static func escaped(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        .string(Escaping.controls("\(value)"))
    }
}
