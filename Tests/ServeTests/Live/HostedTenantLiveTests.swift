import Foundation
import HMCPTesting
@testable import HMCPServe
import Shared
import Testing

/// Hosted HaloPSA end to end: the simulator requires `tenant=` on its authorization server, and a user
/// signs in through `hmcp-serve`'s relay and calls tools with HaloPSA tokens that are refreshed (with the
/// tenant) on every call.
@Suite(.timeLimit(.minutes(3))) struct HostedTenantLiveTests {
    static let tenant = "acme-msp"

    @Test func signInAndToolCallsWorkThroughTheRelayForAHostedTenant() async throws {
        try await withLiveStack(
            simulator: {
                $0.tenant = Self.tenant
                // Shorter than the server's refresh margin: every tool call refreshes the HaloPSA token.
                $0.accessTokenLifetime = 30
            },
            server: { $0.halo.tenant = Self.tenant }
        ) { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let (page, verifier) = try await driver.authorize(clientID: client.id)
            let toHalo = try await driver.consent(page)
            let location = try #require(toHalo.header("Location"))
            #expect(URLComponents(string: location)?.queryItems?.contains { $0.name == "tenant" && $0.value == Self.tenant } == true)
            let agent = try #require(stack.simulator.seeded.agent(id: stack.simulator.seeded.narrowAgentID))
            let back = try await driver.callback(try await driver.haloLogin(toHalo, username: agent.username), browser: toHalo)
            let code = try #require(back.locationQuery["code"], "\(back.status) \(back.body.prefix(300))")
            let tokens = try await driver.token(code: code, verifier: verifier, clientID: client.id)
            let access = try #require(tokens.json["access_token"] as? String, "\(tokens.body)")

            let wire = MCPWire(stack: stack, token: access)
            let (session, _) = try await wire.initialize()
            for (index, tool) in ["get_me", "list_tickets", "get_me"].enumerated() {
                let result = try await SemanticSearchLiveTests.call(wire, session: session, tool, [:], id: 10 + index)
                #expect(result["isError"] as? Bool != true, "\(tool): \(result)")
                if tool == "get_me" {
                    let me = try #require(result["structuredContent"] as? [String: Any])
                    #expect("\(me)".contains(agent.username) || me["id"] as? Int == agent.id, "\(me)")
                }
            }
            let refreshes = try await SimulatorHarness(simulator: stack.simulator).count("POST", "/auth/token")
            #expect(refreshes >= 3, "the code exchange and a refresh per call all went to the tenant's token endpoint")
        }
    }

    @Test func aServerWithoutTheTenantCannotSignInToAHostedHaloPSA() async throws {
        try await withLiveStack(simulator: { $0.tenant = Self.tenant }) { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let (page, _) = try await driver.authorize(clientID: client.id)
            let toHalo = try await driver.consent(page)
            let login = try await driver.haloLogin(toHalo, username: "any")
            #expect(login.status == 400 && login.body.contains("Unknown or missing tenant"), "\(login.status) \(login.body.prefix(200))")
        }
    }
}
