/// One compiled alert rule.
public struct Rule: Sendable {
    public let id: String
    public let title: String
    public let severity: Severity
    public let messageID: String
}
