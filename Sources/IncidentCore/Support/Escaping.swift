/// Making untrusted text safe to print on one line.
public enum Escaping {
    /// Returns `text` with control characters (C0, DEL, C1, line and paragraph separators)
    /// written as `\n`, `\t`, `\r` or `\xHH` / `\u{HHHH}`, and backslashes doubled, so the
    /// result is one line that a terminal shows literally.
    public static func printable(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out.append("\\x")
                out.append(String(hex4(scalar.value).suffix(2)))
            case _ where (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                out.append("\\u{\(hex4(scalar.value))}")
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
