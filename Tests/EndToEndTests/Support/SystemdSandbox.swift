import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A real systemd booted as PID 1 in new namespaces on a tmpfs overlay of `/`
/// (`scripts/systemd-sandbox`, after `notes/systemd-sandbox.md`). Nothing it writes reaches
/// the machine: the overlay's upper layer, `/run` and `/tmp` are tmpfs in its own mount
/// namespace. Stopped by killing its PID 1 (by PID) in ``tearDown()``.
final class SystemdSandbox: @unchecked Sendable {
    // @unchecked: each sandbox belongs to one test, which drives it from one task.
    static let script = Binary.repository + "/scripts/systemd-sandbox"

    /// Why no sandbox can be booted here (not root, no overlay, no cgroup2, no systemd…),
    /// or `nil` when it can. Printed loudly when set, so a skip is never mistaken for a pass.
    static let unavailableReason: String? = {
        let reason: String?
        if !FileHelpers.exists(script) {
            reason = "\(script) is missing"
        } else {
            let check = Shell.run([script, "check"])
            reason = check.status == 0 ? nil : (check.stdout + check.stderr).trimmingNewlines()
        }
        if let reason {
            print("""
                *** SKIPPING the systemd sandbox test: \(reason).
                *** The unit is NOT tested under a real systemd here; run `swift test` as root to test it.
                """)
        }
        return reason
    }()

    let state = TemporaryDirectory(prefix: "incidentd-sandbox")
    private var booted = false
    private var tornDown = false

    /// Boots the sandbox and waits (at most ~40 s, bounded by the script) until
    /// `systemctl is-system-running` says running or degraded.
    /// - Returns: The system state, or the script's error.
    func boot() -> Result<String, SandboxError> {
        let result = Shell.run([Self.script, "up", state.path])
        booted = true
        guard result.status == 0 else { return .failure(SandboxError(text: result.stderr + result.stdout)) }
        return .success(result.stdout.trimmingNewlines())
    }

    /// The sandbox's `/`, seen from outside (`/proc/PID1/root`).
    var root: String {
        "/proc/" + (FileHelpers.read(state.path + "/pid1") ?? "").trimmingNewlines() + "/root"
    }

    /// Runs a command inside the sandbox, killed after `timeout` seconds.
    @discardableResult
    func run(_ arguments: [String], timeout: Int = 20) -> Shell.Result {
        Shell.run([Self.script, "exec", state.path] + arguments, environment: ["SANDBOX_TIMEOUT": String(timeout)])
    }

    /// `systemctl show -p NAME --value UNIT` for each name.
    func show(_ unit: String, _ properties: [String]) -> [String: String] {
        let result = run(["systemctl", "show", unit, "--no-pager"] + properties.flatMap { ["-p", $0] })
        var values: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return values
    }

    /// The journal entries of `unit` (`journalctl -u UNIT -o json`), polled every 100 ms
    /// until `done` holds or `timeout` passes.
    func journal(
        unit: String, timeout: Duration = .seconds(5), until done: ([[String: String]]) -> Bool = { _ in true }
    ) -> [[String: String]] {
        let deadline = ContinuousClock.now + timeout
        var entries: [[String: String]] = []
        repeat {
            let result = run(["journalctl", "-u", unit, "-o", "json", "--no-pager"])
            entries = result.stdout.split(separator: "\n").compactMap { JSONLine.fields(String($0)) }
            if done(entries) { return entries }
            usleep(100_000)
        } while ContinuousClock.now < deadline
        return entries
    }

    /// Polls `condition` every 20 ms until it holds or `timeout` passes.
    @discardableResult
    func wait(timeout: Duration = .seconds(5), until condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Kills the sandbox's PID 1 (everything in it goes with it), removes its cgroups and
    /// the state directory. Safe to call twice; also called on deinit.
    func tearDown() {
        guard booted, !tornDown else { return }
        tornDown = true
        let result = Shell.run([Self.script, "down", state.path])
        if result.status != 0 {
            print("*** systemd sandbox teardown failed: \(result.stderr)")
        }
        state.remove()
    }

    deinit { tearDown() }
}

struct SandboxError: Error, CustomStringConvertible {
    var text: String
    var description: String { text }
}

extension String {
    fileprivate func trimmingNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline || last == " " { text = text.dropLast() }
        return String(text)
    }
}
