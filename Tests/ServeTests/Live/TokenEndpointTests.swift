import Foundation
import Shared
import Testing

/// Interop checklist 8–9: `/token` and `/revoke`.
@Suite(.timeLimit(.minutes(2))) struct TokenEndpointTests {
    @Test func codeExchangeIssuesOpaqueRotatingTokens() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let (code, verifier) = try await driver.code(for: stack.simulator.seeded.agents[0].username, clientID: client.id)
            let reply = try await driver.token(code: code, verifier: verifier, clientID: client.id)
            #expect(reply.status == 200)
            #expect(reply.header("Cache-Control") == "no-store")
            #expect(reply.json["token_type"] as? String == "Bearer")
            #expect(reply.json["expires_in"] as? Int == 3600)
            #expect(reply.json["scope"] as? String == "halopsa")
            #expect((reply.json["access_token"] as? String)?.count == 43)
            #expect((reply.json["refresh_token"] as? String)?.count == 43)
        }
    }

    @Test func wrongVerifierFailsPKCE() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let (code, _) = try await driver.code(for: stack.simulator.seeded.agents[0].username, clientID: client.id)
            let reply = try await driver.token(code: code, verifier: PKCE.makePair().verifier, clientID: client.id)
            #expect(reply.status == 400)
            #expect(reply.json["error"] as? String == "invalid_grant")
            #expect((reply.json["error_description"] as? String)?.contains("PKCE") == true)
        }
    }

    @Test func reusedCodeFailsAndRevokesWhatItIssued() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let (code, verifier) = try await driver.code(for: stack.simulator.seeded.agents[0].username, clientID: client.id)
            let first = try await driver.token(code: code, verifier: verifier, clientID: client.id)
            let access = try #require(first.json["access_token"] as? String)
            #expect(try await MCPWire(stack: stack, token: access).post(["jsonrpc": "2.0", "method": "x"]).status == 400)
            let second = try await driver.token(code: code, verifier: verifier, clientID: client.id)
            #expect(second.status == 400)
            #expect(second.json["error"] as? String == "invalid_grant")
            #expect(try await MCPWire(stack: stack, token: access).post(["jsonrpc": "2.0", "method": "x"]).status == 401)
        }
    }

    @Test func codeIsBoundToItsClientAndRedirect() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let other = try await driver.register()
            let (code, verifier) = try await driver.code(for: stack.simulator.seeded.agents[0].username, clientID: client.id)
            let otherClient = try await driver.token(code: code, verifier: verifier, clientID: other.id)
            #expect(otherClient.json["error"] as? String == "invalid_grant")
            var elsewhere = driver
            elsewhere.redirectURI = "http://127.0.0.1:65000/other"
            let otherRedirect = try await elsewhere.token(code: code, verifier: verifier, clientID: client.id)
            #expect(otherRedirect.json["error"] as? String == "invalid_grant")
            let repeated = try await driver.token(
                code: code, verifier: verifier, clientID: client.id, extra: [("code", code)])
            #expect(repeated.json["error"] as? String == "invalid_request")
            let foreignResource = try await stack.http.postForm(
                stack.baseURL + "/token",
                [
                    ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", driver.redirectURI),
                    ("client_id", client.id), ("code_verifier", verifier), ("resource", "https://other.example/mcp"),
                ])
            #expect(foreignResource.json["error"] as? String == "invalid_target")
            #expect(try await driver.token(code: code, verifier: verifier, clientID: client.id).status == 200)
        }
    }

    @Test func tokensCanBeNarrowedToOneEndpointButNotWidened() async throws {
        try await withLiveStack { stack in
            let username = stack.simulator.seeded.agents[0].username
            let forMCP = OAuthDriver(stack: stack)
            var forRoot = forMCP
            forRoot.resourcePath = ""
            let client = try await forMCP.register()
            let (code, verifier) = try await forMCP.code(for: username, clientID: client.id)
            let widened = try await forRoot.token(code: code, verifier: verifier, clientID: client.id)
            #expect(widened.status == 400)
            #expect(widened.json["error"] as? String == "invalid_target")
            let tokens = try await forMCP.token(code: code, verifier: verifier, clientID: client.id)
            let refresh = try #require(tokens.json["refresh_token"] as? String)
            let widenedRefresh = try await stack.http.postForm(
                stack.baseURL + "/token",
                [("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", client.id), ("resource", stack.baseURL)])
            #expect(widenedRefresh.json["error"] as? String == "invalid_target")
            var forSSE = forMCP
            forSSE.resourcePath = "/sse"
            let rootClient = try await forRoot.register()
            let rootCode = try await forRoot.code(for: username, clientID: rootClient.id)
            #expect(try await forSSE.token(code: rootCode.code, verifier: rootCode.verifier, clientID: rootClient.id).status == 200)
        }
    }

    @Test func refreshTokenRotatesAndAReplayRevokesTheGrant() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let tokens = try await driver.tokens(for: stack.simulator.seeded.agents[0].username)
            let rotated = try await stack.http.postForm(
                stack.baseURL + "/token", [("grant_type", "refresh_token"), ("refresh_token", tokens.refresh), ("client_id", tokens.clientID)])
            #expect(rotated.status == 200)
            #expect(rotated.header("Cache-Control") == "no-store")
            let newAccess = try #require(rotated.json["access_token"] as? String)
            let newRefresh = try #require(rotated.json["refresh_token"] as? String)
            #expect(newRefresh != tokens.refresh)
            _ = try await MCPWire(stack: stack, token: newAccess).initialize()
            let replay = try await stack.http.postForm(
                stack.baseURL + "/token", [("grant_type", "refresh_token"), ("refresh_token", tokens.refresh), ("client_id", tokens.clientID)])
            #expect(replay.status == 400)
            #expect(replay.json["error"] as? String == "invalid_grant")
            #expect(try await MCPWire(stack: stack, token: newAccess).post(["jsonrpc": "2.0", "method": "x"]).status == 401)
            let afterRevocation = try await stack.http.postForm(
                stack.baseURL + "/token", [("grant_type", "refresh_token"), ("refresh_token", newRefresh), ("client_id", tokens.clientID)])
            #expect(afterRevocation.json["error"] as? String == "invalid_grant")
        }
    }

    @Test func clientsAuthenticateAsRegistered() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let confidential = try await driver.register(authMethod: "client_secret_basic")
            let secret = try #require(confidential.secret)
            let unknown = try await stack.http.postForm(
                stack.baseURL + "/token", [("grant_type", "refresh_token"), ("refresh_token", "x"), ("client_id", "nobody")])
            #expect(unknown.status == 401)
            #expect(unknown.json["error"] as? String == "invalid_client")
            let noSecret = try await stack.http.postForm(
                stack.baseURL + "/token", [("grant_type", "refresh_token"), ("refresh_token", "x"), ("client_id", confidential.id)])
            #expect(noSecret.status == 401)
            let badBasic = try await stack.http.postForm(
                stack.baseURL + "/token", [("grant_type", "refresh_token"), ("refresh_token", "x")],
                headers: [("Authorization", "Basic " + Data("\(confidential.id):wrong".utf8).base64EncodedString())])
            #expect(badBasic.status == 401)
            #expect(badBasic.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
            let goodBasic = try await stack.http.postForm(
                stack.baseURL + "/token", [("grant_type", "refresh_token"), ("refresh_token", "x")],
                headers: [("Authorization", "Basic " + Data("\(confidential.id):\(secret)".utf8).base64EncodedString())])
            #expect(goodBasic.status == 400)
            #expect(goodBasic.json["error"] as? String == "invalid_grant")
            let unsupported = try await stack.http.postForm(
                stack.baseURL + "/token", [("grant_type", "password"), ("client_id", confidential.id), ("client_secret", secret)])
            #expect(unsupported.json["error"] as? String == "unsupported_grant_type")
            let json = try await stack.http.postJSON(stack.baseURL + "/token", ["grant_type": "refresh_token"])
            #expect(json.json["error"] as? String == "invalid_request")
        }
    }

    @Test func revokingTheRefreshTokenEndsTheGrant() async throws {
        try await withLiveStack { stack in
            let tokens = try await OAuthDriver(stack: stack).tokens(for: stack.simulator.seeded.agents[0].username)
            let unknown = try await stack.http.postForm(
                stack.baseURL + "/revoke", [("token", "not-a-token"), ("client_id", tokens.clientID)])
            #expect(unknown.status == 200)
            #expect(try await MCPWire(stack: stack, token: tokens.access).post(["jsonrpc": "2.0", "method": "x"]).status == 400)
            let revoked = try await stack.http.postForm(
                stack.baseURL + "/revoke", [("token", tokens.refresh), ("token_type_hint", "refresh_token"), ("client_id", tokens.clientID)])
            #expect(revoked.status == 200)
            #expect(try await MCPWire(stack: stack, token: tokens.access).post(["jsonrpc": "2.0", "method": "x"]).status == 401)
        }
    }
}
