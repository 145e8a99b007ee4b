/// Everything the processing loop reacts to, in one stream, so one task handles files,
/// reloads and timers in order and a file in hand is always finished first.
package enum DaemonEvent: Sendable, Equatable {
    /// From inotify (admitted by the ``WatchBudget``).
    case watch(WatchEvent)
    /// A name listed by a scan of `incoming/` (start-up, overflow, spool re-opened).
    case scanned(String)
    /// SIGHUP: reload configuration and rules.
    case reload
    /// Time to tell the watchdog the loop is alive.
    case watchdog
    /// A timer fired: a waiting file's retry, a flush of moves or a re-open may be due.
    case retry
    /// The D-Bus connection's socket is ready, or one of its timers is due.
    case bus(BusEvent)
}
