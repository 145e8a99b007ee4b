import CLinux

/// The daemon's resident set between files.
enum ResidentMemory {
    /// Gives back pages an idle daemon does not need: the program's code pages, which
    /// come back from the page cache when used (so start-up code such as argument
    /// parsing, YAML and the rule compiler leaves the resident set), and free heap pages.
    /// Returns the bytes of code given back.
    @discardableResult
    static func releaseIdlePages() -> Int {
        Int(incidentd_release_idle_pages())
    }
}
