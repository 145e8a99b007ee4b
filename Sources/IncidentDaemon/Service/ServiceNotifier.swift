import Systemd

/// What the daemon tells its service manager; systemd's ``Notifier`` in production,
/// a recorder in tests.
package protocol ServiceNotifier: Sendable {
    func ready(status: String?)
    func status(_ text: String)
    func watchdog()
    func reloading()
    func stopping()
}

extension Notifier: ServiceNotifier {}
