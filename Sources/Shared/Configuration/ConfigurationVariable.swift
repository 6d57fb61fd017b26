/// The programs that read hmcp's configuration; a variable can be required by some and optional for others.
public enum Program: String, Sendable, CaseIterable {
    /// `hmcp-serve`, the MCP query server.
    case serve = "hmcp-serve"
    /// `hmcp-index`, the batch indexer (also its webhook listener).
    case index = "hmcp-index"
}

/// One `HMCP_*` setting: its name, what it means, its default and who needs it.
public struct ConfigurationVariable: Sendable, Hashable {
    /// The environment variable name, e.g. `HMCP_PORT`.
    public let name: String
    /// One line for `.env.example` and `--help`.
    public let summary: String
    /// The value used when nothing sets it; `nil` means unset.
    public let defaultValue: String?
    /// Programs that refuse to start without it.
    public let requiredBy: Set<Program>
    /// A secret is never printed, logged or echoed in an error message.
    public let isSecret: Bool

    /// The default as a `T`, for the settings types that start from this table's defaults (so each
    /// default is written once). A variable without a default of that type is a programming error.
    public func defaultValue<T: LosslessStringConvertible>(as type: T.Type) -> T {
        guard let value = defaultValue.flatMap(T.init) else { preconditionFailure("\(name) has no \(T.self) default") }
        return value
    }

    /// The command-line flag that sets this variable: `HMCP_HALO_URL` → `--halo-url`.
    public var flag: String {
        "--" + name.dropFirst("HMCP_".count).lowercased().replacingOccurrences(of: "_", with: "-")
    }

    init(
        _ name: String, _ summary: String, default defaultValue: String? = nil,
        requiredBy: Set<Program> = [], secret: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.defaultValue = defaultValue
        self.requiredBy = requiredBy
        self.isSecret = secret
    }
}
