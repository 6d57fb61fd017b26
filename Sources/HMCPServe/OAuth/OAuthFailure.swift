import HTTPTypes
import Hummingbird

/// The JSON error body of RFC 6749 §5.2 (also used by registration, RFC 7591 §3.2.2).
struct OAuthErrorBody: Encodable, Sendable {
    let error: String
    let description: String?

    enum CodingKeys: String, CodingKey {
        case error
        case description = "error_description"
    }
}

/// An OAuth error answered as JSON with `Cache-Control: no-store`.
struct OAuthFailure: Error, Sendable {
    /// The RFC error code (`invalid_grant`, `invalid_client`, ...).
    let code: String
    /// A sentence for the client's developer; never contains a secret.
    let description: String
    /// The HTTP status.
    let status: HTTPResponse.Status
    /// Extra headers (`WWW-Authenticate: Basic` for a failed Basic authentication).
    var headers: HTTPFields = [:]

    static func invalidRequest(_ description: String) -> Self {
        .init(code: "invalid_request", description: description, status: .badRequest)
    }
    static func invalidClient(_ description: String, basic: Bool = false) -> Self {
        var failure = Self(code: "invalid_client", description: description, status: .unauthorized)
        if basic { failure.headers[.wwwAuthenticate] = "Basic realm=\"hmcp\"" }
        return failure
    }
    static func invalidGrant(_ description: String) -> Self {
        .init(code: "invalid_grant", description: description, status: .badRequest)
    }
    static func invalidTarget(_ description: String) -> Self {
        .init(code: "invalid_target", description: description, status: .badRequest)
    }
    static func unsupportedGrantType(_ description: String) -> Self {
        .init(code: "unsupported_grant_type", description: description, status: .badRequest)
    }
    static func invalidRedirectURI(_ description: String) -> Self {
        .init(code: "invalid_redirect_uri", description: description, status: .badRequest)
    }
    static func invalidClientMetadata(_ description: String) -> Self {
        .init(code: "invalid_client_metadata", description: description, status: .badRequest)
    }

    /// The JSON response.
    var response: Response {
        Responses.json(OAuthErrorBody(error: code, description: description), status: status, noStore: true, headers: headers)
    }
}
