/// Actions: a ticket's history, one action, and adding one.
extension HaloClient {
    /// A ticket's actions, oldest first as HaloPSA returns them; `count` limits how many.
    public func actions(
        ticketID: Int, count: Int? = nil, excludePrivate: Bool = false, as credential: HaloCredential
    ) async throws -> (actions: [Action], recordCount: Int) {
        var query = [("ticket_id", String(ticketID))]
        if let count { query.append(("count", String(count))) }
        if excludePrivate { query.append(("excludeprivate", "true")) }
        let list: HaloList<Action> = try await getList("/Actions", query: query, listKey: "actions", as: credential)
        return (list.records, list.recordCount)
    }

    /// One action; HaloPSA requires the ticket id with it.
    public func action(_ id: Int, ticketID: Int, as credential: HaloCredential) async throws -> Action {
        try await get("/Actions/\(id)", query: [("ticket_id", String(ticketID))], as: credential)
    }

    /// Adds an action (a note, a reply, a status change or a workflow transition by its outcome).
    public func createAction(_ action: NewAction, as credential: HaloCredential) async throws -> Action {
        try await upsert("/Actions", action, as: credential)
    }
}
