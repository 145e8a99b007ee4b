extension Document {
    /// Parses a report's bytes according to its file name's extension.
    ///
    /// - Parameters:
    ///   - bytes: The whole file.
    ///   - name: The file name; `.txt` and `.md` are text, `.json` one JSON object.
    /// - Throws: ``DocumentError`` saying what is wrong with the file.
    public static func parse(bytes: [UInt8], name: String) throws(DocumentError) -> Document {
        Document(name: name, text: String(decoding: bytes, as: UTF8.self), sha256: SHA256.hex(of: bytes))
    }
}
