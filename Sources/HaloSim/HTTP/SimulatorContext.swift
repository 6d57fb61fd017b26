import Hummingbird

/// Who is calling the API: the agent behind a verified bearer token and the token's claims.
struct Principal: Sendable {
    /// The agent the token acts as.
    var agent: Agent
    /// The verified claims.
    var claims: AccessTokenClaims
}

/// The request context of every simulator route; `/api/*` routes find the verified caller in `principal`.
struct SimulatorContext: RequestContext {
    /// Hummingbird's core storage.
    var coreContext: CoreRequestContextStorage
    /// Set by `BearerMiddleware` for `/api/*` routes.
    var principal: Principal?

    /// A context for a new request.
    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
    }

    /// The caller; only nil outside `/api/*`, which would be a routing mistake.
    func caller() throws -> Principal {
        guard let principal else { throw HaloHTTPError.unauthorized }
        return principal
    }
}
