extension Document {
    /// Parses a report's bytes according to its file name's extension.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - name: The file name; `.txt` and `.md` are text, `.json` one JSON object.
    /// - Throws: ``DocumentError`` saying what is wrong with the file.
    public static func parse(bytes: [UInt8], name: String) throws(DocumentError) -> Document {
        // Token offsets are 32-bit; the daemon's own limit (1 MiB by default) is far lower.
        guard bytes.count <= Self.sizeLimit else { throw .tooLarge(size: bytes.count, limit: Self.sizeLimit) }
        guard !bytes.isEmpty else { throw .empty() }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { throw .utf16() }
        let sha256 = SHA256.hex(of: bytes)
        switch Self.format(of: name) {
        case .text:
            return Document(name: name, text: try Self.text(bytes), sha256: sha256)
        case .json:
            var parser = JSONReportParser(bytes: bytes)
            let report = try parser.parse()
            let text = [report.title, report.body].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
            guard !text.isEmpty else { throw .noText() }
            if let offset = text.utf8.firstIndex(of: 0) {
                throw .binary(offset: text.utf8.distance(from: text.utf8.startIndex, to: offset))
            }
            return Document(
                name: name, text: text, sha256: sha256,
                source: report.source, published: report.published, location: report.location
            )
        case nil:
            throw .unsupportedFormat(name)
        }
    }

    /// The largest report the engine reads: 256 MiB.
    public static let sizeLimit = 256 << 20

    enum Format { case text, json }

    /// The format a file name's extension selects (case-insensitive), nil when unsupported.
    static func format(of name: String) -> Format? {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        switch String(name[name.index(after: dot)...]).lowercased() {
        case "txt", "md", "text", "markdown": return .text
        case "json": return .json
        default: return nil
        }
    }

    /// UTF-8 text with a leading BOM dropped and invalid sequences replaced (U+FFFD);
    /// NUL bytes mean the file is not text.
    static func text(_ bytes: [UInt8]) throws(DocumentError) -> String {
        if let nul = bytes.firstIndex(of: 0) { throw .binary(offset: nul) }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        return String(decoding: body, as: UTF8.self)
    }
}
