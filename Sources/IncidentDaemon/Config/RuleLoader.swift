import IncidentCore

/// Finds, reads and compiles rule files.
///
/// Rule directories are layered like systemd's: `/usr/share/incidentd/rules.d` holds the
/// shipped rules and a file of the same name in `/etc/incidentd/rules.d` replaces one.
/// `--rules PATH` (a file or a directory, repeatable) replaces the directories. With no
/// rule file anywhere, the rules built into the binary are used.
package enum RuleLoader {
    /// A compiled rule set and where it came from.
    package struct Loaded: Sendable {
        package var rules: RuleSet
        /// The files read, or `built-in`.
        package var origin: [String]
    }

    /// Loads the rules named by `paths` when given, else from `directories`.
    ///
    /// - Throws: ``RuleLoadError`` when a named path is missing, a file cannot be read, or
    ///   the rules do not compile.
    package static func load(paths: [String], directories: [String]) throws(RuleLoadError) -> Loaded {
        let files = try paths.isEmpty ? layered(directories) : named(paths)
        if files.isEmpty {
            return Loaded(rules: RuleSet.builtin, origin: ["built-in"])
        }
        var sources: [RuleSource] = []
        for file in files {
            do {
                sources.append(RuleSource(path: file, text: String(decoding: try Files.read(file), as: UTF8.self)))
            } catch {
                throw RuleLoadError(description: "\(file): cannot read rule file: \(error)", problemCount: 1)
            }
        }
        do {
            return Loaded(rules: try RuleSet.load(sources), origin: files)
        } catch {
            throw RuleLoadError(description: error.description, problemCount: max(1, error.problems.count))
        }
    }

    /// Whether a directory entry is a rule file.
    package static func isRuleFile(_ name: String) -> Bool {
        !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml"))
    }

    /// Rule files from layered directories: by file name, the last directory wins;
    /// missing directories are skipped. Sorted by file name.
    static func layered(_ directories: [String]) throws(RuleLoadError) -> [String] {
        var byName: [String: String] = [:]
        for directory in directories where Files.kind(of: directory) == .directory {
            for name in try list(directory) { byName[name] = directory + "/" + name }
        }
        return byName.keys.sorted().map { byName[$0]! }
    }

    /// Rule files from explicitly named files and directories, which must exist.
    static func named(_ paths: [String]) throws(RuleLoadError) -> [String] {
        var files: [String] = []
        for path in paths {
            switch Files.kind(of: path) {
            case .file: files.append(path)
            case .directory:
                let found = try list(path).map { path + "/" + $0 }
                if found.isEmpty {
                    throw RuleLoadError(description: "\(path): no rule files (*.yaml) in this directory", problemCount: 1)
                }
                files += found
            case .missing:
                throw RuleLoadError(description: "\(path): no such rule file or directory", problemCount: 1)
            case .other:
                throw RuleLoadError(description: "\(path): not a rule file or directory", problemCount: 1)
            }
        }
        return files
    }

    private static func list(_ directory: String) throws(RuleLoadError) -> [String] {
        do {
            return try Files.list(directory).filter(isRuleFile)
        } catch {
            throw RuleLoadError(description: "\(directory): cannot list rule directory: \(error)", problemCount: 1)
        }
    }
}

/// Why rules could not be loaded, with every problem the compiler found.
package struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    /// Human-readable, possibly several lines (`file:line:column: …`).
    package var description: String
    package var problemCount: Int
}
