/// A ticket whose history HaloPSA returned short: fewer actions than its `record_count`, even when asked
/// for that many (see `HaloClient.actionListCount`). The index holds the actions received; search may miss the rest.
/// Kept per version in the `incomplete_histories` table and shown by `hmcp-index status`.
public struct IncompleteHistory: Sendable, Codable, Equatable {
    /// The ticket.
    public var ticketID: Int
    /// Actions HaloPSA returned (and the index holds).
    public var actionsReceived: Int
    /// Actions HaloPSA counts.
    public var recordCount: Int

    /// A ticket `ticketID` indexed with `actionsReceived` of its `recordCount` actions.
    public init(ticketID: Int, actionsReceived: Int, recordCount: Int) {
        self.ticketID = ticketID
        self.actionsReceived = actionsReceived
        self.recordCount = recordCount
    }

    /// `1234 (30 of 40 actions)`.
    public var text: String { "\(ticketID) (\(actionsReceived) of \(recordCount) actions)" }
}
