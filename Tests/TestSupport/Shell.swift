#if canImport(Glibc)
import Glibc
#endif

/// Runs a command to completion and captures what it printed.
public enum Shell {
    /// What a finished command left.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `arguments` (the first is an absolute path or a name found in `$PATH`) with
    /// `environment` added to the current one, and waits for it.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
    ) -> Result {
        let out = TemporaryFile(), err = TemporaryFile()
        defer { out.remove(); err.remove() }
        var args = arguments
        if let directory { args = ["/usr/bin/env", "-C", directory] + args }
        let process = ChildProcess.spawn(args, environment: environment, stdout: out.path, stderr: err.path)
        let status = process.wait()
        return Result(status: status, stdout: FileHelpers.read(out.path) ?? "", stderr: FileHelpers.read(err.path) ?? "")
    }
}

/// A unique file path under /tmp for captured output.
public struct TemporaryFile: Sendable {
    public let path: String

    public init() {
        var template = Array("/tmp/incidentd-out.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(fd >= 0)
        close(fd)
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func remove() { unlink(path) }
}
