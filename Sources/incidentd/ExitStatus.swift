import ArgumentParser

/// The documented exit statuses (sysexits.h where one fits).
enum ExitStatus {
    /// `check`: a rule's examples did not behave as stated.
    static let ruleTestsFailed = ExitCode(1)
    /// EX_DATAERR: an input file could not be read or parsed.
    static let badInput = ExitCode(65)
    /// EX_CONFIG: the configuration or the rules are invalid.
    static let badConfig = ExitCode(78)
}
