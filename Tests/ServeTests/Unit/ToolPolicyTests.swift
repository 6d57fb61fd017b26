@testable import HMCPServe
import Testing

/// `X-MCP-Readonly` and `X-MCP-Tools` narrow the server's policy and never widen it.
@Suite struct ToolPolicyTests {
    let table = ToolTable.standard

    func offered(_ server: ToolPolicy, _ headers: [String: String]) -> Set<String> {
        let effective = server.narrowed(by: .requested(by: headers))
        return Set(table.tools.filter(effective.permits).map(\.name))
    }

    var readingTools: Set<String> { Set(table.tools.filter(\.isReadOnly).map(\.name)) }

    @Test func headersAreRead() {
        #expect(ToolPolicy.requested(by: [:]) == ToolPolicy())
        #expect(ToolPolicy.requested(by: ["x-mcp-readonly": " TRUE "]).readOnly)
        #expect(ToolPolicy.requested(by: ["x-mcp-readonly": "1"]).readOnly)
        #expect(!ToolPolicy.requested(by: ["x-mcp-readonly": "false"]).readOnly)
        #expect(ToolPolicy.requested(by: ["x-mcp-tools": "get_me, get_ticket,,"]).allowlist == ["get_me", "get_ticket"])
        #expect(ToolPolicy.requested(by: ["x-mcp-tools": " , "]).allowlist == nil)
    }

    @Test func aReadOnlyHeaderHidesEveryWritingTool() {
        #expect(offered(ToolPolicy(), ["x-mcp-readonly": "true"]) == readingTools)
    }

    @Test func aToolsHeaderIsAnAllowlist() {
        #expect(offered(ToolPolicy(), ["x-mcp-tools": "get_me,create_ticket,no_such_tool"]) == ["get_me", "create_ticket"])
        #expect(offered(ToolPolicy(), ["x-mcp-tools": "get_me,create_ticket", "x-mcp-readonly": "true"]) == ["get_me"])
    }

    @Test func headersNeverWidenTheServersPolicy() {
        let readOnlyServer = ToolPolicy(readOnly: true)
        #expect(offered(readOnlyServer, ["x-mcp-readonly": "false"]) == readingTools)
        #expect(offered(readOnlyServer, ["x-mcp-tools": "create_ticket,get_me"]) == ["get_me"])
        let allowlisted = ToolPolicy(allowlist: ["get_me", "get_ticket"])
        #expect(offered(allowlisted, ["x-mcp-tools": "get_ticket,update_ticket"]) == ["get_ticket"])
        #expect(offered(allowlisted, ["x-mcp-tools": "update_ticket"]).isEmpty)
        #expect(offered(allowlisted, [:]) == ["get_me", "get_ticket"])
    }

    @Test func narrowingTwiceKeepsBoth() {
        let opening = ToolPolicy.requested(by: ["x-mcp-readonly": "true"])
        let message = ToolPolicy.requested(by: ["x-mcp-tools": "get_me,create_ticket"])
        let effective = ToolPolicy().narrowed(by: opening.narrowed(by: message))
        #expect(Set(table.tools.filter(effective.permits).map(\.name)) == ["get_me"])
    }
}
