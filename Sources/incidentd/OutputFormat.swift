import ArgumentParser

/// How alerts are printed: one readable line, or one JSON object per line.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}
