/// A ticket found by a search, with the score and row of its best-matching chunk.
public struct TicketHit: Sendable, Equatable {
    /// HaloPSA ticket id.
    public let ticketID: Int
    /// What the ranking ordered by (see `RankingScore`): the inner product of the query with the ticket's
    /// best chunk (cosine similarity for unit vectors), a fused score, or a BM25 relevance.
    public let score: Float
    /// Matrix row of that chunk (look it up with `IndexVersion.chunks(rows:)` for a snippet).
    public let row: Int
    /// The cosine similarity of the ticket's best chunk when `score` is a fused score and the ticket was
    /// scored by vector; `nil` otherwise.
    public let cosine: Float?

    /// Creates a hit.
    public init(ticketID: Int, score: Float, row: Int, cosine: Float? = nil) {
        self.ticketID = ticketID
        self.score = score
        self.row = row
        self.cosine = cosine
    }
}

/// Why a search request cannot run.
public enum SearchError: Error, Equatable, CustomStringConvertible {
    /// The query vector's length differs from the index dimension.
    case dimensionMismatch(expected: Int, actual: Int)
    /// The query holds NaN or infinity.
    case nonFiniteQuery
    /// The ticket is not in the index.
    case unknownTicket(Int)
    /// The index's ticket table and matrix disagree.
    case inconsistentIndex(String)

    /// One line for logs and tool errors.
    public var description: String {
        switch self {
        case let .dimensionMismatch(expected, actual): "query has \(actual) components, the index has \(expected)"
        case .nonFiniteQuery: "query vector contains NaN or infinity"
        case .unknownTicket(let id): "ticket \(id) is not in the index"
        case .inconsistentIndex(let reason): "index is inconsistent: \(reason)"
        }
    }
}
