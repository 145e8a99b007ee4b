/// Making untrusted text safe to print on one line.
public enum Escaping {
    /// Returns `text` with control characters (C0, DEL, C1, line and paragraph separators,
    /// bidirectional embeddings, overrides and isolates)
    /// written as `\n`, `\t`, `\r` or `\xHH` / `\u{HHHH}`, and backslashes doubled, so the
    /// result is one line that a terminal shows literally. A byte of a file name that is not
    /// UTF-8 (held as a ``RawName`` scalar) is written `\xHH`.
    public static func printable(_ text: String) -> String {
        needsEscaping(text, backslashes: true) ? escape(text, backslashes: true) : text
    }

    /// Like ``printable(_:)`` but leaves backslashes alone, so text that was already made
    /// printable passes unchanged: a safety net for log values of any origin.
    public static func controls(_ text: String) -> String {
        needsEscaping(text, backslashes: false) ? escape(text, backslashes: false) : text
    }

    /// Whether `escape` would change `text`, decided on its UTF-8 bytes without building
    /// scalars: most text (curly quotes and accents included) is returned as it is.
    public static func needsEscaping(_ text: String, backslashes: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var i = 0
            let count = bytes.count
            while i < count {
                let b = bytes[i]
                if b < 0x80 {
                    if b < 0x20 || b == 0x7F || (backslashes && b == UInt8(ascii: "\\")) { return true }
                    i += 1
                    continue
                }
                let next = i + 1 < count ? bytes[i + 1] : 0
                let third = i + 2 < count ? bytes[i + 2] : 0
                switch b {
                case 0xC2 where next >= 0x80 && next <= 0x9F: return true  // C1 controls
                case 0xE2 where next == 0x80 && third >= 0xA8 && third <= 0xAE: return true  // U+2028…202E
                case 0xE2 where next == 0x81 && third >= 0xA6 && third <= 0xA9: return true  // U+2066…2069
                case 0xF4: return true  // the range RawName holds raw bytes in
                default: break
                }
                i += 1
            }
            return false
        }
    }

    static func escape(_ text: String, backslashes: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\" where backslashes: out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out.append("\\x")
                out.append(String(hex4(scalar.value).suffix(2)))
            case _ where (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value):
                // C1 controls, line/paragraph separators and bidirectional overrides, which
                // would let a name reorder or break the line it is shown in.
                out.append("\\u{\(hex4(scalar.value))}")
            case _ where RawName.rawByte(scalar) != nil:
                // A byte of a file name that is not UTF-8 (see ``RawName``).
                out.append("\\x")
                out.append(String(hex4(UInt32(RawName.rawByte(scalar)!)).suffix(2)))
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<4).reversed().map { digits[Int((value >> (UInt32($0) * 4)) & 0xF)] })
    }
}
