import AsyncHTTPClient
import Foundation
import Logging
import Shared

/// What the semantic-search tools stand on: the live index (hot-swapped when `hmcp-index` publishes),
/// the query embedder (the model the index was built with), the per-user permission filter and the
/// re-embed queue the indexer drains. The server never writes the index itself.
///
/// A server whose query model cannot be loaded (not installed yet, a remote provider that does not
/// answer) still starts: the search tools say why they cannot answer, and `embedding_status` and
/// `/ready` report it. Likewise before the indexer has published a version.
public final class SearchServices: Sendable {
    /// Whether semantic search can answer now, and if not, why.
    public enum Availability: Sendable, Equatable {
        /// A version is live and the query model is loaded.
        case ready
        /// The query model could not be loaded (the reason names what is missing).
        case modelUnavailable(String)
        /// The model is loaded, but no index version is live yet.
        case noIndex
    }

    /// The version answering queries, swapped when `index/current` moves.
    public let live: LiveIndex
    /// Search on behalf of one user; `nil` when the query model could not be loaded.
    let search: SemanticSearch?
    /// Why the query model could not be loaded.
    let modelProblem: String?
    /// The index folder (for `embedding_status`).
    let directory: IndexDirectory
    /// Re-embed requests for the indexer.
    let queue: ReembedQueue
    /// How permission checks reach HaloPSA (batched while HaloPSA honours `ticketids`).
    let checks: HaloPermissionChecks
    /// Each caller's visibility scope, which narrows the candidates before they are checked.
    let scopes: VisibilityScopes
    /// The model queries are embedded with (the configured one when it could not be loaded).
    let modelID: String
    /// How often `index/current` is looked at.
    let pollInterval: Duration
    /// Times the index watcher's polls (the caches hold their own reference to it).
    let clock: any WaitingClock

    /// Loads the query embedder, adopts the live version if one is published, and opens the queue;
    /// later versions are adopted by ``IndexWatcher``. A model that cannot be loaded is logged and
    /// reported by ``availability``, not thrown. `clock` times the permission caches and the watcher.
    /// - Throws: SQLite and file-system errors for the data folder and the queue.
    public static func start(
        settings: SemanticSearchSettings, haloBaseURL: String, httpClient: HTTPClient = .shared,
        clock: any WaitingClock = ContinuousClock(), logger: Logger
    ) async throws -> SearchServices {
        let data = URL(fileURLWithPath: settings.dataDirectory)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let directory = IndexDirectory(dataDirectory: data)
        let queue = try ReembedQueue(path: data.appendingPathComponent("queue.sqlite").path)
        let checks = HaloPermissionChecks(concurrency: settings.permissionConcurrency, logger: logger)
        let scopes = VisibilityScopes(ttl: .seconds(settings.permissionCacheTTL), clock: clock)
        let embedder: any Embedder, expectation: IndexVersion.Expectation
        do {
            (embedder, expectation) = try await loadModel(settings.embedding, httpClient: httpClient)
        } catch {
            logger.error(
                "semantic search is unavailable until the query model can be loaded; the other tools work",
                metadata: ["error": "\(error)"])
            return SearchServices(
                live: LiveIndex(directory: directory, expecting: nil, logger: logger), search: nil, modelProblem: "\(error)",
                directory: directory, queue: queue, checks: checks, scopes: scopes,
                modelID: configuredModelID(settings.embedding), pollInterval: settings.pollInterval, clock: clock)
        }
        let live = LiveIndex(directory: directory, expecting: expectation, logger: logger)
        live.refresh()
        let permissions = PermissionFilter(
            ttl: .seconds(settings.permissionCacheTTL), candidateCap: settings.candidateCap, deadline: settings.deadline,
            clock: clock)
        return SearchServices(
            live: live,
            search: SemanticSearch(
                live: live, embedder: embedder, permissions: permissions, haloBaseURL: haloBaseURL, logger: logger),
            modelProblem: nil, directory: directory, queue: queue, checks: checks, scopes: scopes,
            modelID: embedder.modelID, pollInterval: settings.pollInterval, clock: clock)
    }

    /// The query embedder and the index shape it needs.
    private static func loadModel(
        _ settings: EmbeddingSettings, httpClient: HTTPClient
    ) async throws -> (any Embedder, IndexVersion.Expectation) {
        let embedder = try EmbedderFactory.make(settings, httpClient: httpClient)
        do {
            return (embedder, try await .of(embedder))
        } catch {
            throw SearchServicesError.unknownDimension(model: embedder.modelID, reason: "\(error)")
        }
    }

    /// The model the settings name, as the embedder would name it.
    private static func configuredModelID(_ settings: EmbeddingSettings) -> String {
        guard settings.provider == .local else { return "\(settings.provider.rawValue):\(settings.model)" }
        return "local:" + URL(fileURLWithPath: settings.localModelDirectory).standardizedFileURL.lastPathComponent
    }

    private init(
        live: LiveIndex, search: SemanticSearch?, modelProblem: String?, directory: IndexDirectory, queue: ReembedQueue,
        checks: HaloPermissionChecks, scopes: VisibilityScopes, modelID: String, pollInterval: Duration,
        clock: any WaitingClock
    ) {
        self.live = live
        self.search = search
        self.modelProblem = modelProblem
        self.directory = directory
        self.queue = queue
        self.checks = checks
        self.scopes = scopes
        self.modelID = modelID
        self.pollInterval = pollInterval
        self.clock = clock
    }

    /// The visibility scope of agent `agentID`, asking HaloPSA with their own credential when it is not
    /// known. A lookup that fails (other than a refused token, which is thrown so it can be renewed)
    /// leaves the search unnarrowed: every candidate is still checked.
    func scope(ofAgent agentID: Int, halo: any HaloAgentAPI, credential: HaloCredential) async throws -> VisibilityScope {
        do {
            return try await scopes.scope(of: "\(agentID)") { try await halo.me(as: credential) }
        } catch let error as HaloAPIError where error.kind != .unauthorized {
            return VisibilityScope(clientIDs: nil)
        }
    }

    /// Whether a search can be answered now.
    public var availability: Availability {
        if let modelProblem { return .modelUnavailable(modelProblem) }
        return live.snapshot == nil ? .noIndex : .ready
    }

    /// The searcher, or a tool failure saying why there is none.
    func searcher() throws -> SemanticSearch {
        guard let search else {
            throw ToolFailure(
                "Semantic search is not available: this server could not load its query model (\(modelID)). Use search_tickets; an administrator sees why in embedding_status.")
        }
        return search
    }

    /// What the indexer published, what this server serves, and the run in progress.
    func status() -> (index: IndexStatus, serving: LiveIndex.Status) {
        (IndexStatus.read(directory: directory, queue: queue), live.status)
    }
}

extension SearchServices.Availability {
    /// `ready`, `no_index` or `model_unavailable`, as `embedding_status` and `/ready` say it.
    public var name: String {
        switch self {
        case .ready: "ready"
        case .noIndex: "no_index"
        case .modelUnavailable: "model_unavailable"
        }
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
