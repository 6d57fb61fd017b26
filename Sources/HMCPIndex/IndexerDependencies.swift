import AsyncHTTPClient
import Logging
import Shared

/// What the indexer is built from, at its real seams: HaloPSA through the service account, the
/// embedding model, time and the log. ``live(configuration:httpClient:logger:)`` makes the production set.
public struct IndexerDependencies: Sendable {
    /// HaloPSA through the service account.
    public var halo: HaloClient
    /// Loads the embedder of the configured model (once per run, so the next run picks up a model update).
    public var makeEmbedder: @Sendable (EmbeddingSettings) throws -> any Embedder
    /// Times the webhook listener's debounce.
    public var clock: any WaitingClock
    /// Where the indexer logs.
    public var logger: Logger

    /// Dependencies made of the given parts.
    public init(
        halo: HaloClient, makeEmbedder: @escaping @Sendable (EmbeddingSettings) throws -> any Embedder,
        clock: any WaitingClock = ContinuousClock(), logger: Logger
    ) {
        self.halo = halo
        self.makeEmbedder = makeEmbedder
        self.clock = clock
        self.logger = logger
    }

    /// The production set: the HaloPSA client of `configuration.halo` and the embedder factory.
    public static func live(configuration: Configuration, httpClient: HTTPClient = .shared, logger: Logger) -> IndexerDependencies {
        IndexerDependencies(
            halo: HaloClient(settings: configuration.halo, httpClient: httpClient, logger: logger),
            makeEmbedder: { try EmbedderFactory.make($0, httpClient: httpClient) }, logger: logger)
    }
}
