/// The tickets of one query whose float16 score may still belong to the exact top `capacity`: every
/// ticket within `margin` (`ExactRescoring.margin`) of the `capacity`-th best float16 score seen so far.
/// That score only rises, so a ticket that falls out of the window never comes back; the window is
/// pruned when it has grown, which keeps it a few times `capacity` long whatever the matrix size.
struct CandidateWindow {
    /// The best `capacity` (score, ticket) pairs: their worst sets the window's floor.
    private(set) var top: TopSelection
    /// How far below the `capacity`-th best score a candidate may lie.
    let margin: Float
    /// Float16 scores and ticket indexes of the candidates, in the order offered.
    private(set) var scores: [Float] = []
    private(set) var tickets: [Int] = []
    /// Candidates held when the next pruning runs: twice what the last one kept, so even a window that
    /// stays wide (many near-ties) costs amortised constant time per candidate.
    private var pruneAt: Int

    /// An empty window for the best `capacity` tickets.
    init(capacity: Int, margin: Float) {
        top = TopSelection(capacity: capacity)
        self.margin = margin
        pruneAt = 4 * max(16, capacity)
    }

    /// The lowest score a new candidate may have.
    var floor: Float { top.threshold - margin }

    /// Offers ticket `ticket` with float16 score `score`.
    @inline(__always)
    mutating func offer(_ score: Float, ticket: Int) {
        guard score >= floor else { return }
        scores.append(score)
        tickets.append(ticket)
        top.push(score, id: ticket)
        if scores.count >= pruneAt {
            prune(below: floor)
            pruneAt = max(pruneAt, 2 * scores.count)
        }
    }

    /// Drops the candidates below `cut`.
    mutating func prune(below cut: Float) {
        var kept = 0
        for index in scores.indices where scores[index] >= cut {
            scores[kept] = scores[index]
            tickets[kept] = tickets[index]
            kept += 1
        }
        scores.removeLast(scores.count - kept)
        tickets.removeLast(tickets.count - kept)
    }
}
