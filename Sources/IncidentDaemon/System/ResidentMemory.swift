import CLinux

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's resident set between files.
enum ResidentMemory {
    /// Gives back pages an idle daemon does not need: the program's code pages, which
    /// come back from the page cache when used (so start-up code such as argument
    /// parsing, YAML and the rule compiler leaves the resident set), and free heap pages.
    /// Breakpoints and uprobes set in the code go with the pages, so
    /// `INCIDENTD_KEEP_PAGES=1` in the environment turns this off for debugging and
    /// tracing. Returns the size of the code range released.
    @discardableResult
    static func releaseIdlePages() -> Int {
        if let keep = getenv("INCIDENTD_KEEP_PAGES"), keep.pointee != 0, String(cString: keep) != "0" { return 0 }
        return Int(incidentd_release_idle_pages())
    }
}
