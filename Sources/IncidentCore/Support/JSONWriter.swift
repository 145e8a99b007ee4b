/// A minimal streaming JSON writer: keys stay in the order written, output is compact,
/// and strings are escaped per RFC 8259 (control characters as \u00XX).
///
/// Writes UTF-8 bytes, not a `String`: appending to a string checks and grows its storage
/// per piece, and an alert record has some forty pieces (a tenth of a burst's time went
/// there). The bytes become a string once, in ``result``.
struct JSONWriter {
    private var bytes: [UInt8] = []
    /// One bit per open container, innermost lowest: set once it holds a value, so the
    /// next one needs a comma. The records nest three deep; 64 levels is the limit.
    private var needsComma: UInt64 = 0
    private var pendingValue = false

    init() {
        bytes.reserveCapacity(1024)
    }

    /// What was written, as a string.
    var result: String { String(decoding: bytes, as: UTF8.self) }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        open()
        body(&self)
        needsComma >>= 1
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func key(_ name: String) {
        separate()
        Self.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        pendingValue = true
    }

    mutating func field(_ name: String, _ string: String) {
        key(name)
        value(string)
    }

    mutating func field(_ name: String, _ value: Int?) {
        key(name)
        separate()
        if let value {
            Self.appendDecimal(value, to: &bytes)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    mutating func array<T>(_ name: String, _ items: [T], _ each: (inout JSONWriter, T) -> Void) {
        key(name)
        separate()
        bytes.append(UInt8(ascii: "["))
        open()
        for item in items { each(&self, item) }
        needsComma >>= 1
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func value(_ string: String) {
        separate()
        Self.appendString(string, to: &bytes)
    }

    private mutating func open() {
        precondition(needsComma.leadingZeroBitCount > 0, "JSON nested more than 63 deep")
        needsComma <<= 1
    }

    /// Writes a comma before a value unless it is the first in its container or follows a key.
    private mutating func separate() {
        if pendingValue {
            pendingValue = false
            return
        }
        if needsComma & 1 != 0 { bytes.append(UInt8(ascii: ",")) }
        needsComma |= 1
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }

    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Fast path: most strings need no escaping at all; append their bytes whole.
        if !needsEscaping(string) {
            out.append(contentsOf: string.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F
                || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out.append(contentsOf: "\\u".utf8)
                out.append(contentsOf: Escaping.hex4(scalar.value).utf8)
            default:
                out.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        out.append(UInt8(ascii: "\""))
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
