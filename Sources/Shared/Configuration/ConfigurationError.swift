/// A configuration problem, reported as one line that names the variable (never its value if it is secret).
public struct ConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The variable (or `.env` line) at fault.
    public let variable: String
    /// What is wrong and what is expected.
    public let problem: String

    /// Creates an error for `variable`.
    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    /// `HMCP_PORT: expected a whole number from 1 to 65535, got "http"`.
    public var description: String { "\(variable): \(problem)" }
}
