/// Everything the engine decided about one document: the alerts, and the candidate
/// matches it rejected and why (for `incidentd eval --explain`).
public struct Explanation: Sendable {
    public var alerts: [Alert]
    public var rejections: [Rejection]
}

/// A candidate match that an exclusion cue ruled out.
public struct Rejection: Sendable, Hashable {
    public var rule: String
    /// The cue set that ruled it out, e.g. `negated`.
    public var reason: String
    /// The cue as written, e.g. `No`.
    public var cue: String
    /// The sentence the candidate stood in.
    public var sentence: String
}

extension Engine {
    /// Evaluates `document` and also reports the rejected candidates.
    public func explain(_ document: Document) -> Explanation {
        Explanation(alerts: [], rejections: [])
    }
}
