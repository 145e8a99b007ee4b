/// The fields incidentd reads from a JSON report.
struct JSONReport: Equatable {
    var title: String?
    var body: String?
    var source: String?
    var published: String?
    var location: String?
}

/// A strict, iterative (no recursion) JSON reader for reports: the top level must be an
/// object; `title`, `body`/`text`, `source`, `published` and `location` must be strings
/// (or null) when present; other keys may hold any valid JSON, nested at most
/// ``depthLimit`` levels. Linear in the input; never traps on hostile bytes.
struct JSONReportParser {
    static let depthLimit = 64
    static let textKeys: Set<String> = ["title", "body", "text", "source", "published", "location"]

    private let bytes: [UInt8]
    private var i = 0

    init(bytes: [UInt8]) {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        self.bytes = Array(bytes[start...])
    }

    mutating func parse() throws(DocumentError) -> JSONReport {
        skipSpace()
        guard i < bytes.count else { throw .malformedJSON("the file is empty") }
        guard bytes[i] == UInt8(ascii: "{") else { throw .notAnObject(describeValue(at: i)) }
        i += 1
        var report = JSONReport()
        var text: String?
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
                let key = try string()
                skipSpace()
                guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(Escaping.printable(key))\"") }
                i += 1
                skipSpace()
                if Self.textKeys.contains(key) {
                    let value = try stringOrNull(key: key)
                    switch key {
                    case "title": report.title = value
                    case "body": report.body = value
                    case "text": text = value
                    case "source": report.source = value
                    case "published": report.published = value
                    default: report.location = value
                    }
                } else {
                    try skipValue()
                }
                skipSpace()
                guard let next = peek() else { throw error("unterminated object") }
                i += 1
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else { throw error("expected ',' or '}'", at: i - 1) }
            }
        }
        skipSpace()
        guard i == bytes.count else { throw error("unexpected data after the object") }
        if report.body == nil { report.body = text }
        guard report.title?.isEmpty == false || report.body?.isEmpty == false else { throw .noText() }
        return report
    }

    // MARK: Values

    private mutating func stringOrNull(key: String) throws(DocumentError) -> String? {
        switch peek() {
        case UInt8(ascii: "\""): return try string()
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default:
            let found = describeValue(at: i)
            try skipValue()
            throw .wrongType(key: key, found: found)
        }
    }

    /// Skips one value of any kind, iteratively, enforcing the depth limit.
    private mutating func skipValue() throws(DocumentError) {
        var stack: [UInt8] = []  // open brackets
        var expectValue = true
        while true {
            skipSpace()
            guard let b = peek() else { throw error("unexpected end of input") }
            if expectValue {
                switch b {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    stack.append(b)
                    guard stack.count < Self.depthLimit else { throw .tooDeep(limit: Self.depthLimit) }
                    i += 1
                    skipSpace()
                    if peek() == (b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        i += 1
                        stack.removeLast()
                        expectValue = false
                        break
                    }
                    if b == UInt8(ascii: "{") { try keyColon() }
                    continue
                case UInt8(ascii: "\""): _ = try string()
                case UInt8(ascii: "t"): try literal("true")
                case UInt8(ascii: "f"): try literal("false")
                case UInt8(ascii: "n"): try literal("null")
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
                default: throw error("unexpected character \(describeByte(b))")
                }
                expectValue = false
            }
            guard let top = stack.last else { return }
            skipSpace()
            guard let c = peek() else { throw error("unexpected end of input") }
            i += 1
            if c == UInt8(ascii: ",") {
                if top == UInt8(ascii: "{") { try keyColon() }
                expectValue = true
            } else if c == (top == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                stack.removeLast()
            } else {
                throw error("expected ',' or a closing bracket", at: i - 1)
            }
        }
    }

    private mutating func keyColon() throws(DocumentError) {
        skipSpace()
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
        _ = try string()
        skipSpace()
        guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
        i += 1
    }

    private mutating func literal(_ word: String) throws(DocumentError) {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, bytes[i..<(i + w.count)].elementsEqual(w) else { throw error("invalid literal") }
        i += w.count
    }

    private mutating func number() throws(DocumentError) {
        let start = i
        if peek() == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        while let b = peek(), b >= 48, b <= 57 {
            i += 1
            digits += 1
        }
        guard digits > 0 else { throw error("invalid number", at: start) }
        if peek() == UInt8(ascii: ".") {
            i += 1
            var fraction = 0
            while let b = peek(), b >= 48, b <= 57 { i += 1; fraction += 1 }
            guard fraction > 0 else { throw error("invalid number", at: start) }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            i += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { i += 1 }
            var exponent = 0
            while let b = peek(), b >= 48, b <= 57 { i += 1; exponent += 1 }
            guard exponent > 0 else { throw error("invalid number", at: start) }
        }
    }

    /// Reads a string at `i` (which holds the opening quote), decoding escapes.
    private mutating func string() throws(DocumentError) -> String {
        let open = i
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw error("control character in a string (escape it as \\u00XX)") }
            if b != UInt8(ascii: "\\") {
                // A run of plain bytes is copied at once: a 50 MB string costs one scan.
                var end = i + 1
                while end < bytes.count, bytes[end] >= 0x20, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") {
                    end += 1
                }
                out.append(contentsOf: bytes[i..<end])
                i = end
                continue
            }
            i += 1
            guard let e = peek() else { break }
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                        scalar = low
                    }
                }
                let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(value)).utf8))
            default: throw error("invalid escape \\\(describeByte(e))", at: i - 2)
            }
        }
        throw error("unterminated string", at: open)
    }

    private mutating func hex4() throws(DocumentError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt8
            switch b {
            case 48...57: digit = b - 48
            case 65...70: digit = b - 55
            case 97...102: digit = b - 87
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    // MARK: Helpers

    private func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
    }

    private func error(_ message: String, at offset: Int? = nil) -> DocumentError {
        let at = min(offset ?? i, bytes.count)
        var line = 1
        var column = 1
        for b in bytes[..<at] {
            if b == 10 {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return .malformedJSON("\(message) at line \(line), column \(column)")
    }

    private func describeValue(at offset: Int) -> String {
        guard offset < bytes.count else { return "nothing" }
        switch bytes[offset] {
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        default: return "\(describeByte(bytes[offset])) (not JSON)"
        }
    }

    private func describeByte(_ b: UInt8) -> String {
        (0x21..<0x7F).contains(b) ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16, uppercase: true))"
    }
}
