/// Why a configuration file was rejected: every problem found, each starting with
/// `file:line:column:` where the YAML says where.
package struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One line per problem.
    package var problems: [String]

    package init(problems: [String]) {
        self.problems = problems
    }

    package init(_ problem: String) {
        self.problems = [problem]
    }

    package var description: String { problems.joined(separator: "\n") }
}
