/// The daemon's settings, as read from `incidentd.yaml` (every key optional there).
///
/// The defaults here are the ones `config/incidentd.yaml` documents.
package struct DaemonConfig: Sendable, Equatable {
    /// Where the configuration is read from when `--config` is not given.
    package static let defaultPath = "/etc/incidentd/incidentd.yaml"
    /// Shipped rules first, local overrides second (same file name replaces).
    package static let defaultRuleDirectories = ["/usr/share/incidentd/rules.d", "/etc/incidentd/rules.d"]

    /// The spool root holding `tmp/`, `incoming/`, `processed/`, `failed/`.
    package var spool = "/var/spool/incidentd"
    /// Larger files go to `failed/` unread.
    package var maxFileSize = 1 << 20
    /// Rule directories, in precedence order (a later one's file replaces an earlier
    /// one's of the same name).
    package var ruleDirectories = DaemonConfig.defaultRuleDirectories
    package var output = OutputSetting.auto
    package var journal = JournalSetting.auto
    /// The D-Bus bus for alert signals: `auto` (the system bus when run as a systemd
    /// service, else off), `system`, `session`, `off` or an address; see ``BusSetting``.
    package var dbus = "auto"
    /// How many alert records D-Bus `RecentAlerts` can return (an in-memory ring).
    package var recentAlerts = 100
    /// How long identical content is recognised as a duplicate; zero turns it off.
    package var duplicateWindow = Duration.seconds(24 * 3600)

    package init() {}
}
