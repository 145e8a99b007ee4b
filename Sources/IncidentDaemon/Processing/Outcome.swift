/// What became of one name in `incoming/`.
package enum Outcome: Sendable, Equatable {
    /// The name is one the spool ignores (a write in progress).
    case ignored
    /// Nothing by that name was there any more.
    case gone
    /// Evaluated, alerts delivered, moved to `processed/` under this name.
    case processed(String, alerts: Int)
    /// The same content was alerted on recently; moved to `processed/` without alerts.
    case duplicate(String)
    /// Moved to `failed/` under this name, with `NAME.error` saying `reason`.
    case failed(String, reason: String)
    /// Left in `incoming/`: its alerts could not all be delivered; tried again later.
    case waiting(retryIn: Duration)
}
