import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A `dbus-daemon` on a private Unix socket, started by the test and stopped by its PID.
/// Session-style by default (everything allowed); with `systemPolicy` a system-style bus
/// whose default policy mirrors Debian's `system.conf`, plus the given policy file.
final class PrivateBus: @unchecked Sendable {
    // @unchecked: each bus belongs to one test, which drives it from one task.
    static let available = FileHelpers.exists("/usr/bin/dbus-daemon") && FileHelpers.exists("/usr/bin/busctl")

    let directory: String
    let socket: String
    var address: String { "unix:path=" + socket }
    private(set) var process: ChildProcess?
    private let config: String?

    /// - Parameters:
    ///   - directory: Where the socket (and config) go; must exist.
    ///   - systemPolicy: Contents of a policy file to include in a system-style bus.
    init(directory: String, systemPolicy: String? = nil) {
        self.directory = directory
        socket = directory + "/bus.sock"
        if let systemPolicy {
            let policy = directory + "/policy.conf"
            FileHelpers.write(systemPolicy, to: policy)
            let file = directory + "/system-bus.conf"
            FileHelpers.write(Self.systemConfig(socket: socket, include: policy), to: file)
            config = file
        } else {
            config = nil
        }
    }

    deinit { stop() }

    /// Starts the bus and waits until it accepts connections.
    /// - Returns: Whether it came up within 5 s.
    @discardableResult
    func start() -> Bool {
        let arguments =
            config.map { ["/usr/bin/dbus-daemon", "--config-file=\($0)", "--nofork", "--print-address=1"] }
            ?? ["/usr/bin/dbus-daemon", "--session", "--nofork", "--print-address=1", "--address=\(address)"]
        let output = directory + "/dbus-daemon.out"
        process = ChildProcess.spawn(arguments, stdout: output, stderr: directory + "/dbus-daemon.err")
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if (FileHelpers.read(output) ?? "").contains("unix:") { return true }
            usleep(10_000)
        }
        return false
    }

    /// Kills the bus by its PID, as a crash would (SIGKILL), and removes its socket.
    func stop() {
        guard let process else { return }
        self.process = nil
        process.signal(SIGKILL)
        process.wait()
        unlink(socket)
    }

    /// `busctl --address=… ARGS`, as root or (with `user`) as that uid via setpriv.
    func busctl(_ arguments: [String], user: UInt32? = nil) -> Shell.Result {
        var command = ["/usr/bin/busctl", "--address=\(address)", "--no-pager"] + arguments
        if let user {
            command = ["/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(user)", "--clear-groups"] + command
        }
        return Shell.run(command)
    }

    /// `busctl call` on the daemon's object.
    func call(_ method: String, _ arguments: [String] = [], user: UInt32? = nil, json: Bool = false) -> Shell.Result {
        busctl(
            (json ? ["--json=short"] : []) + ["call", "org.incidentd.Incidentd1", "/org/incidentd/Incidentd1", "org.incidentd.Incidentd1", method]
                + arguments, user: user)
    }

    /// Polls until the daemon's name answers `GetStatus` on this bus.
    func waitForDaemon(timeout: Duration = .seconds(10)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        repeat {
            if call("GetStatus").status == 0 { return true }
            usleep(50_000)
        } while ContinuousClock.now < deadline
        return false
    }

    /// A system-style bus: Debian's system.conf defaults (deny own and method calls unless
    /// a policy allows them; signals and replies flow), listening on `socket`.
    static func systemConfig(socket: String, include: String) -> String {
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>system</type>
          <listen>unix:path=\(socket)</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <deny own="*"/>
            <deny send_type="method_call"/>
            <allow send_type="signal"/>
            <allow send_requested_reply="true" send_type="method_return"/>
            <allow send_requested_reply="true" send_type="error"/>
            <allow receive_type="method_call"/>
            <allow receive_type="method_return"/>
            <allow receive_type="error"/>
            <allow receive_type="signal"/>
            <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
            <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
            <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
            <deny send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus" send_member="UpdateActivationEnvironment"/>
            <deny send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Debug.Stats"/>
            <deny send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.systemd1.Activator"/>
          </policy>
          <policy user="root">
            <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.systemd1.Activator"/>
          </policy>
          <include>\(include)</include>
        </busconfig>
        """
    }
}
