/// How alerts are printed on standard output.
package enum OutputFormat: String, Sendable, CaseIterable {
    /// One readable line per alert.
    case text
    /// One JSON object per line.
    case json
}
