#if canImport(Glibc)
import Glibc
#endif

/// A system call that failed: the C function's name and `errno`.
///
/// Equality compares the function and the errno.
package struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The C function that failed, e.g. `openat`.
    package let function: String
    /// The `errno` it left.
    package let errno: Int32

    package init(_ function: String, errno: Int32) {
        self.function = function
        self.errno = errno
    }

    package var description: String {
        "\(function): \(String(cString: strerror(errno)))"
    }
}

/// Runs a C call that returns -1 and sets `errno` on failure, retrying on `EINTR`.
///
/// - Parameters:
///   - function: The C function's name, for the error.
///   - body: The call.
/// - Returns: The call's non-negative result.
/// - Throws: ``SystemError`` with the call's `errno`.
@inline(__always)
package func valueOrErrno<T: FixedWidthInteger>(
    _ function: String, _ body: () -> T
) throws(SystemError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemError(function, errno: code)
    }
}
