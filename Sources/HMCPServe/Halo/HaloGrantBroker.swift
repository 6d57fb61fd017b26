import Foundation
import Logging
import Shared

/// Keeps each grant's HaloPSA tokens usable: seals them into the store, opens them for a call,
/// refreshes them shortly before they expire, and revokes the grant when HaloPSA refuses a refresh
/// (`invalid_grant`). Any other failed refresh (5xx, a maintenance page, no connection) keeps the grant.
///
/// HaloPSA refresh tokens are single-use, so refreshes of one grant run one at a time (concurrent
/// callers wait for the same refresh), and the stored tokens change only through a revision check,
/// so even two processes cannot both spend the same refresh token and keep the loser's result.
public actor HaloGrantBroker {
    private let store: any StateStore
    private let sealer: TokenSealer
    private let halo: any HaloUserAPI
    private let refreshMargin: TimeInterval
    private let clock: any InstantSource
    private let logger: Logger
    private var refreshes: [String: Task<String, any Error>] = [:]

    /// A broker over `store`, sealing with `sealer`, refreshing through `halo` when fewer than
    /// `refreshMargin` seconds remain as `clock` tells time.
    public init(
        store: any StateStore, sealer: TokenSealer, halo: any HaloUserAPI, refreshMargin: TimeInterval,
        clock: any InstantSource = ContinuousClock(), logger: Logger
    ) {
        self.store = store
        self.sealer = sealer
        self.halo = halo
        self.refreshMargin = refreshMargin
        self.clock = clock
        self.logger = logger
    }

    /// Stores a new grant for `agent` with HaloPSA's `token`, sealed.
    public func createGrant(clientID: String, agent: Agent, scope: String, resource: String, token: HaloToken)
        async throws -> HaloGrant
    {
        let id = RandomSecret.token(byteCount: 18)
        let grant = HaloGrant(
            id: id, clientID: clientID, agentID: agent.id, agentName: agent.name, scope: scope, resource: resource,
            tokens: try seal(token, grantID: id, keepingRefresh: nil), createdAt: clock.date)
        try await store.insertGrant(grant)
        return grant
    }

    /// Runs `body` with the grant's HaloPSA credential. A HaloPSA 401 triggers one refresh and one retry.
    ///
    /// - Throws: ``HaloGrantError/reauthorizationRequired`` when the grant is gone or HaloPSA refused to
    ///   refresh it (the grant and its MCP tokens are then revoked); ``HaloGrantError/haloUnavailable``
    ///   when the refresh failed any other way (the grant is kept); otherwise whatever `body` throws.
    public nonisolated func withCredential<T: Sendable>(
        grantID: String, _ body: @Sendable (HaloCredential) async throws -> T
    ) async throws -> T {
        let token = try await accessToken(grantID: grantID)
        do {
            return try await body(.user(accessToken: token))
        } catch let error as HaloAPIError where error.kind == .unauthorized {
            let renewed = try await refreshedAccessToken(grantID: grantID, replacing: token)
            return try await body(.user(accessToken: renewed))
        }
    }

    /// The grant's HaloPSA access token, refreshed first if it expires within the margin.
    public func accessToken(grantID: String) async throws -> String {
        guard let grant = try await store.grant(id: grantID) else { throw HaloGrantError.reauthorizationRequired }
        if grant.tokens.accessExpiresAt.timeIntervalSince(clock.date) > refreshMargin {
            return try sealer.open(grant.tokens.access, context: Self.context(grantID, "halo-access"))
        }
        return try await refreshedAccessToken(grantID: grantID, replacing: nil)
    }

    /// Refreshes the grant's tokens unless someone already did: when `staleToken` is given, a stored
    /// access token that differs from it is returned as is.
    func refreshedAccessToken(grantID: String, replacing staleToken: String?) async throws -> String {
        if let running = refreshes[grantID] { return try await running.value }
        let task = Task { try await self.refresh(grantID: grantID, staleToken: staleToken) }
        refreshes[grantID] = task
        defer { refreshes[grantID] = nil }
        return try await task.value
    }

    private func refresh(grantID: String, staleToken: String?) async throws -> String {
        guard let grant = try await store.grant(id: grantID) else { throw HaloGrantError.reauthorizationRequired }
        let current = try sealer.open(grant.tokens.access, context: Self.context(grantID, "halo-access"))
        let stillFresh = grant.tokens.accessExpiresAt.timeIntervalSince(clock.date) > refreshMargin
        if let staleToken, current != staleToken { return current }
        if staleToken == nil, stillFresh { return current }
        guard let sealedRefresh = grant.tokens.refresh else {
            try await revoke(grant, reason: "HaloPSA gave no refresh token")
            throw HaloGrantError.reauthorizationRequired
        }
        let refreshToken = try sealer.open(sealedRefresh, context: Self.context(grantID, "halo-refresh"))
        let renewed: HaloToken
        do {
            renewed = try await halo.refresh(refreshToken)
        } catch let error as HaloAPIError where error.oauthError == "invalid_grant" {
            try await revoke(grant, reason: "HaloPSA refused the refresh")
            throw HaloGrantError.reauthorizationRequired
        } catch {
            logger.warning(
                "HaloPSA refresh failed; the grant is kept", metadata: ["grant": "\(grantID.prefix(8))", "error": "\(error)"])
            throw HaloGrantError.haloUnavailable
        }
        let sealed = try seal(renewed, grantID: grantID, keepingRefresh: refreshToken)
        if try await store.replaceGrantTokens(id: grantID, tokens: sealed, expectedRevision: grant.revision) {
            logger.info("HaloPSA token refreshed", metadata: ["grant": "\(grantID.prefix(8))", "agent": "\(grant.agentID)"])
            return renewed.accessToken
        }
        guard let winner = try await store.grant(id: grantID) else { throw HaloGrantError.reauthorizationRequired }
        return try sealer.open(winner.tokens.access, context: Self.context(grantID, "halo-access"))
    }

    private func revoke(_ grant: HaloGrant, reason: String) async throws {
        logger.warning(
            "revoking grant: \(reason)", metadata: ["grant": "\(grant.id.prefix(8))", "agent": "\(grant.agentID)"])
        try await store.deleteGrant(id: grant.id)
    }

    /// Seals `token` for `grantID`; HaloPSA may omit a new refresh token, then the old one is kept.
    private func seal(_ token: HaloToken, grantID: String, keepingRefresh previous: String?) throws -> SealedHaloTokens {
        try Self.seal(
            access: token.accessToken, refresh: token.refreshToken ?? previous,
            accessExpiresAt: clock.date.addingTimeInterval(TimeInterval(max(token.expiresIn, 0))), grantID: grantID, with: sealer)
    }

    /// Seals a grant's HaloPSA tokens with `sealer`'s current key, each bound to its row and column.
    static func seal(
        access: String, refresh: String?, accessExpiresAt: Date, grantID: String, with sealer: TokenSealer
    ) throws -> SealedHaloTokens {
        SealedHaloTokens(
            access: try sealer.seal(access, context: context(grantID, "halo-access")),
            refresh: try refresh.map { try sealer.seal($0, context: context(grantID, "halo-refresh")) },
            accessExpiresAt: accessExpiresAt)
    }

    /// The associated data binding a sealed value to its row and column.
    static func context(_ grantID: String, _ column: String) -> String { "grant:\(grantID):\(column)" }
}

/// Why a grant cannot give a HaloPSA credential.
public enum HaloGrantError: Error, CustomStringConvertible {
    /// The grant was revoked (or HaloPSA refused to refresh it): the user must authorize again.
    case reauthorizationRequired
    /// The refresh failed for a reason other than a refusal (5xx, an HTML page, no connection): the
    /// grant is kept and a later call tries again.
    case haloUnavailable

    /// A sentence for the model and the user.
    public var description: String {
        switch self {
        case .reauthorizationRequired:
            "Your HaloPSA sign-in has expired or was revoked. Reconnect this MCP server to sign in to HaloPSA again."
        case .haloUnavailable:
            "HaloPSA is unavailable right now, so your sign-in could not be renewed (it is kept). Try again in a few minutes."
        }
    }
}
