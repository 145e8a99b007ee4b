import Synchronization

/// Bounds how many inotify events wait in the daemon's queue, the way the kernel bounds
/// its own (`fs.inotify.max_queued_events`): past the limit, names are dropped and one
/// ``WatchEvent/overflow`` is queued instead, so the loop rescans `incoming/` (watchman's
/// recrawl). Memory stays bounded however fast files arrive, and nothing is lost: the
/// rescan lists every file the dropped events named.
///
/// Shared by the watcher's queue (``admit(_:)``) and the processing loop (the rest).
package final class WatchBudget: Sendable {
    /// How many file events may wait at once.
    package let limit: Int
    private let pending = Atomic<Int>(0)
    private let overflowed = Atomic<Bool>(false)

    package init(limit: Int = 16_384) {
        self.limit = limit
    }

    /// What to queue for `event`, if anything: the event itself, an overflow in its place
    /// (the first time the budget is exceeded, or the kernel's own overflow), or nothing
    /// while an overflow is already queued and its rescan will find the file anyway.
    package func admit(_ event: WatchEvent) -> WatchEvent? {
        switch event {
        case .arrived:
            if overflowed.load(ordering: .acquiring) { return nil }
            if pending.wrappingAdd(1, ordering: .relaxed).newValue > limit {
                pending.wrappingSubtract(1, ordering: .relaxed)
                return overflowed.exchange(true, ordering: .acquiringAndReleasing) ? nil : .overflow
            }
            return event
        case .overflow:
            return overflowed.exchange(true, ordering: .acquiringAndReleasing) ? nil : .overflow
        case .lost:
            return event
        }
    }

    /// The loop took an ``WatchEvent/arrived(_:)`` event off the queue.
    package func consumed() {
        pending.wrappingSubtract(1, ordering: .relaxed)
    }

    /// The loop is about to list `incoming/`: events dropped from now on need another
    /// rescan.
    package func rescanning() {
        overflowed.store(false, ordering: .releasing)
    }

    /// Whether no file event is waiting in the queue.
    package var isDrained: Bool {
        pending.load(ordering: .relaxed) <= 0
    }
}
