/// Remembers the content hashes of reports already alerted on, for a while, so the same
/// report dropped again raises nothing new.
package struct DuplicateWindow<Instant: InstantProtocol> where Instant.Duration == Duration {
    /// How long a hash is remembered; zero turns the check off.
    package var length: Duration
    private var seen: [String: Instant] = [:]

    package init(length: Duration) {
        self.length = length
    }

    /// Whether `sha256` was recorded less than ``length`` before `now`.
    package func contains(_ sha256: String, now: Instant) -> Bool {
        guard let recorded = seen[sha256] else { return false }
        return now < recorded.advanced(by: length)
    }

    /// Records that `sha256` was handled at `now`.
    package mutating func record(_ sha256: String, now: Instant) {
        guard length > .zero else { return }
        prune(now: now)
        seen[sha256] = now
    }

    /// How many hashes are remembered (expired ones go at the next ``record(_:now:)``).
    package var count: Int { seen.count }

    private mutating func prune(now: Instant) {
        guard !seen.isEmpty else { return }
        seen = seen.filter { now < $0.value.advanced(by: length) }
    }
}
