#if canImport(Glibc)
import Glibc
#endif

/// Writes one line to standard error, for commands that report per-file problems.
func printError(_ line: String) {
    var text = Array((line + "\n").utf8)
    var offset = 0
    while offset < text.count {
        let written = text.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
        if written <= 0 { return }
        offset += written
    }
}
