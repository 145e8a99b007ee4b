/// Remembers the content hashes of reports already alerted on, for a while, so the same
/// report dropped again raises nothing new.
///
/// Hashes are also kept in the order they were recorded, so expired ones are dropped from
/// the front in amortised constant time per record instead of a pass over every hash.
/// Instants given to ``record(_:now:)`` are expected not to go backwards (a monotonic clock);
/// if they do, pruning is merely later than it could be, never early.
package struct DuplicateWindow<Instant: InstantProtocol> where Instant.Duration == Duration {
    /// How long a hash is remembered; zero turns the check off.
    package var length: Duration
    private var seen: [String: Instant] = [:]
    /// Every record in the order made (a hash recorded again appears twice; the older entry
    /// is recognised as stale because `seen` holds a later instant for it).
    private var order: [(sha256: String, at: Instant)] = []
    /// The first entry of `order` not yet pruned.
    private var head = 0

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
        order.append((sha256, now))
    }

    /// How many hashes are remembered (expired ones go at the next ``record(_:now:)``).
    package var count: Int { seen.count }

    private mutating func prune(now: Instant) {
        while head < order.count, !(now < order[head].at.advanced(by: length)) {
            let entry = order[head]
            if let recorded = seen[entry.sha256], recorded == entry.at { seen[entry.sha256] = nil }
            head += 1
        }
        // Compact once the dead prefix is at least half of the storage.
        if head > 0, head * 2 >= order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
