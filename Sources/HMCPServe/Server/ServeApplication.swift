import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Shared

/// `hmcp-serve` assembled from its settings and dependencies: the HTTP application (every route and
/// middleware) and the housekeeping services that run beside it.
public struct ServeApplication: Sendable {
    /// The Hummingbird application: health and metrics, the OAuth relay, Streamable HTTP at `/mcp` and
    /// classic SSE at `/sse` + `/messages`, behind the front-door and sign-in rate-limit middleware.
    public let application: Application<RouterResponder<ServeRequestContext>>
    /// Services to run beside the application: state-store cleanup, key resealing, the idle-session
    /// sweeper (which closes every session at shutdown) and, with semantic search, the index watcher.
    public let housekeeping: [any Service]
    /// The public URLs (final once the port is bound).
    public let origin: PublicOrigin
}

/// Builds the server: every route, middleware and service, from `settings` and `dependencies`. Nothing
/// listens until the application runs; `whenListening` is told the bound port.
public func buildApplication(
    settings: ServerSettings, dependencies: ServeDependencies, whenListening: @escaping @Sendable (Int) -> Void = { _ in }
) -> ServeApplication {
    let (clock, store, halo, search, logger) = (
        dependencies.clock, dependencies.store, dependencies.halo, dependencies.search, dependencies.logger
    )
    let origin = PublicOrigin(configured: settings.publicURL)
    let grants = HaloGrantBroker(
        store: store, sealer: dependencies.sealer, halo: halo, refreshMargin: TimeInterval(settings.haloRefreshMargin),
        clock: clock, logger: logger)
    let dispatcher = ToolDispatcher(
        table: search == nil ? ToolTable.standard.excluding(SearchTools.names) : .standard,
        policy: ToolPolicy(readOnly: settings.readOnly, allowlist: settings.toolAllowlist.map(Set.init)), logger: logger)
    let core = MCPCore(dispatcher: dispatcher, halo: halo, grants: grants, search: search, logger: logger)
    let authenticator = BearerAuthenticator(origin: origin, store: store, clock: clock)
    let keepAlive = Duration.seconds(settings.keepAliveSeconds)
    let quota = SessionQuota(maximumSessions: settings.maxSessions, maximumPerAgent: settings.maxSessionsPerAgent)
    let streamableSessions = SessionRegistry<StreamableSession>(quota: quota, clock: clock)
    let legacySessions = SessionRegistry<LegacySSESession>(quota: quota, clock: clock)

    let router = Router(context: ServeRequestContext.self)
    router.middlewares.add(RequestMetricsMiddleware())
    router.middlewares.add(FrontDoorMiddleware(policy: OriginPolicy(publicOrigin: origin, extraOrigins: settings.allowedOrigins)))
    router.middlewares.add(
        SignInRateLimitMiddleware(
            limiter: AddressRateLimiter(perMinute: settings.signInRateLimit, clock: clock),
            trustsForwardedFor: settings.trustForwardedFor))
    HealthRoutes(store: store, haloSettings: settings.halo, httpClient: dependencies.httpClient, search: search, clock: clock)
        .addRoutes(to: router)
    MetricsRoutes(
        token: settings.metricsToken, halo: halo, search: search, streamableSessions: streamableSessions,
        legacySessions: legacySessions
    ).addRoutes(to: router)
    OAuthRelay(
        origin: origin, settings: settings, store: store, sealer: dependencies.sealer, halo: halo, grants: grants,
        clock: clock, logger: logger
    ).addRoutes(to: router)
    StreamableHTTPEndpoint(
        authenticator: authenticator, registry: streamableSessions, core: core, keepAlive: keepAlive, logger: logger
    ).addRoutes(to: router)
    LegacySSEEndpoint(authenticator: authenticator, registry: legacySessions, core: core, keepAlive: keepAlive, logger: logger)
        .addRoutes(to: router)

    let application = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(settings.httpIdleTimeoutSeconds)))),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "hmcp"),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? 0
            origin.bound(to: port)
            logger.info("hmcp-serve listening", metadata: ["port": "\(port)", "public_url": "\(origin.urls.origin)"])
            whenListening(port)
        },
        logger: logger)
    var housekeeping: [any Service] = [
        StateStoreCleaner(store: store, interval: .seconds(settings.cleanupIntervalSeconds), clock: clock, logger: logger),
        GrantResealer(
            store: store, sealer: dependencies.sealer, interval: .seconds(settings.cleanupIntervalSeconds), clock: clock,
            logger: logger),
        SessionSweeper(
            streamable: streamableSessions, legacy: legacySessions, idleTimeout: .seconds(settings.sessionIdleSeconds),
            clock: clock, logger: logger),
    ]
    if let search { housekeeping.append(IndexWatcher(services: search)) }
    return ServeApplication(application: application, housekeeping: housekeeping, origin: origin)
}
