import IncidentCore

/// The settings a reload can change without restarting: rules, size limit, duplicate
/// window. The spool and the outputs stay as they were at start-up.
package struct Reloadable: Sendable {
    package var config: DaemonConfig
    package var rules: RuleLoader.Loaded

    /// Reads the configuration and the rules named by `options`.
    ///
    /// - Throws: ``StartupError`` saying which file is wrong and why.
    package static func load(_ options: DaemonOptions) throws(StartupError) -> Reloadable {
        let config: DaemonConfig
        do {
            config = try options.resolve()
        } catch {
            throw .config(error)
        }
        do {
            let rules = try RuleLoader.load(paths: options.rules, directories: config.ruleDirectories)
            return Reloadable(config: config, rules: rules)
        } catch {
            throw .rules(error)
        }
    }
}

/// Why the daemon could not start (or reload).
package enum StartupError: Error, Sendable, CustomStringConvertible {
    case config(ConfigError)
    case rules(RuleLoadError)
    case spool(path: String, SystemError)

    package var description: String {
        switch self {
        case .config(let error): error.description
        case .rules(let error): error.description
        case .spool(let path, let error): "\(path): cannot open the spool: \(error)"
        }
    }
}
