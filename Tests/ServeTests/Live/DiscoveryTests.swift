import Foundation
import Testing

/// Interop checklist 1–5 and 11: metadata documents and their CORS.
@Suite(.timeLimit(.minutes(2))) struct DiscoveryTests {
    @Test func protectedResourceMetadataNamesItsOwnPath() async throws {
        try await withLiveStack { stack in
            for path in ["/mcp", "/sse", ""] {
                let reply = try await stack.http.send(
                    .GET, stack.baseURL + "/.well-known/oauth-protected-resource" + path,
                    headers: [("MCP-Protocol-Version", "2026-07-28")])
                #expect(reply.status == 200)
                #expect(reply.header("Content-Type") == "application/json")
                #expect(reply.json["resource"] as? String == stack.baseURL + path)
                #expect(reply.json["authorization_servers"] as? [String] == [stack.baseURL])
                #expect(reply.json["scopes_supported"] as? [String] == ["halopsa"])
                #expect(reply.json["bearer_methods_supported"] as? [String] == ["header"])
            }
        }
    }

    @Test func authorizationServerMetadataHasAnIdenticalIssuer() async throws {
        try await withLiveStack { stack in
            let prm = try await stack.http.send(.GET, stack.baseURL + "/.well-known/oauth-protected-resource/mcp")
            let issuer = try #require((prm.json["authorization_servers"] as? [String])?.first)
            for path in ["oauth-authorization-server", "openid-configuration", "oauth-authorization-server/sse"] {
                let reply = try await stack.http.send(.GET, stack.baseURL + "/.well-known/" + path)
                #expect(reply.status == 200)
                let metadata = reply.json
                #expect(metadata["issuer"] as? String == issuer)
                #expect(metadata["authorization_endpoint"] as? String == issuer + "/authorize")
                #expect(metadata["token_endpoint"] as? String == issuer + "/token")
                #expect(metadata["registration_endpoint"] as? String == issuer + "/register")
                #expect(metadata["revocation_endpoint"] as? String == issuer + "/revoke")
                #expect(metadata["response_types_supported"] as? [String] == ["code"])
                #expect(metadata["grant_types_supported"] as? [String] == ["authorization_code", "refresh_token"])
                #expect(metadata["code_challenge_methods_supported"] as? [String] == ["S256"])
                #expect(
                    metadata["token_endpoint_auth_methods_supported"] as? [String]
                        == ["none", "client_secret_post", "client_secret_basic"])
                #expect(metadata["authorization_response_iss_parameter_supported"] as? Bool == true)
                #expect(metadata["client_id_metadata_document_supported"] == nil)
            }
        }
    }

    @Test func everyEndpointAnswersPreflightWithoutAuthentication() async throws {
        try await withLiveStack(server: { $0.allowedOrigins = ["http://localhost:6274"] }) { stack in
            let origin = "http://localhost:6274"
            for path in ["/mcp", "/sse", "/messages", "/register", "/token", "/revoke", "/.well-known/oauth-protected-resource/mcp"] {
                let reply = try await stack.http.send(
                    .OPTIONS, stack.baseURL + path,
                    headers: [
                        ("Origin", origin), ("Access-Control-Request-Method", "POST"),
                        ("Access-Control-Request-Headers", "authorization, content-type, mcp-session-id, mcp-protocol-version"),
                    ])
                #expect(reply.status == 204, "\(path)")
                #expect(reply.header("Access-Control-Allow-Origin") == origin)
                #expect(reply.header("Access-Control-Allow-Methods") == "GET, POST, DELETE, OPTIONS")
                let allowed = reply.header("Access-Control-Allow-Headers") ?? ""
                for header in ["Authorization", "Content-Type", "Accept", "Mcp-Session-Id", "Mcp-Protocol-Version", "Last-Event-ID"] {
                    #expect(allowed.contains(header), "\(path) lacks \(header)")
                }
            }
        }
    }

    @Test func actualResponsesExposeTheMCPHeaders() async throws {
        try await withLiveStack(server: { $0.allowedOrigins = ["http://localhost:6274"] }) { stack in
            let reply = try await stack.http.send(.POST, stack.baseURL + "/mcp", headers: [("Origin", "http://localhost:6274")])
            #expect(reply.status == 401)
            #expect(reply.header("Access-Control-Allow-Origin") == "http://localhost:6274")
            let exposed = reply.header("Access-Control-Expose-Headers") ?? ""
            #expect(exposed.contains("Mcp-Session-Id") && exposed.contains("WWW-Authenticate") && exposed.contains("Mcp-Protocol-Version"))
        }
    }

    @Test func foreignOriginAndRebindingHostAreForbidden() async throws {
        try await withLiveStack { stack in
            let foreign = try await stack.http.send(
                .GET, stack.baseURL + "/.well-known/oauth-protected-resource/mcp", headers: [("Origin", "https://evil.example")])
            #expect(foreign.status == 403)
            #expect(foreign.header("Access-Control-Allow-Origin") == nil)
            let preflight = try await stack.http.send(
                .OPTIONS, stack.baseURL + "/mcp", headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")])
            #expect(preflight.status == 403)
            let rebound = try await stack.http.send(.POST, stack.baseURL + "/mcp", headers: [("Host", "evil.example.com")])
            #expect(rebound.status == 403)
            for lookalike in ["127.evil.example", "127.0.0.1.evil.example", "localhost.evil.example"] {
                let reply = try await stack.http.send(.POST, stack.baseURL + "/mcp", headers: [("Host", lookalike)])
                #expect(reply.status == 403, "Host: \(lookalike)")
            }
            let loopbackHost = try await stack.http.send(.POST, stack.baseURL + "/mcp", headers: [("Host", "localhost")])
            #expect(loopbackHost.status == 401)
            let ownOrigin = try await stack.http.send(
                .GET, stack.baseURL + "/.well-known/oauth-authorization-server", headers: [("Origin", stack.baseURL)])
            #expect(ownOrigin.status == 200)
        }
    }
}
