import Foundation
import Shared

/// Everything `hmcp-serve` needs to run, already validated in shape (the configuration layer maps the
/// `HMCP_*` variables into it; tests build it directly).
public struct ServerSettings: Sendable {
    /// The public origin clients are given, e.g. `https://mcp.example.com` (no path, no trailing slash).
    /// It is the OAuth issuer and the base of every URL in the metadata documents.
    public var publicURL: String
    /// Address to bind (`HMCP_HOST`).
    public var host: String
    /// Port to bind (`HMCP_PORT`; 0 picks a free one).
    public var port: Int
    /// Path of `state.sqlite` (`HMCP_DATA_DIR/state.sqlite` or `HMCP_DATABASE_URL=sqlite:PATH`).
    public var stateDatabasePath: String
    /// Seals HaloPSA tokens at rest (`HMCP_ENCRYPTION_KEY`, at least 32 characters).
    public var encryptionKey: String
    /// A retired key that still opens old values (`HMCP_ENCRYPTION_KEY_PREVIOUS`).
    public var previousEncryptionKey: String?
    /// Browser origins allowed to call us besides the public origin; `*` allows any (`HMCP_ALLOWED_ORIGINS`).
    public var allowedOrigins: [String]
    /// An MCP session without requests or open streams for this long is closed (`HMCP_SESSION_IDLE_SECONDS`).
    public var sessionIdleSeconds: Int
    /// Lifetime of an MCP access token in seconds (`HMCP_ACCESS_TOKEN_TTL`).
    public var accessTokenTTL: Int
    /// Lifetime of an MCP refresh token in seconds (`HMCP_REFRESH_TOKEN_TTL`).
    public var refreshTokenTTL: Int
    /// Hide and refuse every tool that writes to HaloPSA (`HMCP_READ_ONLY`).
    public var readOnly: Bool
    /// Only these tools are offered, when set (`HMCP_TOOLS`).
    public var toolAllowlist: [String]?
    /// How to reach HaloPSA and which application users log in through.
    public var halo: HaloSettings
    /// How often an idle SSE stream gets a keep-alive comment, in seconds.
    public var keepAliveSeconds: Int
    /// Lifetime of an unfinished authorization (consent and HaloPSA login), in seconds.
    public var authorizationTTL: Int
    /// Lifetime of our one-time authorization code, in seconds.
    public var authorizationCodeTTL: Int
    /// A HaloPSA access token this close to expiry is refreshed before use, in seconds.
    public var haloRefreshMargin: Int
    /// How often expired state is swept from `state.sqlite`, in seconds.
    public var cleanupIntervalSeconds: Int
    /// `POST /register` and `GET /authorize` requests one client address may make per minute
    /// (`HMCP_SIGNIN_RATE_LIMIT`).
    public var signInRateLimit: Int
    /// Take the client address from `X-Forwarded-For` (`HMCP_TRUST_FORWARDED_FOR`; only behind a proxy that sets it).
    public var trustForwardedFor: Bool
    /// Most MCP sessions open at once, over both transports (`HMCP_MAX_SESSIONS`).
    public var maxSessions: Int
    /// Most MCP sessions one HaloPSA agent may hold open (`HMCP_MAX_SESSIONS_PER_AGENT`).
    public var maxSessionsPerAgent: Int
    /// An HTTP connection with no request in progress this long is closed, in seconds
    /// (`HMCP_HTTP_IDLE_TIMEOUT_SECONDS`).
    public var httpIdleTimeoutSeconds: Int
    /// Semantic search over the published index; `nil` turns the search tools off (`HMCP_SEMANTIC_SEARCH`).
    public var semanticSearch: SemanticSearchSettings?
    /// The bearer token `GET /metrics` requires; `nil` leaves it open (`HMCP_METRICS_TOKEN`).
    public var metricsToken: String?

    /// Settings with hmcp's defaults (those of the `HMCP_*` variables where one exists) for everything
    /// but the deployment-specific values.
    public init(
        publicURL: String, host: String = ConfigurationVariables.host.defaultValue(as: String.self),
        port: Int = ConfigurationVariables.port.defaultValue(as: Int.self), stateDatabasePath: String = "./data/state.sqlite",
        encryptionKey: String, previousEncryptionKey: String? = nil, allowedOrigins: [String] = [],
        sessionIdleSeconds: Int = ConfigurationVariables.sessionIdleSeconds.defaultValue(as: Int.self),
        accessTokenTTL: Int = ConfigurationVariables.accessTokenTTL.defaultValue(as: Int.self),
        refreshTokenTTL: Int = ConfigurationVariables.refreshTokenTTL.defaultValue(as: Int.self),
        readOnly: Bool = ConfigurationVariables.readOnly.defaultValue(as: Bool.self), toolAllowlist: [String]? = nil,
        halo: HaloSettings, keepAliveSeconds: Int = 15, authorizationTTL: Int = 600, authorizationCodeTTL: Int = 300,
        haloRefreshMargin: Int = 60, cleanupIntervalSeconds: Int = 300,
        signInRateLimit: Int = ConfigurationVariables.signInRateLimit.defaultValue(as: Int.self),
        trustForwardedFor: Bool = ConfigurationVariables.trustForwardedFor.defaultValue(as: Bool.self),
        maxSessions: Int = ConfigurationVariables.maxSessions.defaultValue(as: Int.self),
        maxSessionsPerAgent: Int = ConfigurationVariables.maxSessionsPerAgent.defaultValue(as: Int.self),
        httpIdleTimeoutSeconds: Int = ConfigurationVariables.httpIdleTimeout.defaultValue(as: Int.self),
        semanticSearch: SemanticSearchSettings? = nil, metricsToken: String? = nil
    ) {
        var origin = publicURL
        while origin.hasSuffix("/") { origin.removeLast() }
        self.publicURL = origin
        self.host = host
        self.port = port
        self.stateDatabasePath = stateDatabasePath
        self.encryptionKey = encryptionKey
        self.previousEncryptionKey = previousEncryptionKey
        self.allowedOrigins = allowedOrigins
        self.sessionIdleSeconds = sessionIdleSeconds
        self.accessTokenTTL = accessTokenTTL
        self.refreshTokenTTL = refreshTokenTTL
        self.readOnly = readOnly
        self.toolAllowlist = toolAllowlist
        self.halo = halo
        self.keepAliveSeconds = keepAliveSeconds
        self.authorizationTTL = authorizationTTL
        self.authorizationCodeTTL = authorizationCodeTTL
        self.haloRefreshMargin = haloRefreshMargin
        self.cleanupIntervalSeconds = cleanupIntervalSeconds
        self.signInRateLimit = signInRateLimit
        self.trustForwardedFor = trustForwardedFor
        self.maxSessions = maxSessions
        self.maxSessionsPerAgent = maxSessionsPerAgent
        self.httpIdleTimeoutSeconds = httpIdleTimeoutSeconds
        self.semanticSearch = semanticSearch
        self.metricsToken = metricsToken
    }
}
