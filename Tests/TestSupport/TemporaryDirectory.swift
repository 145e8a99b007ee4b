#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under `$TMPDIR` (or `/tmp`), removed with everything in it when
/// ``remove()`` is called.
public struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates the directory; `prefix` helps tell test leftovers apart.
    public init(prefix: String = "incidentd-test") {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed: \(errno)")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path/relative`.
    public func appending(_ relative: String) -> String {
        path + "/" + relative
    }

    /// Removes the directory tree.
    public func remove() {
        _ = Shell.run(["/bin/rm", "-rf", path])
    }
}
