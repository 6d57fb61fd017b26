import Crypto
import Foundation
import Synchronization

/// A refusal at the token or authorize endpoint, in OAuth's shape (`{"error": …}`), as Halo's token endpoint answers.
struct OAuthError: Error, Equatable {
    /// HTTP status (400, or 401 for client authentication failures).
    var status: Int
    /// OAuth error code, e.g. `invalid_grant`.
    var code: String
    /// Human explanation (`error_description`).
    var explanation: String

    static func invalidRequest(_ description: String) -> OAuthError { OAuthError(status: 400, code: "invalid_request", explanation: description) }
    static func invalidGrant(_ description: String) -> OAuthError { OAuthError(status: 400, code: "invalid_grant", explanation: description) }
    static let invalidClient = OAuthError(status: 401, code: "invalid_client", explanation: "Client authentication failed")
}

/// The parameters of `/auth/authorize`, validated.
struct AuthorizationRequest: Sendable {
    var clientID: String
    var redirectURI: String
    var scope: String
    var state: String?
    var codeChallenge: String?

    /// The OAuth parameters carried by the login page's hidden fields.
    var hiddenFields: [(String, String)] {
        var fields = [("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirectURI), ("scope", scope)]
        if let state { fields.append(("state", state)) }
        if let codeChallenge { fields += [("code_challenge", codeChallenge), ("code_challenge_method", "S256")] }
        return fields
    }
}

/// The simulated Halo authorisation server: client_credentials, authorization_code with PKCE (S256) and
/// rotating single-use refresh tokens. Codes and refresh tokens move through explicit states.
final class AuthorizationServer: Sendable {
    /// Registered API applications.
    let applications: [OAuthApplication]
    /// Signs and checks access tokens.
    let signer: AccessTokenSigner
    private let accessTokenLifetime: Int
    private let agentDirectory: @Sendable (Int) -> Agent?
    private let grants = Mutex(Grants())

    /// Lifecycle of an authorisation code.
    enum CodeState: Sendable { case issued, redeemed }
    /// Lifecycle of a refresh token.
    enum RefreshState: Sendable { case active, rotated }

    private struct IssuedCode {
        var request: AuthorizationRequest
        var agentID: Int
        var expires: Int
        var state: CodeState
    }

    private struct RefreshGrant {
        var clientID: String
        var agentID: Int
        var scope: String
        var expires: Int
        var state: RefreshState
    }

    private struct Grants {
        var codes: [String: IssuedCode] = [:]
        var refreshTokens: [String: RefreshGrant] = [:]
    }

    /// A server for `applications`, issuing access tokens valid for `accessTokenLifetime` seconds;
    /// `agentDirectory` names the agents in identity tokens.
    init(applications: [OAuthApplication], accessTokenLifetime: Int, agentDirectory: @escaping @Sendable (Int) -> Agent?) {
        self.applications = applications
        self.agentDirectory = agentDirectory
        self.accessTokenLifetime = accessTokenLifetime
        signer = AccessTokenSigner()
    }

    private func application(_ clientID: String?) -> OAuthApplication? {
        applications.first { $0.clientID == clientID }
    }

    /// Validates the parameters of an authorisation request (GET shows the login page, POST logs in).
    func validate(_ parameters: [String: String]) throws(OAuthError) -> AuthorizationRequest {
        guard parameters["response_type"] == "code" else { throw .invalidRequest("response_type must be 'code'") }
        guard let app = application(parameters["client_id"]), app.kind == .authorizationCode else {
            throw OAuthError(status: 400, code: "unauthorized_client", explanation: "Unknown client_id or client not allowed to log agents in")
        }
        guard let redirect = parameters["redirect_uri"], let url = URL(string: redirect),
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil
        else { throw .invalidRequest("redirect_uri must be an absolute http(s) URL") }
        let challenge = parameters["code_challenge"].flatMap { $0.isEmpty ? nil : $0 }
        if challenge != nil, parameters["code_challenge_method"] != "S256" {
            throw .invalidRequest("code_challenge_method must be S256")
        }
        return AuthorizationRequest(
            clientID: app.clientID, redirectURI: redirect, scope: parameters["scope"] ?? "", state: parameters["state"],
            codeChallenge: challenge)
    }

    /// Issues a single-use code for `agentID` after a successful login.
    func issueCode(for request: AuthorizationRequest, agentID: Int, now: Int) -> String {
        let code = Base64URL.random()
        grants.withLock {
            $0.codes[code] = IssuedCode(request: request, agentID: agentID, expires: now + InferredBehaviour.authorizationCodeLifetime, state: .issued)
        }
        return code
    }

    /// Answers `POST /auth/token` for the form fields given; the JSON body of a 200 answer.
    func token(_ form: [String: String], now: Int) throws(OAuthError) -> JSONValue {
        switch form["grant_type"] {
        case "client_credentials": return try clientCredentials(form, now: now)
        case "authorization_code": return try authorizationCode(form, now: now)
        case "refresh_token": return try refresh(form, now: now)
        case nil: throw .invalidRequest("grant_type is required")
        default: throw OAuthError(status: 400, code: "unsupported_grant_type", explanation: "Unsupported grant_type")
        }
    }

    private func clientCredentials(_ form: [String: String], now: Int) throws(OAuthError) -> JSONValue {
        guard let app = application(form["client_id"]), let secret = form["client_secret"], app.secretMatches(secret) else {
            throw .invalidClient
        }
        guard case .service(let agentID) = app.kind else {
            throw OAuthError(status: 400, code: "unauthorized_client", explanation: "Client not allowed to use client_credentials")
        }
        let scope = Self.normalised(form["scope"] ?? "").subtracting(["offline_access"]).sorted().joined(separator: " ")
        return tokenResponse(agentID: agentID, clientID: app.clientID, scope: scope, now: now, refresh: false)
    }

    private func authenticateUserApp(_ form: [String: String]) throws(OAuthError) -> OAuthApplication {
        guard let app = application(form["client_id"]), app.kind == .authorizationCode else { throw .invalidClient }
        if let secret = form["client_secret"], !app.secretMatches(secret) { throw .invalidClient }
        return app
    }

    private func authorizationCode(_ form: [String: String], now: Int) throws(OAuthError) -> JSONValue {
        let app = try authenticateUserApp(form)
        guard let code = form["code"] else { throw .invalidRequest("code is required") }
        let issued: IssuedCode = try grants.withLock { (grants) throws(OAuthError) -> IssuedCode in
            guard var issued = grants.codes[code], issued.state == .issued, issued.expires > now else {
                throw .invalidGrant("The authorization code is invalid, expired or already used")
            }
            issued.state = .redeemed
            grants.codes[code] = issued
            return issued
        }
        guard issued.request.clientID == app.clientID else { throw .invalidGrant("The code was issued to another client") }
        guard form["redirect_uri"] == issued.request.redirectURI else { throw .invalidGrant("redirect_uri does not match") }
        if let challenge = issued.request.codeChallenge {
            guard let verifier = form["code_verifier"], Self.s256(verifier) == challenge else {
                throw .invalidGrant("PKCE verification failed")
            }
        }
        return tokenResponse(agentID: issued.agentID, clientID: app.clientID, scope: issued.request.scope, now: now, refresh: true)
    }

    private func refresh(_ form: [String: String], now: Int) throws(OAuthError) -> JSONValue {
        let app = try authenticateUserApp(form)
        guard let token = form["refresh_token"] else { throw .invalidRequest("refresh_token is required") }
        let grant: RefreshGrant = try grants.withLock { (grants) throws(OAuthError) -> RefreshGrant in
            guard var grant = grants.refreshTokens[token], grant.state == .active, grant.expires > now,
                grant.clientID == app.clientID
            else { throw .invalidGrant("The refresh token is invalid, expired or already used") }
            grant.state = .rotated
            grants.refreshTokens[token] = grant
            return grant
        }
        return tokenResponse(agentID: grant.agentID, clientID: app.clientID, scope: grant.scope, now: now, refresh: true)
    }

    private func tokenResponse(agentID: Int, clientID: String, scope: String, now: Int, refresh: Bool) -> JSONValue {
        let claims = AccessTokenClaims(agentID: agentID, scope: scope, expires: now + accessTokenLifetime, clientID: clientID)
        var body: JSONValue = [
            "access_token": .string(signer.token(for: claims, issuedAt: now)), "token_type": "Bearer",
            "expires_in": .int(accessTokenLifetime), "scope": .string(scope),
        ]
        guard refresh else { return body }
        if let agent = agentDirectory(agentID) {
            let identity = signer.identityToken(agent: agent, clientID: clientID, issuedAt: now, expires: now + accessTokenLifetime)
            body = body.setting("id_token", .string(identity))
        }
        if Self.normalised(scope).contains("offline_access") {
            let refreshToken = Base64URL.random()
            grants.withLock {
                $0.refreshTokens[refreshToken] = RefreshGrant(
                    clientID: clientID, agentID: agentID, scope: scope,
                    expires: now + InferredBehaviour.refreshTokenLifetime, state: .active)
            }
            body = body.setting("refresh_token", .string(refreshToken))
        }
        return body
    }

    /// The claims of a valid, unexpired bearer token.
    func verify(_ token: String, now: Int) -> AccessTokenClaims? { signer.verify(token, now: now) }

    /// BASE64URL(SHA256(verifier)), the S256 code challenge.
    static func s256(_ verifier: String) -> String {
        Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    private static func normalised(_ scope: String) -> Set<String> {
        Set(scope.split(whereSeparator: { $0 == " " || $0 == "+" }).map(String.init))
    }
}
