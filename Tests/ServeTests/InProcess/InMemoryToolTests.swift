import Foundation
@testable import HMCPServe
import HMCPTesting
import MCP
import Shared
import Testing

/// The tools as an MCP client sees them, through the SDK's in-memory transport (no HTTP): the same
/// ``MCPCore`` the HTTP sessions use, calling a scripted HaloPSA as the signed-in agent.
@Suite("Tools over the in-memory transport", .timeLimit(.minutes(1)))
struct InMemoryToolTests {
    private static let agent = { var agent = Agent(id: 11); agent.name = "Grace"; return agent }()

    /// Connects an SDK client to a session's SDK server whose every request comes from `agent`,
    /// narrowed by `narrowing`, and runs `body` with it.
    private func withClient(
        narrowing: ToolPolicy = ToolPolicy(), prepare: (ScriptedHalo) -> Void = { _ in },
        _ body: (MCP.Client, ScriptedHalo) async throws -> Void
    ) async throws {
        try await withInProcessServer { server in
            prepare(server.halo)
            let grant = try await server.grant(for: Self.agent)
            let logger = server.server.application.logger
            let core = MCPCore(
                dispatcher: ToolDispatcher(
                    table: ToolTable.standard.excluding(SearchTools.names), policy: ToolPolicy(), logger: logger),
                halo: server.halo, grants: server.grants, search: nil, logger: logger)
            let scope = RequestScope(
                caller: AuthenticatedCaller(grantID: grant.id, agentID: grant.agentID, clientID: grant.clientID, scope: grant.scope),
                narrowing: narrowing, notify: { _ in })
            let mcpServer = await core.makeServer { scope }
            let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
            try await mcpServer.start(transport: serverTransport)
            let client = MCP.Client(name: "in-memory-test", version: "1")
            do {
                _ = try await client.connect(transport: clientTransport)
                try await body(client, server.halo)
            } catch {
                await client.disconnect()
                await mcpServer.stop()
                throw error
            }
            await client.disconnect()
            await mcpServer.stop()
        }
    }

    @Test func theListedToolsAreTheTableLessSearchAndReadOnlyNarrowingHidesWriters() async throws {
        let expected = ToolTable.standard.excluding(SearchTools.names)
        try await withClient { client, _ in
            let names = Set(try await client.listTools().tools.map(\.name))
            #expect(names == Set(expected.tools.map(\.name)))
        }
        try await withClient(narrowing: ToolPolicy(readOnly: true)) { client, _ in
            let names = Set(try await client.listTools().tools.map(\.name))
            #expect(names == Set(expected.tools.filter(\.isReadOnly).map(\.name)))
            #expect(!names.contains("create_ticket"))
        }
    }

    @Test func listTicketsShowsOnlyWhatTheAgentMaySee() async throws {
        try await withClient(prepare: { halo in
            for id in 1...5 {
                var ticket = Ticket(id: id)
                ticket.summary = "Ticket number \(id)"
                halo.addTicket(ticket, visibleTo: id.isMultiple(of: 2) ? [Self.agent.id] : [42])
            }
        }) { client, halo in
            let before = halo.calls
            let (content, isError) = try await client.callTool(name: "list_tickets", arguments: [:])
            #expect(isError != true)
            let text = content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined()
            #expect(text.contains("Ticket number 2") && text.contains("Ticket number 4"))
            #expect(!text.contains("Ticket number 1") && !text.contains("Ticket number 3") && !text.contains("Ticket number 5"))
            #expect(halo.calls > before, "the tool asked HaloPSA as the agent")
        }
    }

    @Test func aBadArgumentIsAToolErrorNamingItAndTheSessionGoesOn() async throws {
        try await withClient { client, halo in
            let before = halo.calls
            let (content, isError) = try await client.callTool(name: "get_ticket", arguments: ["ticket_id": "twelve"])
            #expect(isError == true)
            let text = content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined()
            #expect(text.contains("ticket_id"))
            #expect(halo.calls == before, "a bad argument never reaches HaloPSA")
            #expect(!(try await client.listTools().tools.isEmpty))
        }
    }
}
