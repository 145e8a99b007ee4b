/// Everything the processing loop reacts to, in one stream, so one task handles files,
/// reloads and timers in order and a file in hand is always finished first.
package enum DaemonEvent: Sendable, Equatable {
    /// From inotify or a scan.
    case watch(WatchEvent)
    /// SIGHUP: reload configuration and rules.
    case reload
    /// Time to tell the watchdog the loop is alive.
    case watchdog
    /// A waiting file's retry may be due.
    case retry
    /// The D-Bus connection's socket is ready, or one of its timers is due.
    case bus(BusEvent)
}
