/// An incident report ready for evaluation: the text the rules read, plus the metadata
/// carried into alerts.
public struct Document: Sendable {
    /// The file name the document came from (no directories).
    public var name: String
    /// The text the rules read: for JSON, the title and the body separated by a blank line.
    public var text: String
    /// Lowercase hex SHA-256 of the original bytes.
    public var sha256: String
    public var source: String?
    public var published: String?
    public var location: String?

    public init(
        name: String, text: String, sha256: String,
        source: String? = nil, published: String? = nil, location: String? = nil
    ) {
        self.name = name
        self.text = text
        self.sha256 = sha256
        self.source = source
        self.published = published
        self.location = location
    }
}
