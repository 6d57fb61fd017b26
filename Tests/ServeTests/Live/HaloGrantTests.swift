import Foundation
import HaloSim
@testable import HMCPServe
import Shared
import Testing

/// HaloPSA tokens behind a grant: refreshed transparently (one refresh at a time, since HaloPSA's
/// refresh tokens are single-use), and a refused refresh revokes the MCP token.
@Suite(.timeLimit(.minutes(2))) struct HaloGrantTests {
    /// The sealed HaloPSA refresh token of the grant behind `accessToken`, opened with the test key.
    static func haloRefreshToken(_ stack: LiveStack, accessToken: String) async throws -> (grantID: String, token: String) {
        let record = try #require(try await stack.server.store.token(digest: SecretDigest.sha256Hex(accessToken)))
        let grant = try #require(try await stack.server.store.grant(id: record.grantID))
        let sealer = try TokenSealer(key: stack.server.settings.encryptionKey)
        let sealed = try #require(grant.tokens.refresh)
        return (grant.id, try sealer.open(sealed, context: HaloGrantBroker.context(grant.id, "halo-refresh")))
    }

    @Test func concurrentCallsShareOneRefreshOfTheSingleUseToken() async throws {
        try await withLiveStack(simulator: { $0.accessTokenLifetime = 2 }) { stack in
            let agent = stack.simulator.seeded.agents[0]
            let tokens = try await OAuthDriver(stack: stack).tokens(for: agent.username)
            let wire = MCPWire(stack: stack, token: tokens.access)
            let (session, _) = try await wire.initialize()
            for round in 0..<2 {
                let ids = try await withThrowingTaskGroup(of: Int?.self) { group in
                    for index in 0..<6 {
                        group.addTask {
                            let (_, messages) = try await wire.request("tools/call", ["name": "get_me"], id: 100 * round + index, session: session)
                            let result = messages.last?["result"] as? [String: Any]
                            return (result?["structuredContent"] as? [String: Any])?["id"] as? Int
                        }
                    }
                    return try await group.reduce(into: [Int?]()) { $0.append($1) }
                }
                #expect(ids == Array(repeating: agent.id, count: 6), "round \(round)")
            }
            let record = try #require(try await stack.server.store.token(digest: SecretDigest.sha256Hex(tokens.access)))
            let grant = try #require(try await stack.server.store.grant(id: record.grantID))
            #expect(grant.revision >= 2)
        }
    }

    @Test func refusedRefreshRevokesTheMCPToken() async throws {
        try await withLiveStack(simulator: { $0.accessTokenLifetime = 2 }) { stack in
            let tokens = try await OAuthDriver(stack: stack).tokens(for: stack.simulator.seeded.agents[0].username)
            let wire = MCPWire(stack: stack, token: tokens.access)
            let (session, _) = try await wire.initialize()
            let stolen = try await Self.haloRefreshToken(stack, accessToken: tokens.access)
            let spent = try await stack.http.postForm(
                stack.simulator.baseURL + "/auth/token",
                [("grant_type", "refresh_token"), ("client_id", "hmcp-relay"), ("refresh_token", stolen.token)])
            #expect(spent.status == 200)
            let (_, messages) = try await wire.request("tools/call", ["name": "get_me"], session: session)
            let result = try #require(messages.last?["result"] as? [String: Any])
            #expect(result["isError"] as? Bool == true)
            let text = ((result["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
            #expect(text.contains("Reconnect this MCP server"))
            #expect(try await stack.server.store.grant(id: stolen.grantID) == nil)
            let after = try await wire.request("ping", session: session).reply
            #expect(after.status == 401)
            #expect(after.header("WWW-Authenticate")?.contains("invalid_token") == true)
        }
    }

    @Test(arguments: [503, 200])
    func refreshDuringAnOutageKeepsTheGrant(maintenanceStatus: Int) async throws {
        try await withLiveStack(simulator: { $0.accessTokenLifetime = 2 }) { stack in
            let agent = stack.simulator.seeded.agents[0]
            let tokens = try await OAuthDriver(stack: stack).tokens(for: agent.username)
            let wire = MCPWire(stack: stack, token: tokens.access)
            let (session, _) = try await wire.initialize()
            let grant = try await Self.haloRefreshToken(stack, accessToken: tokens.access)
            let down = try await stack.http.postJSON(stack.simulator.baseURL + "/_sim/faults", ["maintenance_status": maintenanceStatus])
            #expect(down.status == 200)

            let (_, messages) = try await wire.request("tools/call", ["name": "get_me"], session: session)
            let result = try #require(messages.last?["result"] as? [String: Any])
            #expect(result["isError"] as? Bool == true)
            let text = ((result["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
            #expect(text.contains("HaloPSA is unavailable right now"), "\(text)")
            #expect(!text.contains("Reconnect"))
            #expect(try await stack.server.store.grant(id: grant.grantID) != nil, "the grant survives the outage")

            _ = try await stack.http.postJSON(stack.simulator.baseURL + "/_sim/faults", [String: Any]())
            let (_, after) = try await wire.request("tools/call", ["name": "get_me"], id: 3, session: session)
            let me = (after.last?["result"] as? [String: Any])?["structuredContent"] as? [String: Any]
            #expect(me?["id"] as? Int == agent.id, "the same grant works once HaloPSA is back")
        }
    }
}
