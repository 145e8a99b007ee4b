/// Why a file could not be turned into a ``Document``.
///
/// Equality compares the kind of problem only; ``description`` says what is wrong in words
/// fit for a `NAME.error` file or stderr.
public struct DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        case unsupportedFormat
        case binary
        case malformedJSON
        case notAnObject
        case noText
        case wrongType
        case tooDeep
        case tooLarge
        case empty
        case encoding
    }

    let code: Code
    /// A sentence saying what is wrong and, where it helps, what to do.
    public let description: String

    public static func == (lhs: DocumentError, rhs: DocumentError) -> Bool { lhs.code == rhs.code }

    public static func unsupportedFormat(_ name: String) -> DocumentError {
        .init(code: .unsupportedFormat, description: "unsupported file type '\(Escaping.printable(name))': incidentd reads .txt, .md and .json reports")
    }
    public static func binary(offset: Int) -> DocumentError {
        .init(code: .binary, description: "binary file: NUL byte at offset \(offset); reports must be UTF-8 text")
    }
    public static func malformedJSON(_ detail: String) -> DocumentError {
        .init(code: .malformedJSON, description: "malformed JSON: \(detail)")
    }
    public static func notAnObject(_ found: String) -> DocumentError {
        .init(code: .notAnObject, description: "JSON report must be one object with \"title\" and \"body\" (or \"text\"); found \(found)")
    }
    public static func noText() -> DocumentError {
        .init(code: .noText, description: "JSON report has no text: give a string \"title\", \"body\" or \"text\"")
    }
    public static func wrongType(key: String, found: String) -> DocumentError {
        .init(code: .wrongType, description: "JSON key \"\(key)\" must be a string; found \(found)")
    }
    public static func tooLarge(size: Int, limit: Int) -> DocumentError {
        .init(code: .tooLarge, description: "file too large: \(size) bytes, the limit is \(limit)")
    }
    public static func empty() -> DocumentError {
        .init(code: .empty, description: "empty file: a report needs text")
    }
    public static func utf16() -> DocumentError {
        .init(
            code: .encoding,
            description: "UTF-16 text (byte-order mark): reports must be UTF-8; convert with `iconv -f UTF-16 -t UTF-8`")
    }
    public static func tooDeep(limit: Int) -> DocumentError {
        .init(code: .tooDeep, description: "JSON nested deeper than \(limit) levels")
    }

    static let notAnObject = DocumentError(code: .notAnObject, description: "")
    static let binary = DocumentError(code: .binary, description: "")
}
