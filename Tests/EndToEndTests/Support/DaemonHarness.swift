import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// One `incidentd run` started by a test on a fresh spool, with its stdout, stderr and a
/// `NOTIFY_SOCKET` the test owns. Stopped (by its PID only) when the test is done.
final class DaemonHarness: @unchecked Sendable {
    // @unchecked: each harness belongs to one test, which drives it from one task.
    let temp = TemporaryDirectory(prefix: "incidentd-e2e")
    let spool: String
    let notify: NotifySocket
    let process: ChildProcess
    private var exited: Int32?

    /// Starts the daemon.
    ///
    /// - Parameters:
    ///   - arguments: Extra `run` arguments (defaults: `--journal on --output json`).
    ///   - environment: Extra environment (e.g. `WATCHDOG_USEC`).
    ///   - prepare: Runs with the spool path before start-up (to leave a backlog).
    ///   - spool: A spool to use instead of a fresh one (a restart on the same spool).
    ///   - wrapper: A command the daemon is started through (`nsenter …`, `setpriv …`);
    ///     it must exec the daemon, so the PID stays the daemon's.
    init(
        arguments: [String] = [], environment: [String: String] = [:], spool: String? = nil,
        wrapper: [String] = [], prepare: (String) -> Void = { _ in }
    ) {
        self.spool = spool ?? temp.appending("spool")
        notify = NotifySocket(directory: temp.path)
        prepare(self.spool)
        var args = wrapper + [Binary.path, "run", "--spool", self.spool]
        if !arguments.contains("--journal") { args += ["--journal", "on"] }
        if !arguments.contains("--output") { args += ["--output", "json"] }
        args += arguments
        process = ChildProcess.spawn(
            args, environment: ["NOTIFY_SOCKET": notify.path, "SWIFT_BACKTRACE": "enable=no"].merging(environment) { $1 },
            stdout: temp.appending("stdout"), stderr: temp.appending("stderr"))
    }

    deinit {
        kill()
        temp.remove()
    }

    /// Kills the daemon with SIGKILL (a crash) and reaps it; no-op once it has exited.
    func kill() {
        guard exited == nil else { return }
        process.signal(SIGKILL)
        exited = process.wait()
    }

    /// A line of `/proc/PID/status` (`VmHWM`, `VmRSS`) in kB, while the daemon runs.
    func statusKB(_ field: String) -> Int? {
        for line in (FileHelpers.read("/proc/\(process.pid)/status") ?? "").split(separator: "\n")
        where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    /// How many descriptors the daemon has open.
    var openDescriptors: Int { FileHelpers.list("/proc/\(process.pid)/fd").count }

    /// Waits for `READY=1`.
    func waitReady() -> Bool { notify.wait(for: "READY=1", timeout: .seconds(10)) }

    /// Drops a file the way writers should: written elsewhere, renamed into `incoming/`.
    func drop(_ name: String, text: String) {
        let staging = temp.appending("staging-" + name)
        FileHelpers.write(text, to: staging)
        FileHelpers.move(staging, spool + "/incoming/" + name)
    }

    /// Drops a copy of the file at `path` as `name`.
    func drop(_ name: String, copyOf path: String) {
        drop(name, text: FileHelpers.read(path) ?? "")
    }

    /// The alert lines printed so far.
    var stdoutLines: [String] {
        (FileHelpers.read(temp.appending("stdout")) ?? "").split(separator: "\n").map(String.init)
    }

    /// What the daemon logged on stderr so far.
    var stderr: String { FileHelpers.read(temp.appending("stderr")) ?? "" }

    /// Polls `condition` every 5 ms until it holds or `timeout` passes.
    @discardableResult
    func wait(timeout: Duration = .seconds(2), until condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            notify.drain()
            usleep(5_000)
        }
        return condition()
    }

    /// Names in a spool directory.
    func list(_ directory: String) -> [String] { FileHelpers.list(spool + "/" + directory) }

    /// Sends SIGTERM and waits for the exit status.
    func stop() -> Int32? {
        process.signal(SIGTERM)
        exited = process.wait(timeout: .seconds(10))
        return exited
    }
}
