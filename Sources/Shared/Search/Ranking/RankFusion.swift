/// Weighted reciprocal-rank fusion of a vector ranking and a keyword ranking: a ticket at rank `r`
/// (from 1) of a list earns `weight / (smoothing + r)` from it, and tickets are ordered by their sum.
/// Only ranks count, so cosine similarities and BM25 scores never need a common scale. Fused scores are
/// reported divided by the best a ticket can earn (first in both lists), so they run from 0 to 1.
///
/// Equal-weight fusion was measured to hurt paraphrased questions (the keyword list is noise there), so
/// hybrid search fuses only for queries with identifier-shaped tokens, ranks by keyword on those tokens
/// alone, and gives that list the larger weight. The defaults were tuned with `scripts/bench quality
/// --sweep`.
public struct RankFusion: Sendable, Equatable {
    /// Weight of the vector ranking.
    public var vectorWeight: Double
    /// Weight of the keyword ranking.
    public var keywordWeight: Double
    /// The constant added to every rank; larger values flatten the head of each list.
    public var smoothing: Double
    /// How many leading tickets of each list are fused; the rest follow in vector order.
    public var depth: Int

    /// A fusion with the given weights; the defaults are the tuned ones.
    public init(vectorWeight: Double = 1, keywordWeight: Double = 2, smoothing: Double = 60, depth: Int = 100) {
        self.vectorWeight = vectorWeight
        self.keywordWeight = keywordWeight
        self.smoothing = smoothing
        self.depth = max(1, depth)
    }

    /// The union of both lists (each best first) in fused order, each hit scored with its scaled fused
    /// score. A ticket in both keeps the row of the keyword list (the chunk holding the matched words); a
    /// ticket in one list keeps its row there. Equal fused scores go to the better vector rank, then the
    /// lower ticket id.
    public func fuse(vector: [TicketHit], keyword: [TicketHit]) -> [TicketHit] {
        var entries: [Int: Entry] = [:]
        for (rank, hit) in vector.enumerated() where entries[hit.ticketID] == nil {
            entries[hit.ticketID] = Entry(hit: hit, score: vectorWeight / (smoothing + Double(rank + 1)), vectorRank: rank)
        }
        var counted: Set<Int> = []
        for (rank, hit) in keyword.enumerated() where counted.insert(hit.ticketID).inserted {
            let share = keywordWeight / (smoothing + Double(rank + 1))
            if let entry = entries[hit.ticketID] {
                entries[hit.ticketID] = Entry(hit: hit, score: entry.score + share, vectorRank: entry.vectorRank)
            } else {
                entries[hit.ticketID] = Entry(hit: hit, score: share, vectorRank: .max)
            }
        }
        return entries.values.sorted { first, second in
            if first.score != second.score { return first.score > second.score }
            if first.vectorRank != second.vectorRank { return first.vectorRank < second.vectorRank }
            return first.hit.ticketID < second.hit.ticketID
        }.map { TicketHit(ticketID: $0.hit.ticketID, score: Float($0.score / best), row: $0.hit.row) }
    }

    /// The scaled fused score of a ticket at `vectorRank` (from 0) of the vector list and in no keyword list.
    public func score(vectorRank: Int) -> Float {
        Float(vectorWeight / (smoothing + Double(vectorRank + 1)) / best)
    }

    /// The fused score of a ticket first in both lists.
    private var best: Double {
        max((vectorWeight + keywordWeight) / (smoothing + 1), .leastNonzeroMagnitude)
    }

    private struct Entry {
        let hit: TicketHit
        let score: Double
        let vectorRank: Int
    }
}
