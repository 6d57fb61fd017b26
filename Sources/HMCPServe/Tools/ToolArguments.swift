import MCP

/// A tool call's arguments (already checked against the input schema), with typed readers.
public struct ToolArguments: Sendable {
    /// The raw arguments.
    public let values: [String: Value]

    /// Wraps the arguments of a call (`nil` means none).
    public init(_ values: [String: Value]?) { self.values = values ?? [:] }

    /// A string argument, if given.
    public func string(_ name: String) -> String? { values[name]?.stringValue }

    /// An integer argument, if given (a double is accepted too when it is exactly an `Int`).
    public func integer(_ name: String) -> Int? {
        if let value = values[name]?.intValue { return value }
        return values[name]?.doubleValue.flatMap { Int(exactly: $0) }
    }

    /// A boolean argument, if given.
    public func bool(_ name: String) -> Bool? { values[name]?.boolValue }
}

extension ToolArguments {
    /// A required integer argument (the input schema already demands it).
    /// - Throws: ``ToolFailure`` when it is missing.
    func requiredInteger(_ name: String) throws -> Int {
        guard let value = integer(name) else { throw ToolFailure("\(name) is required and must be an integer.") }
        return value
    }

    /// A required string argument (the input schema already demands it).
    /// - Throws: ``ToolFailure`` when it is missing.
    func requiredString(_ name: String) throws -> String {
        guard let value = string(name) else { throw ToolFailure("\(name) is required and must be a string.") }
        return value
    }

    /// A number argument, if given (integers are accepted too).
    func number(_ name: String) -> Double? {
        values[name]?.doubleValue ?? values[name]?.intValue.map(Double.init)
    }
}
