import AsyncHTTPClient
import Logging
import Shared

/// What `hmcp-serve` is built from, at its real seams: time, the state store, the encryption keys,
/// HaloPSA, the HTTP client and semantic search (which holds the query embedder). ``live(settings:store:sealer:httpClient:clock:logger:)``
/// makes the production set; tests pass a manual clock or a scripted HaloPSA instead.
public struct ServeDependencies: Sendable {
    /// Tells every time the server keeps: token, code and session expiry, caches, rate limits,
    /// HaloPSA retries and the index watcher.
    public var clock: any WaitingClock
    /// The state store (`state.sqlite`): clients, codes, tokens and HaloPSA grants.
    public var store: any StateStore
    /// Seals and opens the HaloPSA tokens kept in the store.
    public var sealer: TokenSealer
    /// HaloPSA: the relay's sign-in calls and the calls tools make as the signed-in agent.
    public var halo: any HaloUserAPI & HaloAgentAPI
    /// For the readiness probe of HaloPSA.
    public var httpClient: HTTPClient
    /// Semantic search, or `nil` when it is turned off.
    public var search: SearchServices?
    /// Where the server logs.
    public var logger: Logger

    /// Dependencies made of the given parts.
    public init(
        clock: any WaitingClock, store: any StateStore, sealer: TokenSealer, halo: any HaloUserAPI & HaloAgentAPI,
        httpClient: HTTPClient, search: SearchServices?, logger: Logger
    ) {
        self.clock = clock
        self.store = store
        self.sealer = sealer
        self.halo = halo
        self.httpClient = httpClient
        self.search = search
        self.logger = logger
    }

    /// The production set: the HaloPSA client of `settings.halo` and, when semantic search is on, its
    /// services (the query model is loaded here; one that cannot be loaded is reported, not thrown).
    /// - Throws: SQLite and file-system errors for the search data folder.
    public static func live(
        settings: ServerSettings, store: any StateStore, sealer: TokenSealer, httpClient: HTTPClient = .shared,
        clock: any WaitingClock = ContinuousClock(), logger: Logger
    ) async throws -> ServeDependencies {
        var search: SearchServices?
        if let searchSettings = settings.semanticSearch {
            search = try await SearchServices.start(
                settings: searchSettings, haloBaseURL: settings.halo.baseURL, httpClient: httpClient, clock: clock,
                logger: logger)
        }
        return ServeDependencies(
            clock: clock, store: store, sealer: sealer,
            halo: HaloClient(settings: settings.halo, httpClient: httpClient, clock: clock, logger: logger),
            httpClient: httpClient, search: search, logger: logger)
    }
}
