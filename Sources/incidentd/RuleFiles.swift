import IncidentCore

import Foundation

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
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Unreadable(path: path, reason: "no such file or directory")
            }
            let files: [String]
            if isDirectory.boolValue {
                let names: [String]
                do {
                    names = try FileManager.default.contentsOfDirectory(atPath: path)
                } catch {
                    throw Unreadable(path: path, reason: "cannot list the directory")
                }
                files = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
                    .map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
            } else {
                files = [path]
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw Unreadable(path: file, reason: "cannot be read")
                }
                let name = String(file.split(separator: "/").last ?? Substring(file))
                byName[name] = RuleSource(path: file, text: String(decoding: data, as: UTF8.self))
            }
        }
        guard !byName.isEmpty else {
            throw Unreadable(path: paths.joined(separator: ", "), reason: "no rule files (*.yaml) found")
        }
        return byName.keys.sorted().compactMap { byName[$0] }
    }
}
