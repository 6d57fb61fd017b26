import AsyncHTTPClient
import Foundation
import Shared

/// Drives our OAuth relay the way a headless MCP client and a user would: registration, authorize,
/// consent form, the simulator's login form, callback, token. Every step is a real HTTP request.
struct OAuthDriver: Sendable {
    let stack: any RunningServer
    var redirectURI = "http://127.0.0.1:65000/callback"
    /// The path of the resource (RFC 8707) the tokens are asked for.
    var resourcePath = "/mcp"

    var http: HTTPClient { stack.http }
    var base: String { stack.baseURL }

    /// Registers a public client; returns its id.
    func register(name: String = "Swift test client", authMethod: String = "none") async throws -> (id: String, secret: String?) {
        let reply = try await http.postJSON(
            base + "/register",
            ["redirect_uris": [redirectURI], "client_name": name, "token_endpoint_auth_method": authMethod])
        guard reply.status == 201, let id = reply.json["client_id"] as? String else {
            throw StackError("registration failed: \(reply.status) \(reply.body)")
        }
        return (id, reply.json["client_secret"] as? String)
    }

    /// `GET /authorize` for `clientID` with a fresh PKCE pair; returns the consent page reply and the verifier.
    func authorize(clientID: String, extra: [(String, String)] = [], state: String = "client-state") async throws
        -> (reply: Reply, verifier: String)
    {
        let pkce = PKCE.makePair()
        let query = formEncode(
            [
                ("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirectURI), ("state", state),
                ("code_challenge", pkce.challenge), ("code_challenge_method", "S256"), ("resource", base + resourcePath),
            ] + extra)
        return (try await http.send(.GET, base + "/authorize?" + query), pkce.verifier)
    }

    /// The hidden field `name` of an HTML form.
    static func hiddenField(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// Submits the consent page in `page` (with its cookie) and returns the reply (302 to HaloPSA).
    func consent(_ page: Reply, decision: String = "approve") async throws -> Reply {
        guard let authorization = Self.hiddenField("authorization", in: page.body),
            let csrf = Self.hiddenField("csrf", in: page.body), let cookie = page.header("Set-Cookie")
        else { throw StackError("no consent form in: \(page.status) \(page.body.prefix(300))") }
        let cookiePair = String(cookie.split(separator: ";")[0])
        return try await http.postForm(
            base + "/authorize/consent", [("authorization", authorization), ("csrf", csrf), ("decision", decision)],
            headers: [("Cookie", cookiePair), ("Origin", base)])
    }

    /// Logs `username` in at the simulator's form behind `haloRedirect`; returns HaloPSA's 302 (to our callback).
    func haloLogin(_ haloRedirect: Reply, username: String) async throws -> Reply {
        guard let location = haloRedirect.header("Location"), let components = URLComponents(string: location) else {
            throw StackError("no redirect to HaloPSA: \(haloRedirect.status) \(haloRedirect.body.prefix(300))")
        }
        var fields = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        fields.append(("username", username))
        var action = components
        action.query = components.queryItems?.first(where: { $0.name == "tenant" }).map { "tenant=\($0.value ?? "")" }
        return try await http.postForm(action.string ?? location, fields)
    }

    /// Follows HaloPSA's redirect to our callback in the browser that got `consented` (it sends the
    /// sign-in cookie that reply set; `nil` plays another browser); returns our 302 to the client.
    func callback(_ haloAnswer: Reply, browser consented: Reply?) async throws -> Reply {
        guard let location = haloAnswer.header("Location") else {
            throw StackError("HaloPSA login did not redirect: \(haloAnswer.status) \(haloAnswer.body.prefix(300))")
        }
        let cookie = consented?.cookie(named: "hmcp-signin-")
        return try await http.send(.GET, location, headers: cookie.map { [("Cookie", $0)] } ?? [])
    }

    /// Exchanges `code` at `/token`.
    func token(code: String, verifier: String, clientID: String, extra: [(String, String)] = []) async throws -> Reply {
        try await http.postForm(
            base + "/token",
            [
                ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("client_id", clientID),
                ("code_verifier", verifier), ("resource", base + resourcePath),
            ] + extra)
    }

    /// The whole flow for `username`, up to our one-time code.
    func code(for username: String, clientID: String) async throws -> (code: String, verifier: String) {
        let (page, verifier) = try await authorize(clientID: clientID)
        let toHalo = try await consent(page)
        let back = try await callback(try await haloLogin(toHalo, username: username), browser: toHalo)
        guard let code = back.locationQuery["code"] else {
            throw StackError("no code in redirect: \(back.status) \(back.header("Location") ?? "-")")
        }
        return (code, verifier)
    }

    /// The whole flow for `username`: an access and a refresh token.
    func tokens(for username: String) async throws -> (access: String, refresh: String, clientID: String) {
        let client = try await register()
        let (code, verifier) = try await code(for: username, clientID: client.id)
        let reply = try await token(code: code, verifier: verifier, clientID: client.id)
        guard reply.status == 200, let access = reply.json["access_token"] as? String,
            let refresh = reply.json["refresh_token"] as? String
        else { throw StackError("token exchange failed: \(reply.status) \(reply.body)") }
        return (access, refresh, client.id)
    }
}
