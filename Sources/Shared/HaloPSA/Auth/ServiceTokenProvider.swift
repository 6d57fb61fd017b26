/// The service account's token (Client Credentials): cached, renewed shortly before it expires, with at
/// most one token request in flight however many callers need it at once.
actor ServiceTokenProvider {
    private let fetch: @Sendable () async throws -> HaloToken
    private let clock: any InstantSource
    private var cached: (token: String, renewAt: ContinuousClock.Instant)?
    private var inFlight: Task<HaloToken, any Error>?

    /// `fetch` performs the client-credentials grant; `clock` tells when a token is due for renewal.
    init(clock: any InstantSource, fetch: @escaping @Sendable () async throws -> HaloToken) {
        self.clock = clock
        self.fetch = fetch
    }

    /// A valid access token, fetched only when there is none or it is about to expire.
    func accessToken() async throws -> String {
        if let cached, clock.now < cached.renewAt { return cached.token }
        if let inFlight { return try await inFlight.value.accessToken }
        let task = Task { [fetch] in try await fetch() }
        inFlight = task
        defer { inFlight = nil }
        let token = try await task.value
        // Renew at 90% of the lifetime, and at least 30 s before expiry.
        let lifetime = Double(max(token.expiresIn, 1))
        let renewAfter = max(min(lifetime * 0.9, lifetime - 30), lifetime * 0.5)
        cached = (token.accessToken, clock.now + .seconds(renewAfter))
        return token.accessToken
    }

    /// Drops the cached token (after HaloPSA answered 401 to it).
    func invalidate(_ token: String) {
        if cached?.token == token { cached = nil }
    }
}
