import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Shared
import Synchronization

/// `hmcp-serve`, assembled: the state store, the OAuth relay, both MCP transports, health routes and
/// the housekeeping services, run under one service group that shuts down gracefully (sessions and
/// their streams are closed first, then the HTTP server finishes the requests in flight).
public final class ServeServer: Sendable {
    /// The settings the server runs with.
    public let settings: ServerSettings
    /// The public URLs (final once the port is bound).
    public let origin: PublicOrigin
    /// The state store (`state.sqlite`).
    public let store: any StateStore
    private let sealer: TokenSealer
    private let httpClient: HTTPClient
    private let clock: any WaitingClock
    private let logger: Logger
    private let group = Mutex<ServiceGroup?>(nil)
    private let running: AsyncStream<Int>
    private let runningContinuation: AsyncStream<Int>.Continuation

    /// Opens the state store and checks the encryption keys; `clock` tells every time the server keeps:
    /// token, code and session expiry, caches, rate limits, HaloPSA retries and the index watcher.
    /// - Throws: ``SealingError/keyTooShort(variable:)`` for a short key; SQLite errors for the store.
    public init(
        settings: ServerSettings, httpClient: HTTPClient = .shared, clock: any WaitingClock = ContinuousClock(), logger: Logger
    ) throws {
        self.settings = settings
        self.httpClient = httpClient
        self.clock = clock
        self.logger = logger
        _ = MetricsBackend.registry
        sealer = try TokenSealer(key: settings.encryptionKey, previousKey: settings.previousEncryptionKey)
        store = try SQLiteStateStore(path: settings.stateDatabasePath)
        origin = PublicOrigin(configured: settings.publicURL)
        (running, runningContinuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Runs until ``shutdown()`` is called or, when `handlesSignals`, SIGTERM or SIGINT arrives.
    public func run(handlesSignals: Bool = true) async throws {
        defer { runningContinuation.finish() }
        let halo = HaloClient(settings: settings.halo, httpClient: httpClient, clock: clock, logger: logger)
        let grants = HaloGrantBroker(
            store: store, sealer: sealer, halo: halo, refreshMargin: TimeInterval(settings.haloRefreshMargin), clock: clock,
            logger: logger)
        var search: SearchServices?
        if let searchSettings = settings.semanticSearch {
            search = try await SearchServices.start(
                settings: searchSettings, haloBaseURL: settings.halo.baseURL, httpClient: httpClient, clock: clock,
                logger: logger)
        }
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
        router.middlewares.add(
            FrontDoorMiddleware(policy: OriginPolicy(publicOrigin: origin, extraOrigins: settings.allowedOrigins)))
        router.middlewares.add(
            SignInRateLimitMiddleware(
                limiter: AddressRateLimiter(perMinute: settings.signInRateLimit, clock: clock),
                trustsForwardedFor: settings.trustForwardedFor))
        HealthRoutes(store: store, haloSettings: settings.halo, httpClient: httpClient, search: search, clock: clock).addRoutes(to: router)
        MetricsRoutes(
            token: settings.metricsToken, halo: halo, search: search, streamableSessions: streamableSessions,
            legacySessions: legacySessions
        ).addRoutes(to: router)
        OAuthRelay(
            origin: origin, settings: settings, store: store, sealer: sealer, halo: halo, grants: grants, clock: clock,
            logger: logger
        ).addRoutes(to: router)
        StreamableHTTPEndpoint(
            authenticator: authenticator, registry: streamableSessions, core: core, keepAlive: keepAlive, logger: logger
        ).addRoutes(to: router)
        LegacySSEEndpoint(
            authenticator: authenticator, registry: legacySessions, core: core, keepAlive: keepAlive, logger: logger
        ).addRoutes(to: router)

        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(settings.httpIdleTimeoutSeconds)))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "hmcp"),
            onServerRunning: { [origin, runningContinuation, logger] channel in
                let port = channel.localAddress?.port ?? 0
                origin.bound(to: port)
                logger.info("hmcp-serve listening", metadata: ["port": "\(port)", "public_url": "\(origin.urls.origin)"])
                runningContinuation.yield(port)
            },
            logger: logger)
        var services: [any Service] = [
            app,
            StateStoreCleaner(store: store, interval: .seconds(settings.cleanupIntervalSeconds), clock: clock, logger: logger),
            GrantResealer(store: store, sealer: sealer, interval: .seconds(settings.cleanupIntervalSeconds), logger: logger),
            SessionSweeper(
                streamable: streamableSessions, legacy: legacySessions, idleTimeout: .seconds(settings.sessionIdleSeconds),
                clock: clock, logger: logger),
        ]
        if let search { services.append(IndexWatcher(services: search)) }
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: services, gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [], logger: logger))
        group.withLock { $0 = serviceGroup }
        try await serviceGroup.run()
    }

    /// The bound port, once the server listens.
    public func waitUntilRunning() async -> Int? {
        for await port in running { return port }
        return nil
    }

    /// Starts a graceful shutdown (as SIGTERM would).
    public func shutdown() async {
        let serviceGroup = group.withLock { $0 }
        await serviceGroup?.triggerGracefulShutdown()
    }
}
