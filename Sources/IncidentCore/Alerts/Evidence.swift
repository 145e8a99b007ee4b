/// The sentence that made a rule fire, with where it stands in the evaluated text.
public struct Evidence: Sendable, Hashable, Codable {
    /// The sentence as it appears in the document (whitespace runs folded to one space).
    public var text: String
    /// UTF-8 byte offset of the sentence's first byte in the evaluated text.
    public var start: Int
    /// UTF-8 byte offset one past the sentence's last byte.
    public var end: Int
    /// The matched terms, as written in the text, in order of appearance.
    public var terms: [String]

    public init(text: String, start: Int, end: Int, terms: [String]) {
        self.text = text
        self.start = start
        self.end = end
        self.terms = terms
    }
}
