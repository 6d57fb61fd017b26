import Shared

extension ServerSettings {
    /// The settings of a validated `hmcp-serve` configuration (the `HMCP_*` variables).
    /// - Throws: ``ServerSettingsError/notServeConfiguration`` for another program's configuration.
    public init(configuration: Configuration) throws {
        guard let serve = configuration.serve else { throw ServerSettingsError.notServeConfiguration }
        self.init(
            publicURL: serve.publicURL, host: serve.host, port: serve.port, stateDatabasePath: serve.stateDatabasePath,
            encryptionKey: serve.encryptionKey, previousEncryptionKey: serve.previousEncryptionKey,
            allowedOrigins: serve.allowedOrigins, sessionIdleSeconds: serve.sessionIdleSeconds,
            accessTokenTTL: serve.accessTokenTTL, refreshTokenTTL: serve.refreshTokenTTL, readOnly: serve.readOnly,
            toolAllowlist: serve.tools.isEmpty ? nil : serve.tools, halo: configuration.halo,
            signInRateLimit: serve.signInRateLimit, trustForwardedFor: serve.trustForwardedFor, maxSessions: serve.maxSessions, maxSessionsPerAgent: serve.maxSessionsPerAgent,
            httpIdleTimeoutSeconds: configuration.httpIdleTimeoutSeconds,
            semanticSearch: serve.semanticSearch
                ? SemanticSearchSettings(
                    dataDirectory: configuration.dataDirectory, embedding: configuration.embedding,
                    permissionCacheTTL: serve.permissionCacheTTL, permissionConcurrency: serve.permissionConcurrency,
                    candidateCap: serve.searchCandidateCap, deadline: .seconds(serve.searchDeadlineSeconds))
                : nil,
            metricsToken: serve.metricsToken)
    }
}

/// A configuration that cannot become server settings.
public enum ServerSettingsError: Error, CustomStringConvertible {
    /// The configuration was loaded for `hmcp-index`.
    case notServeConfiguration

    /// One line.
    public var description: String { "the configuration was not loaded for hmcp-serve" }
}
