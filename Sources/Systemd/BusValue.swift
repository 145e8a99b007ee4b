import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// A D-Bus value incidentd sends: the basic types it uses and arrays of strings.
public enum BusValue: Sendable, Equatable {
    /// `s`
    case string(String)
    /// `u`
    case uint32(UInt32)
    /// `t`
    case uint64(UInt64)
    /// `b`
    case bool(Bool)
    /// `as`
    case strings([String])

    /// The value's D-Bus type signature.
    public var signature: String {
        switch self {
        case .string: "s"
        case .uint32: "u"
        case .uint64: "t"
        case .bool: "b"
        case .strings: "as"
        }
    }

    /// Appends the value to `message`.
    ///
    /// Corresponds to `sd_bus_message_append_basic` (and `sd_bus_message_open_container`
    /// for arrays): the variadic `sd_bus_message_append` cannot be called from Swift.
    func append(to message: OpaquePointer) throws(SystemdError) {
        let result: Int32
        switch self {
        case .string(let text):
            result = Self.appendString(text, to: message)
        case .uint32(var value):
            result = sd_bus_message_append_basic(message, CChar(UInt8(ascii: "u")), &value)
        case .uint64(var value):
            result = sd_bus_message_append_basic(message, CChar(UInt8(ascii: "t")), &value)
        case .bool(let flag):
            var value: Int32 = flag ? 1 : 0
            result = sd_bus_message_append_basic(message, CChar(UInt8(ascii: "b")), &value)
        case .strings(let texts):
            var status = sd_bus_message_open_container(message, CChar(UInt8(ascii: "a")), "s")
            for text in texts where status >= 0 { status = Self.appendString(text, to: message) }
            if status >= 0 { status = sd_bus_message_close_container(message) }
            result = status
        }
        if result < 0 { throw SystemdError(function: "sd_bus_message_append_basic", result: result) }
    }

    /// D-Bus strings are UTF-8 without NUL bytes: a NUL would end the string early, so it
    /// is replaced by U+FFFD rather than truncating the text silently.
    private static func appendString(_ text: String, to message: OpaquePointer) -> Int32 {
        text.withCString { string in
            // `strlen` finds a NUL inside the text a word at a time; walking the UTF-8
            // view went byte by byte over every alert's 1 KB record.
            guard strlen(string) == text.utf8.count else {
                return appendString(String(text.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }), to: message)
            }
            return sd_bus_message_append_basic(message, CChar(UInt8(ascii: "s")), string)
        }
    }
}
