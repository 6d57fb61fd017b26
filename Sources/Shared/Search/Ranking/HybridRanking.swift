/// Candidates of a vector ranking with a keyword ranking fused into its head (see `RankFusion`): the
/// leading tickets of both lists in fused order, then every other ticket in vector order. Scores stay
/// cosine similarities; a ticket found by its words keeps the row of the chunk that holds them.
public struct HybridRanking: RankedCandidates {
    private let vector: TicketRanking
    private let head: [TicketHit]
    private let headIDs: Set<Int>

    /// Fuses the first `fusion.depth` tickets of `vector` with `keyword` (best first; only its first
    /// `fusion.depth` count).
    public init(vector: TicketRanking, keyword: [TicketHit], fusion: RankFusion) {
        self.vector = vector
        let keywordHead = keyword.prefix(fusion.depth).map { hit in
            vector.hit(forTicketOwningRow: hit.row).map { TicketHit(ticketID: hit.ticketID, score: $0.score, row: hit.row) } ?? hit
        }
        head = fusion.fuse(vector: vector.hits(count: fusion.depth), keyword: keywordHead)
        headIDs = Set(head.map(\.ticketID))
    }

    /// The fused head, then the vector ranking without the tickets already given.
    public func candidates(count: Int) -> [TicketHit] {
        guard count > head.count else { return Array(head.prefix(max(0, count))) }
        let tail = vector.hits(count: count).lazy.filter { !headIDs.contains($0.ticketID) }
        return Array((head + tail).prefix(count))
    }
}
