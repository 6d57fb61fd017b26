import MCP

/// One MCP tool as data: its public contract (name, title, description for the model, schemas,
/// annotations) and the handler that runs it. Families of tools live one file each and are collected
/// into the ``ToolTable``.
public struct ToolDefinition: Sendable {
    /// `[A-Za-z0-9_.-]`, at most 128 characters, unique in the table.
    public let name: String
    /// Display name.
    public let title: String
    /// What the tool does and when to use it, written for a language model.
    public let description: String
    /// JSON Schema of the arguments (an object with `additionalProperties: false`).
    public let inputSchema: Value
    /// JSON Schema of `structuredContent` on success.
    public let outputSchema: Value
    /// Behaviour hints: read-only, destructive, idempotent, open world.
    public let annotations: Tool.Annotations
    /// Runs the tool.
    public let handler: @Sendable (ToolArguments, ToolContext) async throws -> Value

    /// Defines a tool.
    public init(
        name: String, title: String, description: String, inputSchema: Value, outputSchema: Value,
        annotations: Tool.Annotations, handler: @escaping @Sendable (ToolArguments, ToolContext) async throws -> Value
    ) {
        precondition(ToolDefinition.isValidName(name), "invalid tool name \(name)")
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.annotations = annotations
        self.handler = handler
    }

    /// Whether the tool only reads.
    public var isReadOnly: Bool { annotations.readOnlyHint == true }

    /// The SDK's `Tool`, as `tools/list` returns it.
    public var tool: Tool {
        Tool(
            name: name, title: title, description: description, inputSchema: inputSchema, annotations: annotations,
            outputSchema: outputSchema)
    }

    /// MCP's tool-name rule (2025-11-25).
    static func isValidName(_ name: String) -> Bool {
        (1...128).contains(name.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
    }
}

/// A tool failure the model can act on: returned as `isError: true` with `message` as its text.
public struct ToolFailure: Error, Sendable {
    /// What went wrong and what to try instead.
    public let message: String

    /// A failure with `message`.
    public init(_ message: String) { self.message = message }
}
