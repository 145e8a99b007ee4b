import Foundation

/// Parses one JSON object per line (alert records, `journalctl -o json` entries).
enum JSONLine {
    /// The object, or `nil` when the line is not a JSON object.
    static func object(_ line: String) -> [String: Any]? {
        guard let data = line.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// A journal entry's fields as strings (journalctl writes binary values as byte
    /// arrays; those are decoded as UTF-8).
    static func fields(_ line: String) -> [String: String]? {
        guard let object = object(line) else { return nil }
        var fields: [String: String] = [:]
        for (key, value) in object {
            if let text = value as? String {
                fields[key] = text
            } else if let bytes = value as? [Int] {
                fields[key] = String(decoding: bytes.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
            } else if let number = value as? NSNumber {
                fields[key] = number.stringValue
            }
        }
        return fields
    }
}
