/// How urgent an alert is, ordered from least to most severe.
///
/// The raw values are the names used in rule files, JSON records and the journal.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, notice, warning, high, critical

    /// The journald `PRIORITY` this severity maps to (critical 2 … info 6).
    public var journalPriority: Int {
        switch self {
        case .critical: 2
        case .high: 3
        case .warning: 4
        case .notice: 5
        case .info: 6
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
