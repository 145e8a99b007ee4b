/// A minimal streaming JSON writer: keys stay in the order written, output is compact,
/// and strings are escaped per RFC 8259 (control characters as \u00XX).
struct JSONWriter {
    private(set) var result = ""
    private var needsComma = [false]

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        result.append("{")
        needsComma.append(false)
        body(&self)
        needsComma.removeLast()
        result.append("}")
    }

    mutating func key(_ name: String) {
        separate()
        Self.appendString(name, to: &result)
        result.append(":")
        pendingValue = true
    }

    mutating func field(_ name: String, _ string: String) {
        key(name)
        value(string)
    }

    mutating func field(_ name: String, _ value: Int?) {
        key(name)
        separate()
        result.append(value.map(String.init) ?? "null")
    }

    mutating func array<T>(_ name: String, _ items: [T], _ each: (inout JSONWriter, T) -> Void) {
        key(name)
        separate()
        result.append("[")
        needsComma.append(false)
        for item in items { each(&self, item) }
        needsComma.removeLast()
        result.append("]")
    }

    mutating func value(_ string: String) {
        separate()
        Self.appendString(string, to: &result)
    }

    private var pendingValue = false

    /// Writes a comma before a value unless it is the first in its container or follows a key.
    private mutating func separate() {
        if pendingValue {
            pendingValue = false
            return
        }
        if needsComma[needsComma.count - 1] { result.append(",") }
        needsComma[needsComma.count - 1] = true
    }

    static func appendString(_ string: String, to out: inout String) {
        out.append("\"")
        // Fast path: most strings need no escaping at all; append them whole.
        if !needsEscaping(string) {
            out.append(string)
            out.append("\"")
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20 || scalar.value == 0x7F
                || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out.append("\\u")
                out.append(Escaping.hex4(scalar.value))
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }

    /// Whether `string` holds a byte sequence the slow path would escape: ASCII controls,
    /// `"`, `\\`, DEL, C1 controls (C2 80–9F) or U+2028/U+2029 (E2 80 A8/A9).
    static func needsEscaping(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                // Most bytes are printable ASCII other than `"` and `\\`: settled by this first test.
                if b >= 0x20, b < 0x7F, b != 0x22, b != 0x5C {
                    i += 1
                    continue
                }
                if b < 0x80 { return true }
                if b == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) { return true }
                if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                    return true
                }
                i += 1
            }
            return false
        }
    }
}
