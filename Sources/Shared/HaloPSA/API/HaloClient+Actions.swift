/// Actions: a ticket's history, one action, and adding one.
extension HaloClient {
    /// The `count` sent with every action list: without one HaloPSA stops at about 52 rows, and `/Actions`
    /// has no paging.
    public static let actionListCount = 10_000

    /// A ticket's whole history, oldest first as HaloPSA returns it. Asks for ``actionListCount`` rows; when
    /// fewer than `record_count` come back, asks once more for `record_count` rows. A history still short
    /// after that is logged and returned with ``ActionHistory/isComplete`` false, never passed off as whole.
    public func actions(ticketID: Int, excludePrivate: Bool = false, as credential: HaloCredential) async throws -> ActionHistory {
        let first = try await actionList(ticketID: ticketID, count: Self.actionListCount, excludePrivate: excludePrivate, as: credential)
        guard !first.isComplete else { return first }
        let second = try await actionList(ticketID: ticketID, count: first.recordCount, excludePrivate: excludePrivate, as: credential)
        if !second.isComplete {
            logger.warning(
                "HaloPSA returned fewer actions than it counts; the ticket's history is incomplete",
                metadata: ["ticket": "\(ticketID)", "received": "\(second.actions.count)", "record_count": "\(second.recordCount)"])
        }
        return second
    }

    /// One action; HaloPSA requires the ticket id with it.
    public func action(_ id: Int, ticketID: Int, as credential: HaloCredential) async throws -> Action {
        try await get("/Actions/\(id)", query: [("ticket_id", String(ticketID))], as: credential)
    }

    /// Adds an action (a note, a reply, a status change or a workflow transition by its outcome).
    public func createAction(_ action: NewAction, as credential: HaloCredential) async throws -> Action {
        try await upsert("/Actions", action, as: credential)
    }

    private func actionList(ticketID: Int, count: Int, excludePrivate: Bool, as credential: HaloCredential) async throws -> ActionHistory {
        var query = [("ticket_id", String(ticketID)), ("count", String(count))]
        if excludePrivate { query.append(("excludeprivate", "true")) }
        let list: HaloList<Action> = try await getList("/Actions", query: query, listKey: "actions", as: credential)
        return ActionHistory(actions: list.records, recordCount: list.recordCount)
    }
}

/// A ticket's actions as HaloPSA returned them, with the number it counts.
public struct ActionHistory: Sendable, Equatable {
    /// The actions received, oldest first.
    public var actions: [Action]
    /// How many actions HaloPSA counts (`record_count`).
    public var recordCount: Int

    /// A history of `actions` out of `recordCount`.
    public init(actions: [Action], recordCount: Int) {
        self.actions = actions
        self.recordCount = recordCount
    }

    /// Whether every counted action was received.
    public var isComplete: Bool { actions.count >= recordCount }
}
