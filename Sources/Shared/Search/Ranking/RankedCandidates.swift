/// A query's candidate tickets in rank order, which the permission filter takes page by page until
/// it has enough visible ones.
public protocol RankedCandidates: Sendable {
    /// The best `count` candidates, best first (fewer when there are no more). A longer request
    /// starts with the same tickets as a shorter one.
    func candidates(count: Int) throws -> [TicketHit]
}
