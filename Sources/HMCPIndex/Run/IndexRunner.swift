import Foundation
import Logging
import Shared

/// One indexer run: reads HaloPSA with the service account, chunks and embeds what changed, copies the
/// rest from the live version, and publishes a new version crash-safely.
public struct IndexRunner: Sendable {
    /// Which tickets a run looks at.
    public enum Mode: Sendable, Equatable {
        /// Tickets changed since the live version's high-water mark, plus deletions (the timer's run).
        case incremental
        /// Every ticket.
        case full
        /// These tickets (re-embed requests, webhooks); every other ticket is copied.
        case tickets([Int])
    }

    private let client: HaloClient
    private let embedder: any Embedder
    private let embeddingProvider: String
    private let directory: IndexDirectory
    private let chunker: Chunker
    private let concurrency: Int
    private let logger: Logger
    private let isTerminal: Bool

    /// Tickets fetched, chunked, embedded and written together; bounds memory.
    static let batchSize = 64
    /// Look back this far before the high-water mark: HaloPSA's date filters are not precise to the instant.
    static let highWaterOverlap: TimeInterval = 60

    /// A runner writing into `directory` with `embedder` (`embeddingProvider` names it in `meta`).
    public init(
        client: HaloClient, embedder: any Embedder, embeddingProvider: String, directory: IndexDirectory,
        chunker: Chunker, concurrency: Int = 4, logger: Logger, isTerminal: Bool = false
    ) {
        self.client = client
        self.embedder = embedder
        self.embeddingProvider = embeddingProvider
        self.directory = directory
        self.chunker = chunker
        self.concurrency = max(1, concurrency)
        self.logger = logger
        self.isTerminal = isTerminal
    }

    /// Runs once. With `reembeddingUnchanged`, every fetched chunk is embedded again even when the
    /// live version holds a vector for its text and model (after a model update that kept its name).
    /// Throws `IndexDirectoryError.anotherIndexerRunning` when another indexer holds the lock; on any
    /// failure the live version stays as it was.
    public func run(_ requested: Mode, reembeddingUnchanged: Bool = false) async throws -> IndexRunOutcome {
        let started = ContinuousClock.now
        let publisher = try directory.acquire()
        defer {
            RunProgress.clear(in: directory)
            publisher.release()
        }
        let progress = ProgressReporter(logger: logger, isTerminal: isTerminal, directory: directory)
        progress.begin("reading HaloPSA")
        if embedder.dimension == 0 {
            // A remote model of unknown width: one short request tells it (HMCP_EMBED_DIMENSION avoids it).
            _ = try await embedder.embed(["dimension probe"], role: .document)
        }
        let previous = usablePrevious()
        let mode = previous == nil ? .full : requested
        var outcome = IndexRunOutcome(publishedVersion: nil, mode: Self.name(of: mode))
        var timer = StageTimer()

        let plan = try await timer.measure(\.halo) { try await makePlan(mode, previous: previous) }
        outcome.ticketsDeleted = plan.deleted.count
        if case .incremental = mode, plan.fetch.isEmpty, plan.deleted.isEmpty {
            outcome.tickets = previous?.meta.ticketCount ?? 0
            outcome.rows = previous?.meta.rowCount ?? 0
            outcome.incompleteHistories = try previous?.incompleteHistories().count ?? 0
            outcome.totalSeconds = started.duration(to: .now).inSeconds
            logger.info("nothing changed since the last run", metadata: ["version": "\(previous?.number ?? 0)"])
            return outcome
        }

        let pending = try publisher.beginVersion()
        let build = IndexBuild(
            embeddingProvider: embeddingProvider, modelID: embedder.modelID, dimension: embedder.dimension,
            sourceURL: client.settings.baseURL, chunkerVersion: chunker.version)
        let writer = try IndexVersionWriter(directory: pending.url, indexVersion: pending.number, build: build)
        var highWater = previous?.meta.highWaterMark

        if let previous {
            progress.begin("copying unchanged tickets", total: plan.copy.count)
            try timer.measure(\.write) {
                for id in plan.copy {
                    if try writer.appendCopy(ofTicket: id, from: previous) { outcome.ticketsCopied += 1 }
                    progress.advance()
                }
            }
            progress.finish()
        }

        progress.begin("indexing", total: plan.fetch.count)
        for batch in plan.fetch.chunked(into: Self.batchSize) {
            let fetched = try await timer.measure(\.halo) { try await fetchDocuments(batch, plan: plan) }
            for (document, _) in fetched {
                if let changed = document.lastActionDate { highWater = max(highWater ?? changed, changed) }
            }
            let chunked = fetched.map { ($0, $1, chunker.chunks(for: $0)) }
            let vectors = try await timer.measure(\.embed) { try await embed(chunked.flatMap(\.2), previous: reembeddingUnchanged ? nil : previous, outcome: &outcome) }
            try timer.measure(\.write) {
                var offset = 0
                for (document, incompleteHistory, chunks) in chunked {
                    let rows = Matrix(
                        rows: chunks.count, columns: vectors.columns,
                        values: Array(vectors.values[offset * vectors.columns ..< (offset + chunks.count) * vectors.columns]))
                    try writer.append(
                        ticket: IndexedTicket(document: document), chunks: chunks, vectors: rows, incompleteHistory: incompleteHistory)
                    offset += chunks.count
                }
            }
            outcome.ticketsFetched += fetched.count
            outcome.ticketsDeleted += batch.count - fetched.count
            progress.advance(by: batch.count)
        }
        progress.finish()

        progress.begin("publishing")
        try timer.measure(\.write) {
            let meta = try writer.finish(highWaterMark: highWater)
            outcome.incompleteHistories = writer.incompleteHistoryCount
            try publisher.publish(pending, expecting: .init(modelID: embedder.modelID, dimension: embedder.dimension))
            outcome.publishedVersion = pending.number
            outcome.tickets = meta.ticketCount
            outcome.rows = meta.rowCount
        }
        outcome.haloSeconds = timer.halo
        outcome.embedSeconds = timer.embed
        outcome.writeSeconds = timer.write
        outcome.totalSeconds = started.duration(to: .now).inSeconds
        outcome.finishedAt = Date()
        logger.info("\(outcome.summary)")
        return outcome
    }

    /// The live version if it can be built upon (same model, dimension and chunker); otherwise the run is full.
    private func usablePrevious() -> IndexVersion? {
        do {
            guard let current = try directory.current(validation: .full) else { return nil }
            guard current.meta.modelID == embedder.modelID, current.meta.dimension == embedder.dimension,
                current.meta.chunkerVersion == chunker.version
            else {
                logger.notice(
                    "live index was built differently; rebuilding everything",
                    metadata: ["model": "\(current.meta.modelID)", "chunker": "\(current.meta.chunkerVersion)"])
                return nil
            }
            return current
        } catch {
            logger.error("live index is unreadable; rebuilding everything", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Which tickets to fetch, copy and drop.
    struct Plan {
        var fetch: [Int] = []
        var copy: [Int] = []
        var deleted: Set<Int> = []
        /// List rows already read, keyed by id (they carry the summary, details and metadata).
        var listed: [Int: Ticket] = [:]
        /// Statuses of HaloPSA's closed type (status type 1; status 9 on default installs).
        var closedStatusIDs: Set<Int> = [9]
    }

    private func makePlan(_ mode: Mode, previous: IndexVersion?) async throws -> Plan {
        let indexed = Set(try previous?.allTickets().map(\.id) ?? [])
        var plan = Plan()
        let closed = try await client.statuses(as: .serviceAccount).filter { $0.type == 1 }.map(\.id)
        if !closed.isEmpty { plan.closedStatusIDs = Set(closed) }
        switch mode {
        case .full:
            let tickets = try await client.allTickets(as: .serviceAccount)
            plan.listed = Dictionary(tickets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            plan.fetch = plan.listed.keys.sorted()
        case .incremental:
            var changedSince = TicketQuery()
            changedSince.dateField = .lastUpdate
            changedSince.since = previous?.meta.highWaterMark.map { $0.addingTimeInterval(-Self.highWaterOverlap) }
            let changed = try await client.allTickets(changedSince, as: .serviceAccount)
            let live = Set(try await client.ticketIDs(as: .serviceAccount))
            plan.listed = Dictionary(changed.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let reallyChanged = Set(changed.filter { !isUnchanged($0, previous) }.map(\.id)).intersection(live)
            plan.fetch = reallyChanged.union(live.subtracting(indexed)).sorted()
            plan.copy = indexed.intersection(live).subtracting(plan.fetch).sorted()
            plan.deleted = indexed.subtracting(live)
        case .tickets(let ids):
            let requested = Set(ids)
            plan.fetch = requested.sorted()
            plan.copy = indexed.subtracting(requested).sorted()
        }
        return plan
    }

    /// Whether a listed (changed-since) ticket is in fact identical to what the previous version holds.
    private func isUnchanged(_ ticket: Ticket, _ previous: IndexVersion?) -> Bool {
        guard let stored = try? previous?.ticket(id: ticket.id) else { return false }
        return stored.lastActionDate != nil && stored.lastActionDate == ticket.lastChange
    }

    /// A ticket read for indexing, and how its history came back short if it did.
    typealias FetchedTicket = (document: TicketDocument, incompleteHistory: IncompleteHistory?)

    /// Reads each ticket (list row, or detail when not listed) and its actions, `concurrency` at a time.
    /// Tickets HaloPSA no longer has (404) or no longer shows (403) are left out.
    private func fetchDocuments(_ ids: [Int], plan: Plan) async throws -> [FetchedTicket] {
        try await withThrowingTaskGroup(of: FetchedTicket?.self) { group in
            var documents: [FetchedTicket] = []
            var next = ids.makeIterator()
            func startNext() {
                guard let id = next.next() else { return }
                group.addTask { try await fetchDocument(id, listed: plan.listed[id], closedStatusIDs: plan.closedStatusIDs) }
            }
            for _ in 0..<concurrency { startNext() }
            while let document = try await group.next() {
                if let document { documents.append(document) }
                startNext()
            }
            return documents.sorted { $0.document.id < $1.document.id }
        }
    }

    private func fetchDocument(_ id: Int, listed: Ticket?, closedStatusIDs: Set<Int>) async throws -> FetchedTicket? {
        do {
            let ticket: Ticket
            if let listed {
                ticket = listed
            } else {
                ticket = try await client.ticket(id, as: .serviceAccount)
            }
            let history = try await client.actions(ticketID: id, as: .serviceAccount)
            let incomplete = history.isComplete
                ? nil : IncompleteHistory(ticketID: id, actionsReceived: history.actions.count, recordCount: history.recordCount)
            return (TicketDocument(ticket: ticket, actions: history.actions, closedStatusIDs: closedStatusIDs), incomplete)
        } catch let error as HaloAPIError where error.kind == .notFound || error.kind == .forbidden {
            logger.info("ticket no longer available; dropping it from the index", metadata: ["ticket": "\(id)"])
            return nil
        }
    }

    /// Vectors for `chunks`, reusing the previous version's vector for any chunk with the same text and
    /// model, and embedding each new text once however many chunks share it.
    private func embed(_ chunks: [Chunk], previous: IndexVersion?, outcome: inout IndexRunOutcome) async throws -> Matrix {
        let width = embedder.dimension
        var result = Matrix(rows: chunks.count, columns: width)
        var missing: [String: [Int]] = [:]  // content hash -> chunk indexes
        var order: [String] = []
        for (index, chunk) in chunks.enumerated() {
            if let vector = try previous?.vector(forContentHash: chunk.contentHash, modelID: embedder.modelID) {
                result.values.replaceSubrange(index * width ..< (index + 1) * width, with: vector)
                outcome.chunksReused += 1
            } else {
                if missing[chunk.contentHash] == nil { order.append(chunk.contentHash) }
                missing[chunk.contentHash, default: []].append(index)
            }
        }
        guard !order.isEmpty else { return result }
        let embedded = try await embedder.embed(order.map { chunks[missing[$0]![0]].text }, role: .document)
        guard embedded.rows == order.count, embedded.columns == width else {
            throw IndexRunError.embedderAnsweredWrongShape(expected: order.count, got: embedded.rows)
        }
        for (row, hash) in order.enumerated() {
            for index in missing[hash]! {
                result.values.replaceSubrange(
                    index * width ..< (index + 1) * width, with: embedded.values[row * width ..< (row + 1) * width])
            }
        }
        outcome.chunksEmbedded += order.count
        outcome.chunksReused += missing.values.reduce(0) { $0 + $1.count } - order.count  // repeats of a new text
        return result
    }

    private static func name(of mode: Mode) -> String {
        switch mode {
        case .incremental: "incremental"
        case .full: "full"
        case .tickets: "tickets"
        }
    }
}

/// Failures of a run that are not HaloPSA's or the index format's.
public enum IndexRunError: Error, CustomStringConvertible {
    /// The embedder returned a different number of vectors than texts.
    case embedderAnsweredWrongShape(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .embedderAnsweredWrongShape(let expected, let got): "the embedder returned \(got) vectors for \(expected) texts"
        }
    }
}

/// Seconds spent per stage of a run.
struct StageTimer {
    var halo = 0.0
    var embed = 0.0
    var write = 0.0

    mutating func measure<T>(_ stage: WritableKeyPath<StageTimer, Double>, _ work: () throws -> T) rethrows -> T {
        let started = ContinuousClock.now
        defer { self[keyPath: stage] += started.duration(to: .now).inSeconds }
        return try work()
    }

    mutating func measure<T>(_ stage: WritableKeyPath<StageTimer, Double>, _ work: () async throws -> T) async rethrows -> T {
        let started = ContinuousClock.now
        defer { self[keyPath: stage] += started.duration(to: .now).inSeconds }
        return try await work()
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0 ..< Swift.min($0 + size, count)]) }
    }
}
