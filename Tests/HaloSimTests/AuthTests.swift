import Foundation
import HaloSim
import Testing

/// Client credentials, authorization code with PKCE, rotating refresh tokens, bearer checks, tenant.
@Suite("Authorisation")
struct AuthTests {
    @Test("a wrong PKCE verifier is refused with invalid_grant")
    func pkceFailure() async throws {
        try await SimulatorHarness.run(tickets: 10) { sim in
            let agent = try #require(sim.simulator.seeded.agents.first { !$0.isAdmin })
            let code = try await sim.authorizationCode(username: agent.username, verifier: "the-right-verifier-0123456789-abcdefghijkl")
            let answer = try await sim.exchange(code: code, verifier: "a-wrong-verifier-0123456789-abcdefghijklmn")
            #expect(answer.status == 400)
            #expect(try answer.object()["error"] as? String == "invalid_grant")
        }
    }

    @Test("authorisation codes are single-use")
    func singleUseCode() async throws {
        try await SimulatorHarness.run(tickets: 10) { sim in
            let agent = try #require(sim.simulator.seeded.agents.first { !$0.isAdmin })
            let verifier = "single-use-verifier-0123456789-abcdefghijklm"
            let code = try await sim.authorizationCode(username: agent.username, verifier: verifier)
            #expect(try await sim.exchange(code: code, verifier: verifier).status == 200)
            let again = try await sim.exchange(code: code, verifier: verifier)
            #expect(again.status == 400)
            #expect(try again.object()["error"] as? String == "invalid_grant")
        }
    }

    @Test("refresh tokens rotate and are single-use")
    func rotatingRefresh() async throws {
        try await SimulatorHarness.run(tickets: 10) { sim in
            let agent = try #require(sim.simulator.seeded.agents.first { !$0.isAdmin })
            let first = try #require(try await sim.userTokens(agentID: agent.id).refresh)
            let form = { (token: String) in
                [("grant_type", "refresh_token"), ("client_id", sim.simulator.seeded.userApplication.clientID), ("refresh_token", token)]
            }
            let rotated = try await sim.send(.POST, "/auth/token", form: form(first))
            #expect(rotated.status == 200)
            let second = try #require(try rotated.object()["refresh_token"] as? String)
            #expect(second != first)
            let reuse = try await sim.send(.POST, "/auth/token", form: form(first))
            #expect(reuse.status == 400)
            #expect(try reuse.object()["error"] as? String == "invalid_grant")
            #expect(try await sim.send(.POST, "/auth/token", form: form(second)).status == 200)
        }
    }

    @Test("no offline_access, no refresh token")
    func refreshNeedsOfflineAccess() async throws {
        try await SimulatorHarness.run(tickets: 10) { sim in
            let agent = try #require(sim.simulator.seeded.agents.first { !$0.isAdmin })
            let tokens = try await sim.userTokens(agentID: agent.id, scope: "all")
            #expect(tokens.refresh == nil)
            #expect(try await sim.get("/api/Agent/me", token: tokens.access).status == 200)
        }
    }

    @Test("a user token acts as the logged-in agent")
    func tokenCarriesAgent() async throws {
        try await SimulatorHarness.run(tickets: 10) { sim in
            let agent = try #require(sim.simulator.seeded.agents.first { !$0.isAdmin && $0.teamIDs.count > 1 })
            let token = try await sim.userTokens(agentID: agent.id).access
            let me = try await sim.get("/api/agent/ME", token: token).object()
            #expect(me["id"] as? Int == agent.id)
            #expect(me["name"] as? String == agent.name)
            #expect((me["teams"] as? [[String: Any]])?.compactMap { $0["team_id"] as? Int } == agent.teamIDs)
            let payload = try #require(token.split(separator: ".").dropFirst().first)
            var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            let data = try #require(Data(base64Encoded: base64))
            let claims = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(claims["agent_id"] as? Int == agent.id)
            #expect(claims["scope"] as? String == "all offline_access")
            #expect(claims["exp"] as? Int ?? 0 > Int(Date().timeIntervalSince1970))
        }
    }

    @Test("wrong client secret is 401 invalid_client")
    func wrongSecret() async throws {
        try await SimulatorHarness.run(tickets: 10) { sim in
            let answer = try await sim.send(.POST, "/auth/token", form: [
                ("grant_type", "client_credentials"), ("client_id", "hmcp-indexer"), ("client_secret", "nope"), ("scope", "all"),
            ])
            #expect(answer.status == 401)
            #expect(try answer.object()["error"] as? String == "invalid_client")
        }
    }

    @Test("a token without scope has no API rights; a missing or tampered bearer is 401")
    func scopeAndBearer() async throws {
        try await SimulatorHarness.run(tickets: 10) { sim in
            let unscoped = try await sim.serviceToken(scope: nil)
            let refused = try await sim.get("/api/Tickets", token: unscoped)
            #expect(refused.status == 403)
            #expect(try refused.object()["errorMessage"] != nil)
            #expect(try await sim.get("/api/Agent/me", token: unscoped).status == 403)

            let missing = try await sim.get("/api/Tickets", token: nil)
            #expect(missing.status == 401)
            #expect(try missing.object()["Message"] as? String == "Authorization has been denied for this request.")
            let token = try await sim.serviceToken()
            let tampered = String(token.dropLast(2)) + (token.hasSuffix("AA") ? "BB" : "AA")
            #expect(try await sim.get("/api/Tickets", token: tampered).status == 401)

            let readOnly = try await sim.serviceToken(scope: "read:tickets")
            #expect(try await sim.get("/api/Tickets", token: readOnly).status == 200)
            let write = try await sim.send(.POST, "/api/Tickets", token: readOnly, json: "[{\"summary\":\"x\",\"client_id\":1}]")
            #expect(write.status == 403)
        }
    }

    @Test("access tokens expire")
    func expiry() async throws {
        try await SimulatorHarness.run(tickets: 10, { $0.accessTokenLifetime = 4 }) { sim in
            let token = try await sim.serviceToken()
            #expect(try await sim.get("/api/Status", token: token).status == 200)
            let moved = try await sim.send(.POST, "/_sim/clock", json: #"{"advance_seconds": 5}"#)
            #expect(try moved.object()["ahead_seconds"] as? Double == 5)
            #expect(try await sim.get("/api/Status", token: token).status == 401)
            #expect(try await sim.send(.POST, "/_sim/clock", json: #"{"advance_seconds": -5}"#).status == 400, "time never goes back")
        }
    }

    @Test("hosted mode requires the tenant on token and authorize")
    func tenantEnforced() async throws {
        try await SimulatorHarness.run(tickets: 10, { $0.tenant = "acme" }) { sim in
            let withoutTenant = try await sim.send(.POST, "/auth/token", form: [
                ("grant_type", "client_credentials"), ("client_id", "hmcp-indexer"),
                ("client_secret", sim.simulator.seeded.serviceApplication.clientSecret), ("scope", "all"),
            ])
            #expect(withoutTenant.status == 400)
            #expect(try withoutTenant.object()["error"] as? String == "invalid_request")
            _ = try await sim.serviceToken(tenant: "acme")
            let page = try await sim.get("/auth/authorize?response_type=code&client_id=hmcp-relay&redirect_uri=http://127.0.0.1:9/cb&tenant=acme", token: nil)
            #expect(page.status == 200)
            #expect(page.text.contains("<form method=\"post\""))
            #expect(try await sim.get("/auth/authorize?response_type=code&client_id=hmcp-relay&redirect_uri=http://127.0.0.1:9/cb", token: nil).status == 400)
            let info = try await sim.get("/api/authinfo", token: nil).object()
            #expect(info["tenant_id"] as? String == "acme")
            #expect(info["auth_url"] as? String == sim.simulator.baseURL + "/auth")
        }
    }
}
