/// Protected-resource metadata (RFC 9728) for one of our resources.
struct ProtectedResourceMetadata: Encodable, Sendable {
    let resource: String
    let authorizationServers: [String]
    let scopesSupported: [String]
    let bearerMethodsSupported: [String]
    let resourceName: String

    init(urls: PublicURLs, resource: ProtectedResource) {
        self.resource = urls.identifier(of: resource)
        authorizationServers = [urls.issuer]
        scopesSupported = MCPScope.supported
        bearerMethodsSupported = ["header"]
        resourceName = "HaloPSA MCP server"
    }

    enum CodingKeys: String, CodingKey {
        case resource
        case authorizationServers = "authorization_servers"
        case scopesSupported = "scopes_supported"
        case bearerMethodsSupported = "bearer_methods_supported"
        case resourceName = "resource_name"
    }
}

/// Authorization-server metadata (RFC 8414); the same document answers OpenID discovery.
struct AuthorizationServerMetadata: Encodable, Sendable {
    let issuer: String
    let authorizationEndpoint: String
    let tokenEndpoint: String
    let registrationEndpoint: String
    let revocationEndpoint: String
    let responseTypesSupported = ["code"]
    let responseModesSupported = ["query"]
    let grantTypesSupported = ["authorization_code", "refresh_token"]
    let codeChallengeMethodsSupported = ["S256"]
    let tokenEndpointAuthMethodsSupported = ClientAuthMethod.allCases.map(\.rawValue)
    let revocationEndpointAuthMethodsSupported = ClientAuthMethod.allCases.map(\.rawValue)
    let scopesSupported = MCPScope.supported
    let authorizationResponseIssParameterSupported = true

    init(urls: PublicURLs) {
        issuer = urls.issuer
        authorizationEndpoint = urls.authorizationEndpoint
        tokenEndpoint = urls.tokenEndpoint
        registrationEndpoint = urls.registrationEndpoint
        revocationEndpoint = urls.revocationEndpoint
    }

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case registrationEndpoint = "registration_endpoint"
        case revocationEndpoint = "revocation_endpoint"
        case responseTypesSupported = "response_types_supported"
        case responseModesSupported = "response_modes_supported"
        case grantTypesSupported = "grant_types_supported"
        case codeChallengeMethodsSupported = "code_challenge_methods_supported"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case revocationEndpointAuthMethodsSupported = "revocation_endpoint_auth_methods_supported"
        case scopesSupported = "scopes_supported"
        case authorizationResponseIssParameterSupported = "authorization_response_iss_parameter_supported"
    }
}

/// How a client proves itself at `/token` and `/revoke`.
enum ClientAuthMethod: String, CaseIterable, Sendable {
    /// A public client: no secret, PKCE protects the code.
    case none
    /// `client_id` and `client_secret` in the form.
    case clientSecretPost = "client_secret_post"
    /// HTTP Basic with the client id and secret.
    case clientSecretBasic = "client_secret_basic"

    /// Whether the method uses a client secret.
    var usesSecret: Bool { self != .none }
}
