import Foundation

/// The query server's own state: registered OAuth clients, authorizations in progress, HaloPSA grants
/// and the MCP tokens issued for them.
///
/// One protocol so the backing store can change (SQLite now, PostgreSQL for several replicas later)
/// without touching the relay. Secrets never reach the store in the clear: MCP tokens, codes, states
/// and CSRF tokens arrive as SHA-256 digests, HaloPSA tokens as AES-GCM ``SealedValue``s.
/// Every state change that must happen once (a code exchanged, a refresh token rotated) is a single
/// conditional write that reports whether it won.
public protocol StateStore: Sendable {
    /// Saves a newly registered client.
    func insertClient(_ client: RegisteredClient) async throws
    /// The client registered under `id`, if any.
    func client(id: String) async throws -> RegisteredClient?

    /// Saves a new authorization in its first phase.
    func insertAuthorization(_ authorization: AuthorizationRecord) async throws
    /// The authorization with `id`, if any (expired ones included: callers check `expiresAt`).
    func authorization(id: String) async throws -> AuthorizationRecord?
    /// The authorization whose current phase carries the secret with this digest.
    func authorization(secretDigest: String) async throws -> AuthorizationRecord?
    /// Replaces an authorization only if it is still in phase `expected`; `false` if another request
    /// moved it first (or it is gone).
    func replaceAuthorization(_ authorization: AuthorizationRecord, expecting expected: AuthorizationPhase.Kind)
        async throws -> Bool
    /// Forgets an authorization.
    func deleteAuthorization(id: String) async throws

    /// Saves a grant (a user's sealed HaloPSA tokens, obtained through one authorization).
    func insertGrant(_ grant: HaloGrant) async throws
    /// The grant with `id`, if it has not been revoked.
    func grant(id: String) async throws -> HaloGrant?
    /// Stores refreshed HaloPSA tokens only if the grant is still at `expectedRevision`; `false` when
    /// another refresh won (the caller then reads the grant again).
    func replaceGrantTokens(id: String, tokens: SealedHaloTokens, expectedRevision: Int) async throws -> Bool
    /// Revokes a grant and every MCP token issued for it.
    func deleteGrant(id: String) async throws
    /// Up to `limit` ids, in order, after `after` (from the start when nil), of grants whose tokens were
    /// sealed with another key than `keyID`: the ones a key rotation must re-seal.
    func grantIDs(sealedWithKeyOtherThan keyID: String, after: String?, limit: Int) async throws -> [String]

    /// Saves issued MCP tokens (digests only).
    func insertTokens(_ tokens: [IssuedToken]) async throws
    /// The issued token with this digest, active or rotated.
    func token(digest: String) async throws -> IssuedToken?
    /// Marks an active refresh token as rotated and saves its replacements, atomically; `false` if the
    /// token was not active any more (a replay).
    func rotateRefreshToken(digest: String, replacements: [IssuedToken]) async throws -> Bool
    /// Forgets one issued token.
    func deleteToken(digest: String) async throws

    /// Removes expired authorizations and tokens, grants left without tokens, and clients unused for
    /// `unusedClientAge`; returns how many rows went.
    func removeExpired(now: Date, unusedClientAge: TimeInterval) async throws -> Int
    /// Throws if the store cannot be read (the readiness check).
    func checkAvailable() async throws
}

/// A client registered through dynamic client registration (RFC 7591).
public struct RegisteredClient: Sendable, Equatable, Codable {
    /// Our random `client_id`.
    public var clientID: String
    /// The name shown on the consent page.
    public var clientName: String?
    /// Exact redirect URIs the client may use.
    public var redirectURIs: [String]
    /// `authorization_code`, `refresh_token`.
    public var grantTypes: [String]
    /// `code`.
    public var responseTypes: [String]
    /// `none`, `client_secret_post` or `client_secret_basic`.
    public var tokenEndpointAuthMethod: String
    /// SHA-256 of the client secret, for the secret-based methods.
    public var clientSecretDigest: String?
    /// When the client registered.
    public var issuedAt: Date
    /// SHA-256 of the registration access token (RFC 7592) that reads the registration back; `nil`
    /// for clients registered before such tokens were issued.
    public var registrationTokenDigest: String?

    /// Creates a client record.
    public init(
        clientID: String, clientName: String?, redirectURIs: [String], grantTypes: [String],
        responseTypes: [String], tokenEndpointAuthMethod: String, clientSecretDigest: String?, issuedAt: Date,
        registrationTokenDigest: String? = nil
    ) {
        self.clientID = clientID
        self.clientName = clientName
        self.redirectURIs = redirectURIs
        self.grantTypes = grantTypes
        self.responseTypes = responseTypes
        self.tokenEndpointAuthMethod = tokenEndpointAuthMethod
        self.clientSecretDigest = clientSecretDigest
        self.issuedAt = issuedAt
        self.registrationTokenDigest = registrationTokenDigest
    }

    /// The columns of the `clients` table.
    enum CodingKeys: String, CodingKey {
        case clientID = "client_id", clientName = "client_name", redirectURIs = "redirect_uris", grantTypes = "grant_types"
        case responseTypes = "response_types", tokenEndpointAuthMethod = "token_endpoint_auth_method"
        case clientSecretDigest = "client_secret_digest", issuedAt = "issued_at"
        case registrationTokenDigest = "registration_token_digest"
    }
}

/// One run of the authorization-code flow, from `/authorize` to `/token`.
public struct AuthorizationRecord: Sendable, Equatable {
    /// Random id (also the consent form's handle).
    public var id: String
    /// The client that asked.
    public var clientID: String
    /// Where the code goes (one of the client's registered URIs).
    public var redirectURI: String
    /// Whether `/authorize` named the redirect URI (then `/token` must repeat it).
    public var redirectURIWasGiven: Bool
    /// The client's `state`, returned untouched.
    public var clientState: String?
    /// The client's S256 PKCE challenge.
    public var codeChallenge: String
    /// Granted MCP scopes, space-separated.
    public var scope: String
    /// The resource (RFC 8707) the tokens will be valid for.
    public var resource: String
    /// Where the flow stands.
    public var phase: AuthorizationPhase
    /// When the current phase lapses.
    public var expiresAt: Date

    /// Creates an authorization record.
    public init(
        id: String, clientID: String, redirectURI: String, redirectURIWasGiven: Bool, clientState: String?,
        codeChallenge: String, scope: String, resource: String, phase: AuthorizationPhase, expiresAt: Date
    ) {
        self.id = id
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.redirectURIWasGiven = redirectURIWasGiven
        self.clientState = clientState
        self.codeChallenge = codeChallenge
        self.scope = scope
        self.resource = resource
        self.phase = phase
        self.expiresAt = expiresAt
    }
}

/// The persisted phases of an authorization. Each phase carries the digest of the one secret that
/// may move it on (a CSRF token, the upstream state, our one-time code).
public enum AuthorizationPhase: Sendable, Equatable {
    /// The consent page is shown; the form must return the CSRF token with this digest.
    case awaitingConsent(csrfDigest: String)
    /// The user approved and went to HaloPSA; the callback must bring the state with this digest, in
    /// the browser whose sign-in cookie has `browserDigest`. `verifier` is our sealed PKCE verifier for
    /// HaloPSA's token endpoint.
    case awaitingUpstream(stateDigest: String, verifier: SealedValue, browserDigest: String)
    /// HaloPSA's tokens are stored under `grantID`; the client must redeem the code with this digest.
    case codeIssued(codeDigest: String, grantID: String)
    /// The code was redeemed; kept until it lapses so that a replay revokes the grant.
    case exchanged(codeDigest: String, grantID: String)

    /// The phase without its data, for conditional updates.
    public enum Kind: String, Sendable {
        case awaitingConsent, awaitingUpstream, codeIssued, exchanged
    }

    /// This phase's kind.
    public var kind: Kind {
        switch self {
        case .awaitingConsent: .awaitingConsent
        case .awaitingUpstream: .awaitingUpstream
        case .codeIssued: .codeIssued
        case .exchanged: .exchanged
        }
    }

    /// The digest of the secret this phase waits for.
    public var secretDigest: String {
        switch self {
        case .awaitingConsent(let digest), .awaitingUpstream(let digest, _, _), .codeIssued(let digest, _),
            .exchanged(let digest, _):
            digest
        }
    }

    /// The grant this phase refers to, once there is one.
    public var grantID: String? {
        switch self {
        case .codeIssued(_, let grantID), .exchanged(_, let grantID): grantID
        case .awaitingConsent, .awaitingUpstream: nil
        }
    }
}

/// A user's HaloPSA authorization held by the relay: who they are and their sealed HaloPSA tokens.
public struct HaloGrant: Sendable, Equatable {
    /// Random id; MCP tokens point at it.
    public var id: String
    /// The MCP client it was granted to.
    public var clientID: String
    /// The HaloPSA agent who logged in.
    public var agentID: Int
    /// The agent's name, for logs.
    public var agentName: String?
    /// Granted MCP scopes.
    public var scope: String
    /// The resource the MCP tokens are for.
    public var resource: String
    /// The sealed HaloPSA tokens.
    public var tokens: SealedHaloTokens
    /// Bumped on every token refresh (optimistic concurrency between refreshes).
    public var revision: Int
    /// When the grant was made.
    public var createdAt: Date

    /// Creates a grant.
    public init(
        id: String, clientID: String, agentID: Int, agentName: String?, scope: String, resource: String,
        tokens: SealedHaloTokens, revision: Int = 0, createdAt: Date
    ) {
        self.id = id
        self.clientID = clientID
        self.agentID = agentID
        self.agentName = agentName
        self.scope = scope
        self.resource = resource
        self.tokens = tokens
        self.revision = revision
        self.createdAt = createdAt
    }
}

/// HaloPSA's access and refresh token, sealed with the same key, and when the access token expires.
public struct SealedHaloTokens: Sendable, Equatable {
    /// The sealed access token.
    public var access: SealedValue
    /// The sealed (single-use) refresh token, if HaloPSA gave one.
    public var refresh: SealedValue?
    /// When HaloPSA's access token stops working.
    public var accessExpiresAt: Date

    /// Creates sealed tokens; both values must carry the same key id.
    public init(access: SealedValue, refresh: SealedValue?, accessExpiresAt: Date) {
        precondition(refresh == nil || refresh?.keyID == access.keyID, "both tokens must be sealed by one key")
        self.access = access
        self.refresh = refresh
        self.accessExpiresAt = accessExpiresAt
    }
}

/// An MCP access or refresh token we issued, known only by its digest.
public struct IssuedToken: Sendable, Equatable, Codable {
    /// Access or refresh.
    public enum Kind: String, Sendable, Codable {
        case access, refresh
    }

    /// Active, or a refresh token already traded in (kept to detect replays).
    public enum State: String, Sendable, Codable {
        case active, rotated
    }

    /// SHA-256 of the token.
    public var digest: String
    /// What the token is.
    public var kind: Kind
    /// The grant it acts for.
    public var grantID: String
    /// The client it was issued to.
    public var clientID: String
    /// Granted scopes.
    public var scope: String
    /// The resource (audience) it is valid for.
    public var resource: String
    /// When it stops working.
    public var expiresAt: Date
    /// Active or rotated.
    public var state: State

    /// Creates a token record.
    public init(
        digest: String, kind: Kind, grantID: String, clientID: String, scope: String, resource: String,
        expiresAt: Date, state: State = .active
    ) {
        self.digest = digest
        self.kind = kind
        self.grantID = grantID
        self.clientID = clientID
        self.scope = scope
        self.resource = resource
        self.expiresAt = expiresAt
        self.state = state
    }

    /// The columns of the `tokens` table.
    enum CodingKeys: String, CodingKey {
        case digest, kind, grantID = "grant_id", clientID = "client_id", scope, resource, expiresAt = "expires_at", state
    }
}
