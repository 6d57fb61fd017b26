/// How `SemanticSearch` ranks the tickets of a query.
public enum SearchMode: String, Sendable, Codable, CaseIterable {
    /// Vector ranking, fused with the keyword (BM25) ranking of the query's identifier-shaped tokens
    /// (error codes, host names, versions, ticket numbers; see `IdentifierTokens`) when it holds any;
    /// otherwise exactly `semantic`.
    case hybrid
    /// Vector ranking only: cosine similarity of the query with every chunk, best chunk per ticket.
    case semantic
    /// Keyword ranking only: SQLite FTS5 BM25 over the chunk texts; tickets matching no word are left out.
    case keyword

    /// The mode searches use unless asked otherwise: the winner of `scripts/bench quality`.
    public static let `default` = SearchMode.hybrid
}
