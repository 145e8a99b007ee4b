import IncidentCore
import IncidentDaemon

/// Reads rule files from paths given on the command line or in the configuration.
enum RuleFiles {
    struct Unreadable: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): \(reason)" }
    }

    /// The rule sources under `paths`: files as given, directories' `*.yaml` and
    /// `*.yml` files sorted by name. A later file with the same name as an earlier one
    /// replaces it (systemd-style precedence: /usr/share, then /etc).
    static func sources(_ paths: [String]) throws -> [RuleSource] {
        var byName: [String: RuleSource] = [:]
        for path in paths {
            let files: [String]
            switch Files.kind(of: path) {
            case .missing:
                throw Unreadable(path: path, reason: "no such file or directory")
            case .directory:
                let names: [String]
                do {
                    names = try Files.list(path)
                } catch {
                    throw Unreadable(path: path, reason: "cannot list the directory: \(error)")
                }
                files = names.filter(RuleLoader.isRuleFile).map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
            case .file, .other:
                files = [path]
            }
            for file in files {
                let bytes: [UInt8]
                do {
                    bytes = try Files.read(file)
                } catch {
                    throw Unreadable(path: file, reason: "cannot be read: \(error)")
                }
                let name = String(file.split(separator: "/").last ?? Substring(file))
                byName[name] = RuleSource(path: file, text: String(decoding: bytes, as: UTF8.self))
            }
        }
        guard !byName.isEmpty else {
            throw Unreadable(path: paths.joined(separator: ", "), reason: "no rule files (*.yaml) found")
        }
        return byName.keys.sorted().compactMap { byName[$0] }
    }
}
