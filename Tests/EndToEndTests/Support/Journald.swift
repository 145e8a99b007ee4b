import Systemd
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A systemd-journald for the tests: the running one when its socket exists, else one
/// started here (as root) and stopped by its PID when the last test using it is done.
/// A journald we did not start is never touched.
final class Journald: Sendable {
    static let shared = Journald()

    private let state = Mutex<(users: Int, started: ChildProcess?)>((0, nil))

    /// Makes sure journald runs; pair with ``release()``.
    /// - Returns: Whether a journald is reachable.
    func acquire() -> Bool {
        state.withLock { state in
            state.users += 1
            if Self.isLive() { return true }
            // Absent, or left behind by a journald that stopped: start our own.
            let journald = ChildProcess.spawn(["/lib/systemd/systemd-journald"], stdout: "/dev/null", stderr: "/dev/null")
            state.started = journald
            let deadline = ContinuousClock.now + .seconds(5)
            while !Self.isLive() && ContinuousClock.now < deadline { usleep(10_000) }
            return Self.isLive()
        }
    }

    /// Stops the journald started by ``acquire()`` once nobody uses it.
    func release() {
        state.withLock { state in
            state.users -= 1
            guard state.users == 0, let journald = state.started else { return }
            journald.signal(SIGTERM)
            if journald.wait(timeout: .seconds(5)) == nil {
                journald.signal(SIGKILL)
                journald.wait()
            }
            state.started = nil
        }
    }

    /// Whether journald answers on its socket (connect succeeds): the daemon's own probe.
    static func isLive() -> Bool { Journal.isAvailable }

    /// The journal's current cursor, to read only entries written after it.
    static func cursor() -> String {
        let result = Shell.run(["journalctl", "-n", "0", "--show-cursor", "-q"])
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("-- cursor: ") {
            return String(line.dropFirst("-- cursor: ".count))
        }
        return ""
    }

    /// The `SYSLOG_IDENTIFIER=incidentd` entries after `cursor` from process `pid`, as
    /// field dictionaries, polling until `until` holds or `timeout` passes.
    static func entries(
        after cursor: String, pid: Int32, timeout: Duration = .seconds(2),
        until done: ([[String: String]]) -> Bool
    ) -> [[String: String]] {
        let deadline = ContinuousClock.now + timeout
        var entries: [[String: String]] = []
        repeat {
            // Matches are applied here rather than on the command line: journalctl 252
            // returns nothing for --after-cursor combined with field matches.
            var arguments = ["journalctl", "-o", "json", "--no-pager"]
            arguments += cursor.isEmpty ? ["SYSLOG_IDENTIFIER=incidentd"] : ["--after-cursor=\(cursor)"]
            let result = Shell.run(arguments)
            entries = result.stdout.split(separator: "\n").compactMap { JSONLine.fields(String($0)) }.filter {
                $0["_PID"] == String(pid) && $0["SYSLOG_IDENTIFIER"] == "incidentd"
            }
            if done(entries) { return entries }
            usleep(50_000)
        } while ContinuousClock.now < deadline
        return entries
    }
}
