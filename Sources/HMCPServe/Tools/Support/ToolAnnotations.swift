import MCP

extension Tool.Annotations {
    /// The hints of a tool that only reads HaloPSA: read-only, not destructive, idempotent, closed world.
    static func readOnly(_ title: String) -> Tool.Annotations {
        .init(title: title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false)
    }
}
