/// The naming rules of the spool: which names are ignored, and how a name is varied so
/// that a move never overwrites an existing file.
package enum SpoolName {
    /// Whether a file in `incoming/` is left alone: dot-files (editors, rsync, `submit`'s
    /// own temporaries) and names ending in `.tmp`, `.part` or `~` are writes in progress.
    package static func isIgnored(_ name: String) -> Bool {
        name.isEmpty || name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part")
            || name.hasSuffix("~") || name.contains("/")
    }

    /// The `attempt`-th candidate for `name` in a directory that may already hold it:
    /// `report.txt`, then `report.1.txt`, `report.2.txt`…; the extension is kept so the
    /// format stays recognisable.
    package static func candidate(_ name: String, attempt: Int) -> String {
        guard attempt > 0 else { return name }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return "\(name[..<dot]).\(attempt)\(name[dot...])"
        }
        return "\(name).\(attempt)"
    }

    /// The name of the file that says why `name` failed.
    package static func errorFile(for name: String) -> String {
        name + ".error"
    }
}
