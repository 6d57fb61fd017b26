import Foundation

/// The merged raw `HMCP_*` values, with typed readers that fail with one line naming the variable.
///
/// Precedence, highest first: command-line flags, the process environment, the `.env` file, defaults.
/// An empty value counts as unset.
public struct ConfigurationValues: Sendable {
    private let values: [String: String]

    /// `HMCP_*` names that were set but that hmcp does not know (likely typos).
    public let unknownNames: [String]

    /// Merges the three sources; only `HMCP_*` names are kept from the environment and the file.
    public init(environment: [String: String], dotEnv: [String: String] = [:], overrides: [String: String] = [:]) {
        var merged: [String: String] = [:]
        for source in [dotEnv, environment, overrides] {
            for (name, value) in source where name.hasPrefix("HMCP_") {
                merged[name] = value
            }
        }
        values = merged
        unknownNames = merged.keys.filter { ConfigurationVariables.named($0) == nil && $0 != "HMCP_ENV_FILE" }.sorted()
    }

    /// The value of `variable` (or its default), `nil` when unset or empty.
    public func string(_ variable: ConfigurationVariable) -> String? {
        if let value = values[variable.name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        return variable.defaultValue
    }

    /// The value of `variable` exactly as set, spaces kept (a prefix such as `query: ` ends in one),
    /// `nil` when unset or empty. Variables read this way have no default.
    public func verbatim(_ variable: ConfigurationVariable) -> String? {
        guard let value = values[variable.name], !value.isEmpty else { return nil }
        return value
    }

    /// Whether the variable was set explicitly (not by its default).
    public func isSet(_ variable: ConfigurationVariable) -> Bool {
        !(values[variable.name]?.trimmingCharacters(in: .whitespaces).isEmpty ?? true)
    }

    /// The value, or an error saying that `program` needs it.
    public func required(_ variable: ConfigurationVariable, by program: Program) throws -> String {
        guard let value = string(variable) else {
            throw ConfigurationError(variable: variable.name, problem: "is required by \(program.rawValue) (\(variable.summary))")
        }
        return value
    }

    /// A whole number within `range`.
    public func integer(_ variable: ConfigurationVariable, in range: ClosedRange<Int>) throws -> Int {
        guard let text = string(variable) else {
            throw ConfigurationError(variable: variable.name, problem: "is required")
        }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError(
                variable: variable.name,
                problem: "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(shown(text, of: variable))")
        }
        return number
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
    public func boolean(_ variable: ConfigurationVariable) throws -> Bool {
        switch string(variable)?.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off", nil: return false
        case let other?:
            throw ConfigurationError(variable: variable.name, problem: "expected true or false, got \(shown(other, of: variable))")
        }
    }

    /// An absolute http(s) URL without a trailing slash, or `nil` when unset.
    public func url(_ variable: ConfigurationVariable) throws -> String? {
        guard let text = string(variable) else { return nil }
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw ConfigurationError(
                variable: variable.name, problem: "expected an http(s) URL such as https://host.example.com, got \(shown(text, of: variable))")
        }
        var normalized = text
        while normalized.hasSuffix("/") { normalized.removeLast() }
        return normalized
    }

    /// A comma-separated list, trimmed, without empty items.
    public func list(_ variable: ConfigurationVariable) -> [String] {
        (string(variable) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// One of `choices` (case-insensitive), returned lowercased.
    public func choice(_ variable: ConfigurationVariable, from choices: [String]) throws -> String {
        let value = (string(variable) ?? "").lowercased()
        guard choices.contains(value) else {
            throw ConfigurationError(
                variable: variable.name, problem: "expected one of \(choices.joined(separator: ", ")), got \(shown(value, of: variable))")
        }
        return value
    }

    private func shown(_ value: String, of variable: ConfigurationVariable) -> String {
        variable.isSecret ? "a value that is not shown" : "\"\(value)\""
    }
}
