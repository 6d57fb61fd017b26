/// Candidates from keyword search alone (FTS5 BM25 over the chunk texts of one version); a ticket
/// that matches no word of the query is never a candidate. Scores are BM25, negated (higher is better).
public struct KeywordRanking: RankedCandidates {
    private let version: IndexVersion
    private let text: String
    private let filter: SearchFilter

    /// Ranks the tickets of `version` that pass `filter` by the words of `text`.
    public init(version: IndexVersion, text: String, filter: SearchFilter) {
        self.version = version
        self.text = text
        self.filter = filter
    }

    /// Scores are BM25 relevances.
    public var scoring: RankingScore { .bm25 }

    /// The best `count` tickets by BM25.
    public func candidates(count: Int) throws -> [TicketHit] {
        try version.keywordSearch(text, count: count, filter: filter)
    }
}
