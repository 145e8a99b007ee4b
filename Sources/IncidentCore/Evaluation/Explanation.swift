/// Everything the engine decided about one document: the alerts, and the candidate
/// matches it rejected and why (for `incidentd eval --explain`).
public struct Explanation: Sendable {
    /// The alerts raised, in rule order.
    public var alerts: [Alert]
    /// Candidates ruled out by an exclusion cue, in text order per rule.
    public var rejections: [Rejection]
}

/// A candidate match that an exclusion cue ruled out.
public struct Rejection: Sendable, Hashable, CustomStringConvertible {
    /// The rule whose candidate it was.
    public var rule: String
    /// The cue set that ruled it out, e.g. `negated`.
    public var reason: String
    /// The cue as written, e.g. `No`.
    public var cue: String
    /// The term the cue ruled out, as written.
    public var term: String
    /// The sentence the candidate stood in.
    public var sentence: String

    /// E.g. `negated by 'No' in: No staff casualties were reported.`
    public var description: String {
        "\(rule): '\(Escaping.printable(term))' \(reason) by '\(Escaping.printable(cue))' in: \(Escaping.printable(sentence))"
    }
}

extension Rejection {
    /// The rejection as one JSON object: `{"rejected": {...}}` with the file it came from.
    public func jsonLine(file: String) -> String {
        var out = JSONWriter()
        out.object {
            $0.field("file", file)
            $0.key("rejected")
            $0.object {
                $0.field("rule", rule)
                $0.field("reason", reason)
                $0.field("cue", cue)
                $0.field("term", term)
                $0.field("sentence", sentence)
            }
        }
        return out.result
    }
}
