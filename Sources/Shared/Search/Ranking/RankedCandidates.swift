/// A query's candidate tickets in rank order, which the permission filter takes page by page until
/// it has enough visible ones.
public protocol RankedCandidates: Sendable {
    /// What the candidates' scores are; they never increase with rank.
    var scoring: RankingScore { get }

    /// The best `count` candidates, best first (fewer when there are no more). A longer request
    /// starts with the same tickets as a shorter one.
    func candidates(count: Int) throws -> [TicketHit]
}

/// What ordered a ranking, and so what its scores mean.
public enum RankingScore: String, Sendable, Codable, Equatable {
    /// Cosine similarity of the query with the ticket's best chunk (−1…1).
    case cosine
    /// Weighted reciprocal-rank fusion of the vector and keyword rankings, scaled so that 1 is first
    /// in both (see `RankFusion`); each hit carries its cosine beside it.
    case fused
    /// BM25 relevance of the chunk texts (higher is better, unbounded).
    case bm25
}
