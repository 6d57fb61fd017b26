import CoreMetrics
import Foundation
import Logging

/// Semantic search over the live index on behalf of one user: embed the query with the
/// index's own model, score every chunk exactly, then keep only the tickets the user may see, in
/// score order, checked with the user's own HaloPSA permissions. `SearchMode` picks the ranking:
/// vectors, keywords (FTS5 BM25), or vectors with keywords fused in for identifier-shaped queries;
/// every mode goes through the same permission filter.
///
/// Nothing of a ticket that fails the check (its id, score or text) leaves this type or is logged
/// above debug level. Each stage is timed in `hmcp_search_stage_duration_seconds{stage}`: `embed` (the
/// query), `scan` (ranking the index), `permission_check` (finding the visible tickets).
public final class SemanticSearch: Sendable {
    /// One visible result.
    public struct Hit: Sendable, Codable, Equatable {
        public let ticketID: Int
        public let summary: String
        public let status: String?
        public let client: String?
        public let team: String?
        public let isOpen: Bool
        /// What ranked the results (`Results.rankedBy`): the cosine similarity of the best-matching chunk
        /// (−1…1), the fused score (0…1) or the BM25 relevance. Never increases with rank.
        public let score: Double
        /// The cosine similarity of the best-matching chunk beside a fused score; `nil` otherwise.
        public let cosine: Double?
        /// What matched: the best chunk's kind (`summary`, `details`, `action`) and its text, shortened.
        public let matchedIn: String
        public let snippet: String
        /// True when the best chunk comes from a private note (hidden from the customer), as
        /// `list_actions` marks the action itself.
        public let isPrivate: Bool
        /// The ticket in HaloPSA's web app.
        public let url: String

        /// The members as the search tools return them (snake_case once encoded for a tool).
        enum CodingKeys: String, CodingKey {
            case ticketID, summary, status, client, team, score, cosine, matchedIn, snippet, url
            case isOpen = "open", isPrivate = "private"
        }
    }

    /// A search's results, what ranked them, and the index version that answered.
    public struct Results: Sendable {
        public let hits: [Hit]
        /// What the hits' scores are.
        public let rankedBy: RankingScore
        public let indexVersion: Int
        /// Candidates whose visibility was examined.
        public let examined: Int
        /// Set when the search stopped at a bound (candidate cap or deadline) with candidates left.
        public let stop: PermissionFilter.Stop?
    }

    /// Why a search cannot run.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// No index has been published (or none could be opened) yet.
        case noIndex
        /// The source ticket of a similarity search is not in the index, or the user may not see it.
        case unknownTicket(Int)

        public var description: String {
            switch self {
            case .noIndex: "no search index is live yet: the indexer has not published one (see embedding_status)"
            case .unknownTicket(let id): "ticket \(id) is not in the search index, or you may not see it"
            }
        }
    }

    /// Longest snippet returned, in characters.
    public static let snippetLength = 400

    private let live: LiveIndex
    private let embedder: any Embedder
    private let permissions: PermissionFilter
    private let fusion: RankFusion
    private let haloBaseURL: String
    private let logger: Logger

    /// Search over `live`, embedding queries with `embedder`, checking through `permissions`, fusing
    /// hybrid rankings with `fusion`; result links point into the HaloPSA at `haloBaseURL`.
    public init(
        live: LiveIndex, embedder: any Embedder, permissions: PermissionFilter, fusion: RankFusion = RankFusion(),
        haloBaseURL: String, logger: Logger
    ) {
        self.live = live
        self.embedder = embedder
        self.permissions = permissions
        self.fusion = fusion
        self.haloBaseURL = haloBaseURL
        self.logger = logger
    }

    /// The best `limit` tickets for `query` that `user` may see, ranked as `mode` says.
    public func search(
        _ query: String, limit: Int, mode: SearchMode = .default, filter: SearchFilter = .none, user: String,
        check: PermissionCheck
    ) async throws -> Results {
        guard let snapshot = live.snapshot else { throw Failure.noIndex }
        let candidates = try await ranking(of: query, mode: mode, in: snapshot, filter: filter)
        return try await visible(candidates, in: snapshot, limit: limit, user: user, check: check)
    }

    /// The candidates of `query` in `mode`: keyword alone, vector alone, or vector with the keyword
    /// ranking of the query's identifier tokens fused in (hybrid, when it has any).
    private func ranking(
        of query: String, mode: SearchMode, in snapshot: SearchSnapshot, filter: SearchFilter
    ) async throws -> any RankedCandidates {
        if mode == .keyword { return KeywordRanking(version: snapshot.version, text: query, filter: filter) }
        let embedded = try await Self.timed("embed") { try await embedder.embed([query], role: .query) }
        let vector = try await Self.timed("scan") { try await BlockingWork.run { try snapshot.engine.rank(embedded.row(0), filter: filter) } }
        let identifiers = mode == .hybrid ? IdentifierTokens.find(in: query) : []
        guard !identifiers.isEmpty else { return vector }
        let keyword = try snapshot.version.keywordSearch(identifiers.joined(separator: " "), count: fusion.depth, filter: filter)
        return HybridRanking(vector: vector, keyword: keyword, fusion: fusion)
    }

    /// Tickets most like ticket `id` (its own chunks are the queries; it is left out), that `user` may
    /// see. The user must be allowed to see ticket `id` itself. HaloPSA is asked about `id` whether or
    /// not the index holds it, so a ticket missing from the index and a hidden one take the same path
    /// and the same time, and get the same answer.
    public func similar(
        toTicket id: Int, limit: Int, filter: SearchFilter = .none, user: String,
        check: PermissionCheck
    ) async throws -> Results {
        guard let snapshot = live.snapshot else { throw Failure.noIndex }
        let isVisible = try await check.visibility(of: [id])[id] == .visible
        guard try snapshot.version.ticket(id: id) != nil, isVisible else { throw Failure.unknownTicket(id) }
        let ranking = try await Self.timed("scan") {
            try await BlockingWork.run { try snapshot.engine.rankSimilar(toTicket: id, filter: filter) }
        }
        return try await visible(ranking, in: snapshot, limit: limit, user: user, check: check)
    }

    private func visible(
        _ ranking: any RankedCandidates, in snapshot: SearchSnapshot, limit: Int, user: String,
        check: PermissionCheck
    ) async throws -> Results {
        var fetched: [Int: TicketHit] = [:]
        let outcome = try await Self.timed("permission_check") {
            try await permissions.visibleTickets(
                limit: limit, user: user,
                candidates: { count in
                    let hits = try ranking.candidates(count: count)
                    for hit in hits { fetched[hit.ticketID] = hit }
                    return hits.map(\.ticketID)
                }, check: check)
        }
        let ids = outcome.ids
        let version = snapshot.version
        let tickets = Dictionary(try version.tickets(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let chunks = Dictionary(
            try version.chunks(rows: ids.compactMap { fetched[$0]?.row }).map { ($0.row, $0.chunk) },
            uniquingKeysWith: { first, _ in first })
        let hits = ids.compactMap { id -> Hit? in
            guard let hit = fetched[id], let ticket = tickets[id] else { return nil }
            let chunk = chunks[hit.row]
            return Hit(
                ticketID: id, summary: ticket.summary, status: ticket.statusName, client: ticket.clientName,
                team: ticket.teamName, isOpen: ticket.isOpen, score: Self.rounded(hit.score), cosine: hit.cosine.map(Self.rounded),
                matchedIn: chunk?.kind.rawValue ?? "summary", snippet: Self.snippet(chunk?.text ?? ticket.summary),
                isPrivate: chunk?.isPrivate ?? false, url: "\(haloBaseURL)/ticket?id=\(id)")
        }
        logger.debug("semantic search answered", metadata: ["visible": "\(hits.count)", "version": "\(version.number)"])
        return Results(
            hits: hits, rankedBy: ranking.scoring, indexVersion: version.number, examined: outcome.examined, stop: outcome.stop)
    }

    /// A score to four decimals.
    private static func rounded(_ score: Float) -> Double {
        (Double(score) * 10_000).rounded() / 10_000
    }

    /// Runs one stage of a search and records its duration.
    private static func timed<T>(_ stage: String, _ work: () async throws -> T) async rethrows -> T {
        let started = ContinuousClock.now
        defer {
            CoreMetrics.Timer(
                label: "hmcp_search_stage_duration_seconds", dimensions: [("stage", stage)], preferredDisplayUnit: .seconds
            ).recordNanoseconds(started.duration(to: .now).nanoseconds)
        }
        return try await work()
    }

    /// The text on one line, cut at a word boundary.
    static func snippet(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > snippetLength else { return flat }
        let cut = flat.prefix(snippetLength)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + " …"
    }
}
