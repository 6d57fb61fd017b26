import Foundation
import HMCPTesting
import Testing

/// Interop checklist 10: every MCP path needs our bearer token, and says where to get one.
@Suite(.timeLimit(.minutes(2))) struct ProtectedEndpointTests {
    @Test func missingTokenGetsAChallengeNamingThePathsMetadata() async throws {
        try await withLiveStack { stack in
            let cases: [(HTTPMethodName, String, String)] = [
                (.POST, "/mcp", "/mcp"), (.GET, "/mcp", "/mcp"), (.DELETE, "/mcp", "/mcp"), (.GET, "/sse", "/sse"),
                (.POST, "/messages?sessionId=x", "/sse"),
            ]
            for (method, path, resource) in cases {
                let reply = try await stack.http.send(method.nio, stack.baseURL + path)
                #expect(reply.status == 401, "\(path)")
                let challenge = reply.header("WWW-Authenticate") ?? ""
                #expect(
                    challenge
                        == "Bearer resource_metadata=\"\(stack.baseURL)/.well-known/oauth-protected-resource\(resource)\", scope=\"halopsa\"")
                #expect(reply.header("Content-Type") == "application/json")
                #expect(reply.json["error"] != nil)
            }
        }
    }

    @Test func forgedTokenIsInvalid() async throws {
        try await withLiveStack { stack in
            let reply = try await stack.http.send(
                .POST, stack.baseURL + "/mcp", headers: [("Authorization", "Bearer forged-\(UUID().uuidString)")])
            #expect(reply.status == 401)
            #expect(reply.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)
            #expect(reply.header("WWW-Authenticate")?.contains("resource_metadata=") == true)
            let basic = try await stack.http.send(.GET, stack.baseURL + "/sse", headers: [("Authorization", "Basic dXNlcjpwYXNz")])
            #expect(basic.status == 401)
        }
    }

    @Test func expiredTokenIsInvalid() async throws {
        let clock = ManualClock()
        try await withLiveStack(server: { $0.accessTokenTTL = 600 }, clock: clock) { stack in
            let agent = stack.simulator.seeded.agents[1]
            let tokens = try await OAuthDriver(stack: stack).tokens(for: agent.username)
            let wire = MCPWire(stack: stack, token: tokens.access)
            _ = try await wire.initialize()
            clock.advance(by: .seconds(599))
            _ = try await wire.initialize()
            clock.advance(by: .seconds(2))
            let reply = try await wire.post(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:] as [String: Any]])
            #expect(reply.status == 401)
            #expect(reply.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)
            #expect(reply.json["error_description"] as? String == "the token has expired")
        }
    }

    @Test func tokenIsAcceptedOnlyByTheResourceItWasIssuedFor() async throws {
        try await withLiveStack { stack in
            let agent = stack.simulator.seeded.agents[0]
            let initialize: [String: Any] = ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:] as [String: Any]]
            let forMCP = try await OAuthDriver(stack: stack).tokens(for: agent.username).access
            let mcpAtSSE = try await stack.http.send(
                .POST, stack.baseURL + "/messages?sessionId=\(UUID().uuidString)", headers: [("Authorization", "Bearer \(forMCP)")])
            #expect(mcpAtSSE.status == 401)
            #expect(mcpAtSSE.json["error_description"] as? String == "the token is for another resource")
            #expect(mcpAtSSE.header("WWW-Authenticate")?.contains("oauth-protected-resource/sse") == true)
            let forSSE = try await OAuthDriver(stack: stack, resourcePath: "/sse").tokens(for: agent.username).access
            let sseAtMCP = try await MCPWire(stack: stack, token: forSSE).post(initialize)
            #expect(sseAtMCP.status == 401)
            #expect(sseAtMCP.json["error_description"] as? String == "the token is for another resource")
            let forRoot = try await OAuthDriver(stack: stack, resourcePath: "").tokens(for: agent.username).access
            _ = try await MCPWire(stack: stack, token: forRoot).initialize()
            _ = try await MCPWire(stack: stack, token: forMCP).initialize()
        }
    }

    @Test func haloTokensAreNeverAcceptedOrHandedOut() async throws {
        try await withLiveStack { stack in
            let agent = stack.simulator.seeded.agents[0]
            let tokens = try await OAuthDriver(stack: stack).tokens(for: agent.username)
            let atHalo = try await stack.http.send(
                .GET, stack.simulator.baseURL + "/api/Agent/me", headers: [("Authorization", "Bearer \(tokens.access)")])
            #expect(atHalo.status == 401)
            let haloToken = try await stack.http.postForm(
                stack.simulator.baseURL + "/auth/token",
                [("grant_type", "client_credentials"), ("client_id", "hmcp-indexer"), ("client_secret", "halo-sim-indexer-secret"), ("scope", "all")])
            let haloAccess = try #require(haloToken.json["access_token"] as? String)
            let passthrough = try await stack.http.send(
                .POST, stack.baseURL + "/mcp", headers: [("Authorization", "Bearer \(haloAccess)")])
            #expect(passthrough.status == 401)
        }
    }
}

/// The HTTP methods these tests send.
enum HTTPMethodName {
    case GET, POST, DELETE

    var nio: NIOHTTP1.HTTPMethod {
        switch self {
        case .GET: .GET
        case .POST: .POST
        case .DELETE: .DELETE
        }
    }
}

import NIOHTTP1
