import AsyncHTTPClient
import Foundation
import Logging
import Shared

/// The indexer's services built from its configuration: what every `hmcp-index` command uses.
public struct Indexer: Sendable {
    /// The validated configuration.
    public let configuration: Configuration
    /// HaloPSA through the service account.
    public let client: HaloClient
    /// `HMCP_DATA_DIR/index`.
    public let directory: IndexDirectory
    /// `HMCP_DATA_DIR/queue.sqlite`.
    public let queue: ReembedQueue
    private let embedding: EmbeddingSettings
    let dependencies: IndexerDependencies
    private var logger: Logger { dependencies.logger }

    /// Builds the production services (``IndexerDependencies/live(configuration:httpClient:logger:)``);
    /// nothing touches HaloPSA or loads the model yet.
    public init(configuration: Configuration, httpClient: HTTPClient = .shared, logger: Logger) throws {
        try self.init(
            configuration: configuration,
            dependencies: .live(configuration: configuration, httpClient: httpClient, logger: logger))
    }

    /// Builds the services from `dependencies`; nothing touches HaloPSA or loads the model yet.
    /// - Throws: SQLite errors for the re-embed queue.
    public init(configuration: Configuration, dependencies: IndexerDependencies) throws {
        self.configuration = configuration
        self.dependencies = dependencies
        client = dependencies.halo
        let data = URL(fileURLWithPath: configuration.dataDirectory)
        directory = IndexDirectory(dataDirectory: data, keep: configuration.index?.keep ?? 3)
        queue = try ReembedQueue(path: data.appendingPathComponent("queue.sqlite").path)
        embedding = configuration.embedding
    }

    /// Runs once in `mode` and records the outcome (or the failure) for `status` and, with
    /// `HMCP_METRICS_TEXTFILE`, for node_exporter. With `reembeddingUnchanged`, texts the live version
    /// already holds vectors for are embedded again. A `chunkerVersion` other than the current one (a
    /// benchmark's comparison) makes the run a full one, as does going back.
    public func run(
        _ mode: IndexRunner.Mode, reembeddingUnchanged: Bool = false, chunkerVersion: Int = Chunker.version,
        isTerminal: Bool = false
    ) async throws -> IndexRunOutcome {
        do {
            let outcome = try await HaloRequestPurpose.$current.withValue(.indexer) {
                try await makeRunner(chunkerVersion: chunkerVersion, isTerminal: isTerminal)
                    .run(mode, reembeddingUnchanged: reembeddingUnchanged)
            }
            try? LastRunRecord(succeeded: true, message: outcome.summary, publishedVersion: outcome.publishedVersion)
                .write(in: directory)
            writeMetrics(outcome)
            return outcome
        } catch let error as IndexDirectoryError {
            throw error  // another indexer is running: its own record stands
        } catch {
            try? LastRunRecord(succeeded: false, message: "\(error)", publishedVersion: nil).write(in: directory)
            writeMetrics(nil)
            throw error
        }
    }

    /// Replaces the node_exporter textfile, if one is configured; a failure is logged, never fatal.
    private func writeMetrics(_ outcome: IndexRunOutcome?) {
        guard let path = configuration.index?.metricsTextfile else { return }
        do {
            try IndexMetricsFile(url: URL(fileURLWithPath: path)).write(outcome: outcome, status: status())
        } catch {
            logger.warning("the metrics textfile could not be written", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    /// Processes the re-embed queue: one run for everything pending (a full one if any request says
    /// "all"); the requests go back to the queue if the run fails. Returns `nil` when the queue was empty.
    public func drain(isTerminal: Bool = false) async throws -> IndexRunOutcome? {
        let claim = try queue.claim()
        guard !claim.isEmpty else { return nil }
        do {
            let outcome = try await run(claim.includesAll ? .full : .tickets(claim.ticketIDs), isTerminal: isTerminal)
            try queue.complete(claim)
            try? queue.prune()
            return outcome
        } catch {
            try queue.fail(claim, error: "\(error)")
            throw error
        }
    }

    /// What is live, how old, how big, the run in progress, and how the last run went.
    public func status() -> IndexStatus {
        var status = IndexStatus.read(directory: directory, queue: queue)
        status.haloBudget = HaloBudgetStatus(client.budgetUsage())
        return status
    }

    /// Validates a version built elsewhere and makes it live with the same atomic swap. Like a run's
    /// publish, it must have been built with the configured embedding model: a foreign one is refused.
    public func importVersion(from source: URL) async throws -> Int {
        let expectation = try await IndexVersion.Expectation.of(dependencies.makeEmbedder(embedding))
        let publisher = try directory.acquire()
        defer { publisher.release() }
        return try publisher.importVersion(from: source, expecting: expectation)
    }

    private func makeRunner(chunkerVersion: Int, isTerminal: Bool) throws -> IndexRunner {
        let embedder = try dependencies.makeEmbedder(embedding)
        let chunker: Chunker
        if let local = embedder as? LocalEmbedder {
            // The tokenizer's ids include [CLS] and [SEP]; the chunker counts without them.
            chunker = Chunker(version: chunkerVersion, tokenLimit: local.maxLength, countTokens: { max(0, local.tokenize($0).count - 2) })
        } else {
            chunker = Chunker(version: chunkerVersion, tokenLimit: embedding.maxLength ?? 256)
        }
        return IndexRunner(
            client: client, embedder: embedder, embeddingProvider: embedding.provider.rawValue, directory: directory,
            chunker: chunker, concurrency: configuration.index?.haloConcurrency ?? 4, logger: logger, isTerminal: isTerminal)
    }
}
