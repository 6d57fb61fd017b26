import Synchronization

/// The tickets an agent can possibly see, from their own HaloPSA record (`Agent/me`): an agent restricted
/// to some clients sees no ticket of any other client. Searches narrow their candidates to this scope
/// before any permission check, so an agent who sees a small corner of the helpdesk does not pay a
/// check for every ticket outside it. The scope only narrows what the checks would refuse anyway; each
/// candidate inside it is still checked.
public struct VisibilityScope: Sendable, Equatable {
    /// The clients the agent is restricted to; nil when they are not restricted.
    public let clientIDs: Set<Int>?

    /// The scope of `agent`: administrators and unrestricted agents may see any client's tickets.
    public init(agent: Agent) {
        let restricted = Set((agent.clients ?? []).compactMap(\.clientID))
        clientIDs = agent.isAdministrator || restricted.isEmpty ? nil : restricted
    }

    /// A scope restricted to `clientIDs` (nil: unrestricted).
    public init(clientIDs: Set<Int>?) {
        self.clientIDs = clientIDs
    }

    /// `filter`, also keeping only tickets inside the scope.
    public func narrowing(_ filter: SearchFilter) -> SearchFilter {
        guard let clientIDs else { return filter }
        var narrowed = filter
        narrowed.clientIDs = filter.clientIDs.map { $0.intersection(clientIDs) } ?? clientIDs
        return narrowed
    }
}

/// Each user's visibility scope, kept for a while so a search does not ask `Agent/me` every time.
public final class VisibilityScopes: Sendable {
    private let ttl: Duration
    private let clock: any InstantSource
    private let scopes = Mutex<[String: (scope: VisibilityScope, expires: ContinuousClock.Instant)]>([:])

    /// Scopes kept for `ttl`, as `clock` tells time.
    public init(ttl: Duration = .seconds(60), clock: any InstantSource = ContinuousClock()) {
        self.ttl = ttl
        self.clock = clock
    }

    /// The scope of `user`, from the cache or from `lookUp` (asking HaloPSA who the user is).
    public func scope(of user: String, lookUp: () async throws -> Agent) async throws -> VisibilityScope {
        let now = clock.now
        if let kept = scopes.withLock({ $0[user] }), kept.expires > now { return kept.scope }
        let scope = VisibilityScope(agent: try await lookUp())
        let expires = clock.now + ttl
        scopes.withLock { scopes in
            scopes = scopes.filter { $0.value.expires > now }
            scopes[user] = (scope, expires)
        }
        return scope
    }
}
