import IncidentCore

/// What turns a document into alerts: the rule ``Engine`` in production, a fake in tests.
package protocol AlertEvaluator: Sendable {
    /// The alerts `document` raises, with `file` and `time` left empty.
    func evaluate(_ document: Document) -> [Alert]
}

extension Engine: AlertEvaluator {}
