/// Sizes written as bytes or with a binary suffix: `1048576`, `512KiB`, `1MiB`, `1M`.
package enum ByteSize {
    /// The size in bytes, or `nil` when `text` is not a size.
    package static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard let value = Int(digits) else { return nil }
        let multiplier: Int
        switch trimmed.dropFirst(digits.count).lowercased().trimmingSpaces {
        case "", "b": multiplier = 1
        case "k", "kib", "kb": multiplier = 1 << 10
        case "m", "mib", "mb": multiplier = 1 << 20
        case "g", "gib", "gb": multiplier = 1 << 30
        default: return nil
        }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }
}

/// Durations written as seconds or with a unit: `0`, `90`, `90s`, `30m`, `24h`, `7d`.
package enum DurationText {
    /// The duration, or `nil` when `text` is not one.
    package static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingSpaces
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard let value = Int64(digits), value < 1 << 40 else { return nil }
        switch trimmed.dropFirst(digits.count).lowercased().trimmingSpaces {
        case "", "s": return .seconds(value)
        case "ms": return .milliseconds(value)
        case "m", "min": return .seconds(value * 60)
        case "h": return .seconds(value * 3600)
        case "d": return .seconds(value * 86400)
        default: return nil
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
