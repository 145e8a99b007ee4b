import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A systemd-journald of the test's own, in a private mount namespace: tmpfs over
/// `/run/systemd/journal` and `/run/log`, and a journald.conf with volatile storage and no
/// rate limit bind-mounted over the machine's. Daemons started through ``command(_:)``
/// log to it; the test may stop and restart it (the machine's journald is never touched).
///
/// The namespace is held by a `sleep` started here; everything is stopped by PID in
/// ``tearDown()``. Root only.
final class PrivateJournal: @unchecked Sendable {
    // @unchecked: each instance belongs to one test, which drives it from one task.
    let temp = TemporaryDirectory(prefix: "incidentd-journal")
    private(set) var holder: ChildProcess?
    private(set) var journald: ChildProcess?

    /// Why no private journal can be made here, or `nil`.
    static let unavailableReason: String? = {
        if geteuid() != 0 { return "not root: a private journald needs a mount namespace" }
        for tool in ["/usr/bin/unshare", "/usr/bin/nsenter", "/lib/systemd/systemd-journald"] where !FileHelpers.exists(tool) {
            return "\(tool) is missing"
        }
        return nil
    }()

    /// Sets up the namespace; with `start`, journald too.
    /// - Returns: `nil` (with the reason printed) when it could not be set up.
    init?(start: Bool = true) {
        if let reason = Self.unavailableReason {
            print("*** SKIPPING: no private journald: \(reason)")
            return nil
        }
        let config = temp.appending("journald.conf")
        FileHelpers.write(
            """
            [Journal]
            Storage=volatile
            RateLimitIntervalSec=0
            RateLimitBurst=0
            RuntimeMaxUse=512M
            ForwardToSyslog=no
            ForwardToKMsg=no
            ForwardToConsole=no
            ForwardToWall=no
            ReadKMsg=no

            """, to: config)
        let script = """
            mount -t tmpfs -o mode=0755,size=1g tmpfs /run/systemd/journal &&
            mount -t tmpfs -o mode=0755,size=1g tmpfs /run/log &&
            mount --bind \(config) /etc/systemd/journald.conf &&
            exec sleep 100000
            """
        let holder = ChildProcess.spawn(
            ["/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", script],
            stdout: temp.appending("holder.out"), stderr: temp.appending("holder.err"))
        self.holder = holder
        let deadline = ContinuousClock.now + .seconds(5)
        while (FileHelpers.read("/proc/\(holder.pid)/comm") ?? "") != "sleep\n", ContinuousClock.now < deadline {
            if holder.wait(timeout: .milliseconds(10)) != nil { break }
        }
        guard (FileHelpers.read("/proc/\(holder.pid)/comm") ?? "") == "sleep\n" else {
            print("*** private journald: namespace not set up: \(FileHelpers.read(temp.appending("holder.err")) ?? "")")
            tearDown()
            return nil
        }
        if start, !startJournald() {
            tearDown()
            return nil
        }
    }

    deinit { tearDown() }

    /// `arguments` run inside the namespace (`nsenter` execs, so the PID is the command's).
    func command(_ arguments: [String]) -> [String] {
        ["/usr/bin/nsenter", "-t", String(holder?.pid ?? 0), "-m", "--"] + arguments
    }

    /// The namespace's `path`, seen from outside.
    func outside(_ path: String) -> String { "/proc/\(holder?.pid ?? 0)/root" + path }

    /// Starts journald in the namespace and waits (≤ 5 s) until it accepts connections.
    @discardableResult
    func startJournald() -> Bool {
        let journald = ChildProcess.spawn(
            command(["/lib/systemd/systemd-journald"]), stdout: "/dev/null", stderr: temp.appending("journald.err"))
        self.journald = journald
        let deadline = ContinuousClock.now + .seconds(5)
        while !isLive, ContinuousClock.now < deadline { usleep(10_000) }
        return isLive
    }

    /// Stops the journald started here (SIGTERM, then SIGKILL after 5 s), by its PID.
    func stopJournald() {
        guard let journald else { return }
        journald.signal(SIGTERM)
        if journald.wait(timeout: .seconds(5)) == nil {
            journald.signal(SIGKILL)
            journald.wait()
        }
        self.journald = nil
    }

    /// Whether the namespace's journald accepts a connection on its native socket.
    var isLive: Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(outside("/run/systemd/journal/socket").utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path)
            raw[path.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }

    /// The `SYSLOG_IDENTIFIER=incidentd` entries, as field dictionaries (`fields` limits
    /// what journalctl writes, for big journals).
    func entries(fields: [String] = []) -> [[String: String]] {
        var arguments = ["journalctl", "-o", "json", "--no-pager", "SYSLOG_IDENTIFIER=incidentd"]
        if !fields.isEmpty { arguments.append("--output-fields=" + fields.joined(separator: ",")) }
        let result = Shell.run(command(arguments))
        return result.stdout.split(separator: "\n").compactMap { JSONLine.fields(String($0)) }
    }

    /// Polls ``entries(fields:)`` every 100 ms until `done` holds or `timeout` passes.
    func entries(
        fields: [String] = [], timeout: Duration, until done: ([[String: String]]) -> Bool
    ) -> [[String: String]] {
        let deadline = ContinuousClock.now + timeout
        var found = entries(fields: fields)
        while !done(found), ContinuousClock.now < deadline {
            usleep(100_000)
            found = entries(fields: fields)
        }
        return found
    }

    /// Stops journald and the namespace holder (by PID) and removes the temporary files.
    func tearDown() {
        stopJournald()
        if let holder {
            holder.signal(SIGKILL)
            holder.wait()
            self.holder = nil
        }
        temp.remove()
    }
}
