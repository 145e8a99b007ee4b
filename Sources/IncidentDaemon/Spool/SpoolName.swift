import IncidentCore

/// The naming rules of the spool: which names are ignored, and how a name is varied so
/// that a move never overwrites an existing file.
package enum SpoolName {
    /// Whether a file in `incoming/` is left alone: dot-files (editors, rsync, `submit`'s
    /// own temporaries) and names ending in `.tmp`, `.part` or `~` are writes in progress.
    package static func isIgnored(_ name: String) -> Bool {
        name.isEmpty || name.hasPrefix(".") || name.hasSuffix(".tmp") || name.hasSuffix(".part")
            || name.hasSuffix("~") || name.contains("/")
    }

    /// The longest name a Linux file system takes, in bytes (`NAME_MAX`).
    package static let maxBytes = 255
    /// What marks the file that says why a report failed.
    package static let errorSuffix = ".error"

    /// The `attempt`-th candidate for `name` in a directory that may already hold it:
    /// `report.txt`, then `report.1.txt`, `report.2.txt`…; the extension is kept so the
    /// format stays recognisable. The stem is shortened when the result would be longer
    /// than `maxBytes` on disk, so a 255-byte name can still be varied (or get `.error`).
    package static func candidate(_ name: String, attempt: Int, maxBytes: Int = maxBytes) -> String {
        // The common case, as cheap as before: a name never takes more bytes on disk than
        // its UTF-8 (a RawName byte is one byte on disk, four in UTF-8).
        if attempt == 0 && name.utf8.count <= maxBytes { return name }
        var stem = Substring(name)
        var ext = Substring("")
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            stem = name[..<dot]
            ext = name[dot...]
        }
        let number = attempt > 0 ? ".\(attempt)" : ""
        var result = "\(stem)\(number)\(ext)"
        guard RawName.byteCount(result) > maxBytes else { return result }
        // Drop scalars from the end of the stem (from the end of the whole name when the
        // extension alone is too long) until it fits.
        var stemScalars = Array(stem.unicodeScalars)
        var tail = Array((number + ext).unicodeScalars)
        func bytes() -> Int { RawName.byteCount(String(String.UnicodeScalarView(stemScalars + tail))) }
        while bytes() > maxBytes {
            if stemScalars.count > 1 {
                stemScalars.removeLast()
            } else {
                tail.removeLast()
            }
        }
        result = String(String.UnicodeScalarView(stemScalars + tail))
        return result
    }

    /// The name of the file that says why `name` failed. Failed names are chosen at most
    /// `maxBytes - errorSuffix` bytes long (``Spool/moveToFailed(_:reason:)``), so it fits.
    package static func errorFile(for name: String) -> String {
        name + errorSuffix
    }
}
