/// The text of one rule file and where it came from (for error messages).
public struct RuleSource: Sendable, Hashable {
    /// The path shown in errors, e.g. `/etc/incidentd/rules.d/casualties-reported.yaml`.
    public var path: String
    /// The file's YAML text.
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
