/// What the command line says, overriding the configuration file.
package struct DaemonOptions: Sendable, Equatable {
    /// `--config FILE`; `nil` reads ``DaemonConfig/defaultPath`` if it exists.
    package var configPath: String?
    package var spool: String?
    /// `--rules PATH`, repeatable; replaces the rule directories when given.
    package var rules: [String] = []
    package var output: OutputSetting?
    package var journal: JournalSetting?
    package var dbus: String?

    package init(
        configPath: String? = nil, spool: String? = nil, rules: [String] = [],
        output: OutputSetting? = nil, journal: JournalSetting? = nil, dbus: String? = nil
    ) {
        self.configPath = configPath
        self.spool = spool
        self.rules = rules
        self.output = output
        self.journal = journal
        self.dbus = dbus
    }

    /// The configuration file's settings with these options applied on top.
    ///
    /// - Throws: ``ConfigError`` when the file named by `--config` is missing or invalid,
    ///   or the default file exists and is invalid.
    package func resolve() throws(ConfigError) -> DaemonConfig {
        var config: DaemonConfig
        if let configPath {
            config = try DaemonConfig.load(path: configPath)
        } else if Files.kind(of: DaemonConfig.defaultPath) != .missing {
            config = try DaemonConfig.load(path: DaemonConfig.defaultPath)
        } else {
            config = DaemonConfig()
        }
        if let spool { config.spool = spool }
        if let output { config.output = output }
        if let journal { config.journal = journal }
        if let dbus { config.dbus = dbus }
        return config
    }
}
