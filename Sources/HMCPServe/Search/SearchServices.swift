import AsyncHTTPClient
import Foundation
import Logging
import Shared

/// What the semantic-search tools stand on: the live index (hot-swapped when `hmcp-index` publishes),
/// the query embedder (the model the index was built with), the per-user permission filter and the
/// re-embed queue the indexer drains. The server never writes the index itself.
public final class SearchServices: Sendable {
    /// The version answering queries, swapped when `index/current` moves.
    public let live: LiveIndex
    /// Search on behalf of one user.
    let search: SemanticSearch
    /// The index folder (for `embedding_status`).
    let directory: IndexDirectory
    /// Re-embed requests for the indexer.
    let queue: ReembedQueue
    /// How permission checks reach HaloPSA (batched while HaloPSA honours `ticketids`).
    let checks: HaloPermissionChecks
    /// Each caller's visibility scope, which narrows the candidates before they are checked.
    let scopes: VisibilityScopes
    /// The model queries are embedded with.
    let modelID: String
    /// How often `index/current` is looked at.
    let pollInterval: Duration

    /// Loads the query embedder, adopts the live version if one is published, and opens the queue;
    /// later versions are adopted by ``IndexWatcher``.
    /// - Throws: configuration, model-loading and SQLite errors; ``SearchServicesError`` when a remote
    ///   model's dimension is unknown and the provider does not answer.
    public static func start(
        settings: SemanticSearchSettings, haloBaseURL: String, httpClient: HTTPClient = .shared, logger: Logger
    ) async throws -> SearchServices {
        let embedder = try EmbedderFactory.make(settings.embedding, httpClient: httpClient)
        let expectation: IndexVersion.Expectation
        do {
            expectation = try await .of(embedder)
        } catch {
            throw SearchServicesError.unknownDimension(model: embedder.modelID, reason: "\(error)")
        }
        let data = URL(fileURLWithPath: settings.dataDirectory)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let directory = IndexDirectory(dataDirectory: data)
        let live = LiveIndex(directory: directory, expecting: expectation, logger: logger)
        live.refresh()
        let permissions = PermissionFilter(
            ttl: .seconds(settings.permissionCacheTTL), candidateCap: settings.candidateCap, deadline: settings.deadline)
        return SearchServices(
            live: live,
            search: SemanticSearch(
                live: live, embedder: embedder, permissions: permissions, haloBaseURL: haloBaseURL, logger: logger),
            directory: directory, queue: try ReembedQueue(path: data.appendingPathComponent("queue.sqlite").path),
            checks: HaloPermissionChecks(concurrency: settings.permissionConcurrency, logger: logger),
            scopes: VisibilityScopes(ttl: .seconds(settings.permissionCacheTTL)),
            modelID: embedder.modelID, pollInterval: settings.pollInterval)
    }

    private init(
        live: LiveIndex, search: SemanticSearch, directory: IndexDirectory, queue: ReembedQueue,
        checks: HaloPermissionChecks, scopes: VisibilityScopes, modelID: String, pollInterval: Duration
    ) {
        self.live = live
        self.search = search
        self.directory = directory
        self.queue = queue
        self.checks = checks
        self.scopes = scopes
        self.modelID = modelID
        self.pollInterval = pollInterval
    }

    /// The visibility scope of agent `agentID`, asking HaloPSA with their own credential when it is not
    /// known. A lookup that fails (other than a refused token, which is thrown so it can be renewed)
    /// leaves the search unnarrowed: every candidate is still checked.
    func scope(ofAgent agentID: Int, halo: HaloClient, credential: HaloCredential) async throws -> VisibilityScope {
        do {
            return try await scopes.scope(of: "\(agentID)") { try await halo.me(as: credential) }
        } catch let error as HaloAPIError where error.kind != .unauthorized {
            return VisibilityScope(clientIDs: nil)
        }
    }

    /// What the indexer published and what this server serves.
    func status() -> (index: IndexStatus, serving: LiveIndex.Status) {
        (IndexStatus.read(directory: directory, queue: queue), live.status)
    }
}

/// Semantic search could not be set up.
public enum SearchServicesError: Error, CustomStringConvertible {
    /// A remote model of unknown width did not answer the probe.
    case unknownDimension(model: String, reason: String)

    /// One line.
    public var description: String {
        switch self {
        case .unknownDimension(let model, let reason):
            "the vector width of \(model) is unknown and the provider did not answer (\(reason)); set HMCP_EMBED_DIMENSION"
        }
    }
}
