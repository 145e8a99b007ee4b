import IncidentCore

extension DaemonConfig {
    /// The keys a configuration file may hold; anything else is an error, so a typo
    /// cannot silently leave a default in force.
    package static let keys = [
        "spool", "max_file_size", "rule_directories", "output", "journal", "dbus", "recent_alerts", "duplicate_window",
    ]

    /// Reads and validates the configuration file at `path`.
    ///
    /// - Throws: ``ConfigError`` listing every problem with `path:line:column`.
    package static func load(path: String) throws(ConfigError) -> DaemonConfig {
        let bytes: [UInt8]
        do {
            bytes = try Files.read(path, limit: 1 << 20)
        } catch {
            throw ConfigError("\(path): cannot read configuration: \(error)")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses configuration YAML; `path` is only used in messages.
    ///
    /// - Throws: ``ConfigError`` listing every problem with `path:line:column`.
    package static func parse(_ yaml: String, path: String) throws(ConfigError) -> DaemonConfig {
        let root: YAMLNode?
        do {
            root = try YAML.parse(yaml)
        } catch {
            throw ConfigError("\(path):\(error.line):\(error.column): invalid YAML: \(error.message)")
        }
        var config = DaemonConfig()
        guard let root else { return config }  // An empty file means all defaults.
        guard let mapping = root.mapping else {
            throw ConfigError("\(where_(path, root)) the configuration must be a mapping of keys to values")
        }
        var problems: [String] = []
        for entry in mapping {
            let key = entry.name, value = entry.value
            let at = where_(path, entry.key)
            switch key {
            case "spool":
                if let text = nonEmptyString(value) { config.spool = text } else {
                    problems.append("\(at) spool: expected a directory path")
                }
            case "max_file_size":
                if let size = value.scalar.flatMap(ByteSize.parse), size > 0 { config.maxFileSize = size } else {
                    problems.append("\(at) max_file_size: expected a size such as 1048576, 512KiB or 1MiB")
                }
            case "rule_directories":
                if let list = value.sequence?.map({ nonEmptyString($0) }), !list.contains(nil) {
                    config.ruleDirectories = list.compactMap { $0 }
                } else {
                    problems.append("\(at) rule_directories: expected a list of directory paths")
                }
            case "output":
                if let setting = value.scalar.flatMap(OutputSetting.init(rawValue:)) { config.output = setting } else {
                    problems.append("\(at) output: expected one of auto, text, json, off")
                }
            case "journal":
                if let setting = value.scalar.flatMap(JournalSetting.init(rawValue:)) { config.journal = setting } else {
                    problems.append("\(at) journal: expected one of auto, on, off")
                }
            case "dbus":
                if let text = nonEmptyString(value), BusSetting(text) != nil { config.dbus = text } else {
                    problems.append("\(at) dbus: \(BusSetting.expected)")
                }
            case "recent_alerts":
                if let count = value.scalar.flatMap({ Int($0) }), (0...100_000).contains(count) { config.recentAlerts = count } else {
                    problems.append("\(at) recent_alerts: expected a number of alerts from 0 to 100000")
                }
            case "duplicate_window":
                if let duration = value.scalar.flatMap(DurationText.parse) { config.duplicateWindow = duration } else {
                    problems.append("\(at) duplicate_window: expected a duration such as 0, 90s, 30m, 24h or 7d")
                }
            default:
                problems.append("\(at) unknown key '\(key)': known keys are \(keys.joined(separator: ", "))")
            }
        }
        if !problems.isEmpty { throw ConfigError(problems: problems) }
        return config
    }

    private static func nonEmptyString(_ node: YAMLNode) -> String? {
        guard let text = node.scalar, !text.isEmpty else { return nil }
        return text
    }

    // `where` is a keyword; the underscore keeps the call sites readable.
    private static func where_(_ path: String, _ node: YAMLNode) -> String {
        "\(path):\(node.line):\(node.column):"
    }
}
