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

    @Test func registrationCanBeReadBackWithItsAccessTokenOnly() async throws {
        try await withLiveStack { stack in
            let reply = try await stack.http.postJSON(
                stack.baseURL + "/register",
                ["redirect_uris": ["https://app.example/cb"], "client_name": "Reader", "token_endpoint_auth_method": "client_secret_post"])
            let clientID = try #require(reply.json["client_id"] as? String)
            let token = try #require(reply.json["registration_access_token"] as? String)
            #expect(token.count == 43)
            let uri = try #require(reply.json["registration_client_uri"] as? String)
            #expect(uri == stack.baseURL + "/register/" + clientID)
            let read = try await stack.http.send(.GET, uri, headers: [("Authorization", "Bearer \(token)")])
            #expect(read.status == 200)
            #expect(read.header("Cache-Control") == "no-store")
            #expect(read.json["client_id"] as? String == clientID)
            #expect(read.json["client_name"] as? String == "Reader")
            #expect(read.json["redirect_uris"] as? [String] == ["https://app.example/cb"])
            #expect(read.json["token_endpoint_auth_method"] as? String == "client_secret_post")
            #expect(read.json["registration_client_uri"] as? String == uri)
            #expect(read.json["client_secret"] == nil && read.json["registration_access_token"] == nil)
            let other = try await stack.http.postJSON(stack.baseURL + "/register", ["redirect_uris": ["https://other.example/cb"]])
            let otherToken = try #require(other.json["registration_access_token"] as? String)
            let refusals = [
                try await stack.http.send(.GET, uri),
                try await stack.http.send(.GET, uri, headers: [("Authorization", "Bearer \(otherToken)")]),
                try await stack.http.send(.GET, uri, headers: [("Authorization", "Bearer \(token.uppercased())")]),
                try await stack.http.send(.GET, stack.baseURL + "/register/unknown-client", headers: [("Authorization", "Bearer \(token)")]),
            ]
            for refusal in refusals {
                #expect(refusal.status == 401)
                #expect(refusal.json["error"] as? String == "invalid_token")
                #expect(refusal.header("WWW-Authenticate") == "Bearer error=\"invalid_token\"")
                #expect(!refusal.body.contains("Reader"))
            }
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
