/// Every tool the server has, in the order `tools/list` shows them.
public struct ToolTable: Sendable {
    /// The tools, names unique.
    public let tools: [ToolDefinition]

    /// A table of `tools`; names must be unique.
    public init(_ tools: [ToolDefinition]) {
        precondition(Set(tools.map(\.name)).count == tools.count, "tool names must be unique")
        self.tools = tools
    }

    /// The tools hmcp serves: one family file each; reading tools are listed before writing ones.
    public static let standard = ToolTable(
        readingFirst: [
            AgentTools.all, TicketTools.all, ActionTools.all, WorkflowTools.all, ReferenceTools.all, ClientTools.all,
            AssetTools.all, SearchTools.all,
        ].flatMap { $0 })

    /// A table of `tools` with the read-only ones first, each group keeping its order.
    init(readingFirst tools: [ToolDefinition]) {
        self.init(tools.filter(\.isReadOnly) + tools.filter { !$0.isReadOnly })
    }

    /// This table without the tools named in `names`, order kept.
    public func excluding(_ names: Set<String>) -> ToolTable {
        ToolTable(tools.filter { !names.contains($0.name) })
    }

    /// The tool called `name`.
    public func tool(named name: String) -> ToolDefinition? { tools.first { $0.name == name } }
}

/// Which tools a server (or a request) offers: read-only mode hides every tool that writes, an
/// allowlist hides every tool it does not name.
public struct ToolPolicy: Sendable, Equatable {
    /// Hide tools that are not read-only.
    public var readOnly: Bool
    /// Offer only these tools, when set.
    public var allowlist: Set<String>?

    /// A policy; the default offers everything.
    public init(readOnly: Bool = false, allowlist: Set<String>? = nil) {
        self.readOnly = readOnly
        self.allowlist = allowlist
    }

    /// Whether `tool` is offered.
    public func permits(_ tool: ToolDefinition) -> Bool {
        (!readOnly || tool.isReadOnly) && (allowlist?.contains(tool.name) ?? true)
    }
}
