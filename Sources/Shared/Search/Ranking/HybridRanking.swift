/// Candidates of a vector ranking with a keyword ranking fused into its head (see `RankFusion`): the
/// leading tickets of both lists in fused order, then every other ticket in vector order. Scores are
/// fused scores, which never increase with rank (the tail's are what its vector ranks earn), with each
/// ticket's cosine beside them; a ticket found by its words keeps the row of the chunk that holds them.
public struct HybridRanking: RankedCandidates {
    private let vector: TicketRanking
    private let fusion: RankFusion
    private let head: [TicketHit]
    private let headIDs: Set<Int>

    /// Fuses the first `fusion.depth` tickets of `vector` with `keyword` (best first; only its first
    /// `fusion.depth` count).
    public init(vector: TicketRanking, keyword: [TicketHit], fusion: RankFusion) {
        self.vector = vector
        self.fusion = fusion
        head = fusion.fuse(vector: vector.hits(count: fusion.depth), keyword: Array(keyword.prefix(fusion.depth))).map { hit in
            TicketHit(ticketID: hit.ticketID, score: hit.score, row: hit.row, cosine: vector.hit(forTicketOwningRow: hit.row)?.score)
        }
        headIDs = Set(head.map(\.ticketID))
    }

    /// Scores are fused scores.
    public var scoring: RankingScore { .fused }

    /// The fused head, then the vector ranking without the tickets already given.
    public func candidates(count: Int) -> [TicketHit] {
        guard count > head.count else { return Array(head.prefix(max(0, count))) }
        let tail = vector.hits(count: count).enumerated().lazy.filter { !headIDs.contains($0.element.ticketID) }.map { rank, hit in
            TicketHit(ticketID: hit.ticketID, score: fusion.score(vectorRank: rank), row: hit.row, cosine: hit.score)
        }
        return Array((head + tail).prefix(count))
    }
}
