import Foundation
import HTTPTypes
@testable import HMCPServe
import HMCPTesting
import Hummingbird
import HummingbirdTesting
import Shared
import Testing

/// The server built by `buildApplication`, driven in process through the router: routes, middleware,
/// bearer authentication, sessions and tools against a scripted HaloPSA, with time on a manual clock.
@Suite("In-process router", .timeLimit(.minutes(1)))
struct RouterTests {
    private static let agent = { var agent = Agent(id: 7); agent.name = "Ada"; return agent }()

    @Test func theProtectedResourceMetadataNamesThePublicResource() async throws {
        try await withInProcessServer { server in
            try await server.test { client in
                try await client.execute(uri: "/.well-known/oauth-protected-resource/mcp", method: .get) { response in
                    #expect(response.status == .ok)
                    let document = try #require(
                        try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                    #expect(document["resource"] as? String == InProcessServer.publicURL + "/mcp")
                }
            }
        }
    }

    @Test func aRequestWithoutATokenGetsABearerChallenge() async throws {
        try await withInProcessServer { server in
            try await server.test { client in
                try await client.execute(uri: "/mcp", method: .post, body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .unauthorized)
                    let challenge = try #require(response.headers[.wwwAuthenticate])
                    #expect(challenge.contains("resource_metadata=\"\(InProcessServer.publicURL)/.well-known/oauth-protected-resource/mcp\""))
                }
            }
        }
    }

    @Test func aForeignOriginIsRefusedBeforeAuthentication() async throws {
        try await withInProcessServer { server in
            let token = try await server.signIn(Self.agent)
            try await server.test { client in
                let answer = try await RouterWire(client: client, token: token).post(
                    json: "{}", extraHeaders: [.origin: "https://attacker.example"])
                #expect(answer.status == .forbidden)
                #expect(answer.body.contains("Origin https://attacker.example is not allowed"))
            }
        }
    }

    @Test func aTokenStopsWorkingWhenTheClockPassesItsExpiry() async throws {
        try await withInProcessServer { server in
            let token = try await server.signIn(Self.agent, expiresIn: 60)
            try await server.test { client in
                let wire = RouterWire(client: client, token: token)
                let session = try await wire.initialize()
                server.clock.advance(by: .seconds(61))
                let answer = try await wire.post(["jsonrpc": "2.0", "id": 3, "method": "tools/list"], session: session)
                #expect(answer.status == .unauthorized)
                #expect(answer.headers[.wwwAuthenticate]?.contains("the token has expired") == true)
            }
        }
    }

    @Test func malformedJSONIsAParseErrorAndTheSessionGoesOn() async throws {
        try await withInProcessServer { server in
            let token = try await server.signIn(Self.agent)
            try await server.test { client in
                let wire = RouterWire(client: client, token: token)
                let session = try await wire.initialize()
                let broken = try await wire.post(json: "{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": ", session: session)
                #expect(broken.status == .badRequest)
                #expect(broken.body.contains("-32700"))
                let tools = try await wire.post(["jsonrpc": "2.0", "id": 5, "method": "tools/list"], session: session)
                let listed = try #require((tools.response?["result"] as? [String: Any])?["tools"] as? [[String: Any]])
                #expect(listed.contains { $0["name"] as? String == "get_ticket" })
                #expect(!listed.contains { $0["name"] as? String == "semantic_search" }, "search is off in this server")
            }
        }
    }

    @Test func aHiddenTicketReadsExactlyLikeAMissingOne() async throws {
        try await withInProcessServer { server in
            var visible = Ticket(id: 101)
            visible.summary = "Printer on floor 3 jams"
            var hidden = Ticket(id: 102)
            hidden.summary = "Payroll export for the board"
            server.halo.addTicket(visible, visibleTo: [Self.agent.id])
            server.halo.addTicket(hidden, visibleTo: [99])
            let token = try await server.signIn(Self.agent)
            try await server.test { client in
                let wire = RouterWire(client: client, token: token)
                let session = try await wire.initialize()
                let shown = try await wire.callTool("get_ticket", ["ticket_id": 101], session: session)
                #expect(shown["isError"] as? Bool != true)
                #expect("\(shown)".contains("Printer on floor 3 jams"))

                let refused = try await wire.callTool("get_ticket", ["ticket_id": 102], session: session, id: 3)
                let missing = try await wire.callTool("get_ticket", ["ticket_id": 103], session: session, id: 4)
                #expect(refused["isError"] as? Bool == true)
                #expect(!"\(refused)".contains("Payroll"))
                let refusedText = try #require(Self.text(of: refused))
                let missingText = try #require(Self.text(of: missing))
                #expect(refusedText == missingText.replacingOccurrences(of: "103", with: "102"))
            }
        }
    }

    private static func text(of result: [String: Any]) -> String? {
        (result["content"] as? [[String: Any]])?.first?["text"] as? String
    }
}
