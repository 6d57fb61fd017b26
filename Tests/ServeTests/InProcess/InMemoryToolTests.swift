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
        agent: Agent = Self.agent, narrowing: ToolPolicy = ToolPolicy(), prepare: (ScriptedHalo) -> Void = { _ in },
        _ body: (MCP.Client, ScriptedHalo) async throws -> Void
    ) async throws {
        try await withInProcessServer { server in
            prepare(server.halo)
            let grant = try await server.grant(for: agent)
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

    @Test func getMeReturnsTheTrimmedAgentWithSnakeCaseMembersAndNoNulls() async throws {
        let halopsaAnswer = """
            {"id": 11, "name": "Grace", "team": "Service Desk", "initials": "GH",
             "teams": [{"team_id": 3, "team_name": "Service Desk", "role_name": "Lead", "is_manager": true},
                       {"team_name": "a team without an id"}],
             "roles": [{"name": "Administrator"}], "clients": [{"client_id": 9}]}
            """
        let agent = try JSONDecoder().decode(Agent.self, from: Data(halopsaAnswer.utf8))
        try await withClient(agent: agent) { client, _ in
            let (content, isError) = try await client.callTool(name: "get_me", arguments: [:])
            #expect(isError != true)
            let text = content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }.joined()
            let output = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(Set(output.keys) == ["id", "name", "team", "teams", "roles", "client_restrictions"], "no email: HaloPSA gave none")
            let teams = try #require(output["teams"] as? [[String: Any]])
            #expect(teams.count == 1, "a team without an id is left out")
            #expect(teams.first?["is_manager"] as? Bool == true && teams.first?["role"] as? String == "Lead")
            #expect((output["client_restrictions"] as? [[String: Any]])?.first?.keys.sorted() == ["id"])
            #expect(output["roles"] as? [String] == ["Administrator"])
        }
    }
}
