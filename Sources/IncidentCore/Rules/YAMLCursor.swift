/// Reads a YAML node tree while remembering the file and key path, so every problem it
/// reports says exactly where it is. Problems are collected, never thrown one by one.
struct YAMLCursor {
    let node: YAMLNode
    let path: String
    let keyPath: String

    var line: Int { node.line }
    var column: Int { node.column }
    var location: String { "\(path):\(line):\(column)" }

    func problem(_ message: String, fix: String) -> RuleProblem {
        RuleProblem(path: path, line: line, column: column, keyPath: keyPath, message: message, fix: fix)
    }

    /// The mapping's entries as cursors, in file order; nil (with a problem) when not a mapping.
    func entries(_ problems: inout [RuleProblem]) -> [(key: String, value: YAMLCursor)]? {
        guard let mapping = node.mapping else {
            problems.append(problem("expected a mapping of keys to values, found \(kind)", fix: "write `key: value` lines here"))
            return nil
        }
        return mapping.map { entry in
            let child = keyPath.isEmpty ? entry.name : "\(keyPath).\(entry.name)"
            return (entry.name, YAMLCursor(node: entry.value, path: path, keyPath: child, keyNode: entry.key))
        }
    }

    /// The sequence's items as cursors; a single scalar is read as a one-item list.
    func items(_ problems: inout [RuleProblem]) -> [YAMLCursor]? {
        if let sequence = node.sequence {
            return sequence.enumerated().map { i, item in YAMLCursor(node: item, path: path, keyPath: "\(keyPath)[\(i)]") }
        }
        if node.scalar != nil { return [self] }
        problems.append(problem("expected a list, found \(kind)", fix: "write a YAML list such as `[a, b]`"))
        return nil
    }

    func string(_ problems: inout [RuleProblem]) -> String? {
        guard let scalar = node.scalar else {
            problems.append(problem("expected a string, found \(kind)", fix: "write a single value, quoted if it contains `:` or `#`"))
            return nil
        }
        return scalar
    }

    func strings(_ problems: inout [RuleProblem]) -> [String]? {
        guard let items = items(&problems) else { return nil }
        var out: [String] = []
        for item in items {
            if let s = item.string(&problems) { out.append(s) }
        }
        return out
    }

    func int(_ problems: inout [RuleProblem], range: ClosedRange<Int>) -> Int? {
        guard let value = node.scalar.flatMap({ Int($0) }), range.contains(value) else {
            problems.append(problem("expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(describe)", fix: "write a number such as \(range.lowerBound + 1)"))
            return nil
        }
        return value
    }

    func bool(_ problems: inout [RuleProblem]) -> Bool? {
        switch node.scalar?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            problems.append(problem("expected true or false, found \(describe)", fix: "write `true` or `false`"))
            return nil
        }
    }

    /// Reports keys not in `known`, suggesting the closest known key.
    func rejectUnknown(_ entries: [(key: String, value: YAMLCursor)], known: [String], _ problems: inout [RuleProblem]) {
        for (key, value) in entries where !known.contains(key) {
            let suggestion = known.min { editDistance($0, key) < editDistance($1, key) }
            let fix = suggestion.map { editDistance($0, key) <= 3 ? "did you mean `\($0)`?" : "known keys: \(known.joined(separator: ", "))" } ?? ""
            let at = value.keyNode.map { YAMLCursor(node: $0, path: path, keyPath: value.keyPath) } ?? value
            problems.append(at.problem("unknown key `\(key)`", fix: fix))
        }
    }

    var keyNode: YAMLNode?

    init(node: YAMLNode, path: String, keyPath: String, keyNode: YAMLNode? = nil) {
        self.node = node
        self.path = path
        self.keyPath = keyPath
        self.keyNode = keyNode
    }

    private var kind: String {
        switch node.value {
        case .scalar(let text, _): "the value '\(text)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    private var describe: String { node.scalar.map { "'\($0)'" } ?? kind }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
