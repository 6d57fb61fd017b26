import Foundation

/// The settings only `hmcp-serve` needs, validated at start.
public struct ServeConfiguration: Sendable {
    /// The public origin clients are given, e.g. `https://mcp.example.com` (no trailing slash).
    public let publicURL: String
    /// Bind address.
    public let host: String
    /// Listen port.
    public let port: Int
    /// Key material for sealing HaloPSA tokens (at least 32 characters).
    public let encryptionKey: String
    /// The key before a rotation, used only to open tokens sealed with it.
    public let previousEncryptionKey: String?
    /// Path of the state database.
    public let stateDatabasePath: String
    /// Browser origins allowed besides the public origin.
    public let allowedOrigins: [String]
    /// Idle MCP sessions are closed after this many seconds.
    public let sessionIdleSeconds: Int
    /// MCP access token lifetime, in seconds.
    public let accessTokenTTL: Int
    /// MCP refresh token lifetime, in seconds.
    public let refreshTokenTTL: Int
    /// Hide and refuse every tool that writes to HaloPSA.
    public let readOnly: Bool
    /// Allowlist of tool names; empty means all.
    public let tools: [String]
    /// Seconds a visibility check is cached per user.
    public let permissionCacheTTL: Int
    /// Concurrent visibility checks per search.
    public let permissionConcurrency: Int
    /// Most candidates one search checks.
    public let searchCandidateCap: Int
    /// Seconds after which a search starts no new permission check.
    public let searchDeadlineSeconds: Int
    /// Whether the semantic search tools are offered.
    public let semanticSearch: Bool
    /// Sign-in requests (`/register`, `/authorize`) one client address may make per minute.
    public let signInRateLimit: Int
    /// Whether the client address comes from `X-Forwarded-For`.
    public let trustForwardedFor: Bool
    /// Most MCP sessions open at once.
    public let maxSessions: Int
    /// Most MCP sessions one agent may hold.
    public let maxSessionsPerAgent: Int
    /// The bearer token `/metrics` requires, if any.
    public let metricsToken: String?

    /// Shortest accepted `HMCP_ENCRYPTION_KEY`.
    public static let minimumKeyLength = 32

    init(values: ConfigurationValues, dataDirectory: String) throws {
        typealias V = ConfigurationVariables
        if let url = try values.url(V.publicURL) {
            publicURL = url
        } else if let domain = values.string(V.publicDomain) {
            let candidate = domain.contains("://") ? domain : "https://" + domain
            let parsed = ConfigurationValues(environment: [V.publicURL.name: candidate])
            guard let url = try? parsed.url(V.publicURL) else {
                throw ConfigurationError(variable: V.publicDomain.name, problem: "expected a domain such as mcp.example.com, got \"\(domain)\"")
            }
            publicURL = url
        } else {
            throw ConfigurationError(
                variable: V.publicURL.name,
                problem: "is required by hmcp-serve (or HMCP_PUBLIC_DOMAIN): the public origin OAuth redirects and links use")
        }
        host = values.string(V.host) ?? V.host.defaultValue(as: String.self)
        port = try values.integer(V.port, in: 1...65535)
        encryptionKey = try Self.key(V.encryptionKey, values) ?? ""
        previousEncryptionKey = try Self.key(V.encryptionKeyPrevious, values)
        if let database = values.string(V.databaseURL) {
            guard database.hasPrefix("sqlite:") else {
                throw ConfigurationError(
                    variable: V.databaseURL.name,
                    problem: "only sqlite:PATH is supported (a PostgreSQL state store is planned), got another scheme")
            }
            stateDatabasePath = String(database.dropFirst("sqlite:".count)).replacingOccurrences(of: "//", with: "", options: .anchored)
        } else {
            stateDatabasePath = (dataDirectory as NSString).appendingPathComponent("state.sqlite")
        }
        allowedOrigins = values.list(V.allowedOrigins)
        sessionIdleSeconds = try values.integer(V.sessionIdleSeconds, in: 10...604_800)
        accessTokenTTL = try values.integer(V.accessTokenTTL, in: 60...86_400)
        refreshTokenTTL = try values.integer(V.refreshTokenTTL, in: 300...31_536_000)
        readOnly = try values.boolean(V.readOnly)
        tools = values.list(V.tools)
        permissionCacheTTL = try values.integer(V.permissionCacheTTL, in: 0...3600)
        permissionConcurrency = try values.integer(V.permissionConcurrency, in: 1...64)
        searchCandidateCap = try values.integer(V.searchCandidateCap, in: 10...100_000)
        searchDeadlineSeconds = try values.integer(V.searchDeadline, in: 1...600)
        semanticSearch = try values.boolean(V.semanticSearch)
        signInRateLimit = try values.integer(V.signInRateLimit, in: 1...10_000)
        trustForwardedFor = try values.boolean(V.trustForwardedFor)
        maxSessions = try values.integer(V.maxSessions, in: 1...100_000)
        maxSessionsPerAgent = try values.integer(V.maxSessionsPerAgent, in: 1...10_000)
        metricsToken = values.string(V.metricsToken)
    }

    private static func key(_ variable: ConfigurationVariable, _ values: ConfigurationValues) throws -> String? {
        guard let key = values.string(variable) else { return nil }
        guard key.count >= minimumKeyLength else {
            throw ConfigurationError(
                variable: variable.name, problem: "must be at least \(minimumKeyLength) characters (it has \(key.count))")
        }
        return key
    }
}

/// The settings only `hmcp-index` needs, validated at start.
public struct IndexConfiguration: Sendable {
    /// Concurrent HaloPSA requests while indexing.
    public let haloConcurrency: Int
    /// Versions kept on disk.
    public let keep: Int
    /// The webhook secret (Basic password or HMAC key); `nil` disables the listener.
    public let webhookSecret: String?
    /// The Basic auth user HaloPSA sends.
    public let webhookUsername: String
    /// Listener bind address.
    public let webhookHost: String
    /// Listener port.
    public let webhookPort: Int
    /// Quiet seconds after the last webhook before an incremental run starts.
    public let webhookDebounceSeconds: Int
    /// Where each run's figures are written for node_exporter, if anywhere.
    public let metricsTextfile: String?

    init(values: ConfigurationValues) throws {
        typealias V = ConfigurationVariables
        haloConcurrency = try values.integer(V.haloConcurrency, in: 1...32)
        keep = try values.integer(V.indexKeep, in: 1...100)
        webhookSecret = values.string(V.webhookSecret)
        webhookUsername = values.string(V.webhookUsername) ?? "halopsa"
        webhookHost = values.string(V.webhookHost) ?? "0.0.0.0"
        webhookPort = try values.integer(V.webhookPort, in: 1...65535)
        webhookDebounceSeconds = try values.integer(V.webhookDebounce, in: 0...3600)
        metricsTextfile = values.string(V.metricsTextfile)
    }
}
