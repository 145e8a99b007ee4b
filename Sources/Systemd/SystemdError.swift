#if canImport(Glibc)
import Glibc
#endif

/// A libsystemd call that failed, with the function's name and the errno it returned.
///
/// Equality compares the function and the errno only.
public struct SystemdError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The C function that failed, e.g. `sd_journal_sendv`.
    public let function: String
    /// The positive errno value (libsystemd returns it negated).
    public let errno: Int32

    /// Makes an error from a libsystemd return value.
    ///
    /// - Parameters:
    ///   - function: The C function's name.
    ///   - result: The negative errno it returned.
    public init(function: String, result: Int32) {
        self.function = function
        self.errno = result < 0 ? -result : result
    }

    public var description: String {
        "\(function): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
