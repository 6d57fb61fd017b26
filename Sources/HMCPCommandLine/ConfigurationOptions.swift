import ArgumentParser
import Shared

/// Command-line options every hmcp program accepts: a `.env` path and `--set NAME=VALUE` overrides.
///
/// Flags win over the environment, which wins over the `.env` file. `--set` takes any `HMCP_*` name,
/// with or without the prefix: `--set port=9090` and `--set HMCP_PORT=9090` are the same.
public struct ConfigurationOptions: ParsableArguments, Sendable {
    /// The `.env` file to read (default: `HMCP_ENV_FILE`, then `.env` in the working directory).
    @Option(name: .customLong("env-file"), help: "The .env file to read (default: $HMCP_ENV_FILE or ./.env).")
    public var envFile: String?

    /// Raw overrides.
    @Option(name: .customLong("set"), help: ArgumentHelp("Override a variable, e.g. --set HMCP_PORT=9090.", valueName: "NAME=VALUE"))
    public var assignments: [String] = []

    /// Creates empty options (ArgumentParser fills them).
    public init() {}

    /// The overrides as `HMCP_*` names and values.
    public func overrides() throws -> [String: String] {
        var result: [String: String] = [:]
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--set expects NAME=VALUE, got \"\(assignment)\"")
            }
            var name = assignment[..<equals].uppercased().replacingOccurrences(of: "-", with: "_")
            if !name.hasPrefix("HMCP_") { name = "HMCP_" + name }
            guard ConfigurationVariables.named(name) != nil else {
                throw ValidationError("--set: \(name) is not an hmcp variable (see .env.example)")
            }
            result[name] = String(assignment[assignment.index(after: equals)...])
        }
        return result
    }

    /// Loads the configuration of `program` with these options applied; with `requiringAll` false,
    /// required variables may be missing (for commands that only read local files).
    public func load(for program: Program, requiringAll: Bool = true) throws -> Configuration {
        try Configuration.load(for: program, dotEnvPath: envFile, overrides: overrides(), requiringAll: requiringAll)
    }
}
