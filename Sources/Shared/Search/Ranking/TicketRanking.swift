/// Every ticket's best score for one query (or the best over several), from which candidates are
/// taken in score order, page by page: the permission filter asks for more when it rejects some.
///
/// Holds two small arrays (8 bytes per ticket) beside the engine's ticket table. When they come from
/// the float16 matrix, each page re-scores its candidates from the float32 rows (`ExactRescoring`), so
/// pages hold exactly what a float32 scan would give.
public struct TicketRanking: RankedCandidates {
    private let tickets: TicketTable
    private let best: [Float]
    private let bestRow: [Int32]
    private let rescoring: ExactRescoring?

    init(tickets: TicketTable, best: [Float], bestRow: [Int32], rescoring: ExactRescoring? = nil) {
        self.tickets = tickets
        self.best = best
        self.bestRow = bestRow
        self.rescoring = rescoring
    }

    /// Number of tickets that were scored (those that passed the filter and own at least one row).
    public var candidateCount: Int { best.reduce(0) { $1 > -.infinity ? $0 + 1 : $0 } }

    /// The candidates ranked `offset ..< offset + count`, best first. Equal scores go to the ticket
    /// whose rows come first in the index, so pages never overlap or skip.
    public func hits(from offset: Int = 0, count: Int) -> [TicketHit] {
        guard count > 0, offset >= 0 else { return [] }
        var selection = TopSelection(capacity: offset + count)
        for ticket in best.indices where best[ticket] >= selection.threshold && best[ticket] > -.infinity {
            selection.push(best[ticket], id: ticket)
        }
        guard let rescoring else {
            return selection.sorted().dropFirst(offset).map { pair in
                TicketHit(ticketID: tickets.ids[pair.id], score: pair.score, row: Int(bestRow[pair.id]))
            }
        }
        let cut = selection.threshold - rescoring.margin
        var exact = TopSelection(capacity: offset + count)
        var exactRows: [Int: Int] = [:]
        for ticket in best.indices where best[ticket] >= cut && best[ticket] > -.infinity {
            let (score, row) = rescoring.best(of: tickets.rows(ofTicket: ticket))
            exact.push(score, id: ticket)
            exactRows[ticket] = row
        }
        return exact.sorted().dropFirst(offset).map { pair in
            TicketHit(ticketID: tickets.ids[pair.id], score: pair.score, row: exactRows[pair.id]!)
        }
    }

    /// Scores are cosine similarities.
    public var scoring: RankingScore { .cosine }

    /// The best `count` candidates.
    public func candidates(count: Int) -> [TicketHit] {
        hits(count: count)
    }

    /// The ranking's hit for the ticket owning matrix row `row`, if that ticket was scored.
    public func hit(forTicketOwningRow row: Int) -> TicketHit? {
        guard row >= 0, row < tickets.rowCount else { return nil }
        let ticket = tickets.ticket(ofRow: row)
        guard best[ticket] > -.infinity else { return nil }
        if let rescoring {
            let (score, row) = rescoring.best(of: tickets.rows(ofTicket: ticket))
            return TicketHit(ticketID: tickets.ids[ticket], score: score, row: row)
        }
        return TicketHit(ticketID: tickets.ids[ticket], score: best[ticket], row: Int(bestRow[ticket]))
    }
}
