import Foundation
import Testing

/// Interop checklist 6: dynamic client registration.
@Suite(.timeLimit(.minutes(2))) struct RegistrationTests {
    @Test func clientsOfEveryKnownKindRegister() async throws {
        try await withLiveStack { stack in
            let uris = [
                "https://claude.ai/api/mcp/auth_callback", "https://www.cursor.com/agents/mcp/oauth/callback",
                "https://vscode.dev/redirect", "http://127.0.0.1:33418", "http://localhost:9999/cb", "http://[::1]:1/cb",
                "cursor://anysphere.cursor-mcp/oauth/callback",
            ]
            let reply = try await stack.http.postJSON(
                stack.baseURL + "/register",
                [
                    "redirect_uris": uris, "client_name": "Every client", "application_type": "native", "software_id": "x",
                    "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
                    "token_endpoint_auth_method": "none",
                ])
            #expect(reply.status == 201)
            let body = reply.json
            #expect((body["client_id"] as? String)?.count ?? 0 >= 20)
            #expect(body["client_id_issued_at"] as? Int != nil)
            #expect(body["redirect_uris"] as? [String] == uris)
            #expect(body["token_endpoint_auth_method"] as? String == "none")
            #expect(body["client_secret"] == nil)
            #expect(body["client_name"] as? String == "Every client")
            #expect(reply.header("Cache-Control") == "no-store")
        }
    }

    @Test func confidentialClientsGetASecret() async throws {
        try await withLiveStack { stack in
            for method in ["client_secret_post", "client_secret_basic"] {
                let reply = try await stack.http.postJSON(
                    stack.baseURL + "/register", ["redirect_uris": ["https://app.example/cb"], "token_endpoint_auth_method": method])
                #expect(reply.status == 201)
                #expect((reply.json["client_secret"] as? String)?.count ?? 0 >= 40)
                #expect(reply.json["client_secret_expires_at"] as? Int == 0)
                #expect(reply.json["token_endpoint_auth_method"] as? String == method)
            }
        }
    }

    @Test(arguments: [
        "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "https://app.example/cb#frag", "http://example.com/cb",
    ])
    func dangerousRedirectURIsAreRefused(uri: String) async throws {
        try await withLiveStack { stack in
            let reply = try await stack.http.postJSON(stack.baseURL + "/register", ["redirect_uris": [uri]])
            #expect(reply.status == 400)
            #expect(reply.json["error"] as? String == "invalid_redirect_uri")
        }
    }

    @Test func malformedRegistrationsAreRefused() async throws {
        try await withLiveStack { stack in
            let notJSON = try await stack.http.send(
                .POST, stack.baseURL + "/register", headers: [("Content-Type", "application/json")], body: "{nope")
            #expect(notJSON.status == 400)
            #expect(notJSON.json["error"] as? String == "invalid_client_metadata")
            let noURIs = try await stack.http.postJSON(stack.baseURL + "/register", ["client_name": "x"])
            #expect(noURIs.json["error"] as? String == "invalid_redirect_uri")
            let badMethod = try await stack.http.postJSON(
                stack.baseURL + "/register", ["redirect_uris": ["https://a.example/cb"], "token_endpoint_auth_method": "private_key_jwt"])
            #expect(badMethod.json["error"] as? String == "invalid_client_metadata")
            let implicit = try await stack.http.postJSON(
                stack.baseURL + "/register", ["redirect_uris": ["https://a.example/cb"], "grant_types": ["implicit"]])
            #expect(implicit.json["error"] as? String == "invalid_client_metadata")
        }
    }
}
