import Foundation

/// Per-request narrowing of the server's ``ToolPolicy`` through the `X-MCP-Readonly` and `X-MCP-Tools`
/// headers. A request can only take tools away: read-only stays read-only and allowlists intersect.
extension ToolPolicy {
    /// The header that asks for read-only tools (`true`, `1` or `yes`).
    static let readOnlyHeader = "x-mcp-readonly"
    /// The header naming the only tools wanted, comma-separated.
    static let toolsHeader = "x-mcp-tools"

    /// What a request's headers (lowercased names) ask for; no headers ask for nothing.
    static func requested(by headers: [String: String]) -> ToolPolicy {
        let readOnly = headers[readOnlyHeader].map { ["true", "1", "yes"].contains($0.trimmingCharacters(in: .whitespaces).lowercased()) } ?? false
        let names = headers[toolsHeader].map { value in
            Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        return ToolPolicy(readOnly: readOnly, allowlist: names.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// This policy with `request`'s narrowing applied; never offers a tool this policy hides.
    func narrowed(by request: ToolPolicy) -> ToolPolicy {
        let allowlist: Set<String>? =
            switch (allowlist, request.allowlist) {
            case (nil, nil): nil
            case (let own?, nil): own
            case (nil, let asked?): asked
            case (let own?, let asked?): own.intersection(asked)
            }
        return ToolPolicy(readOnly: readOnly || request.readOnly, allowlist: allowlist)
    }
}
