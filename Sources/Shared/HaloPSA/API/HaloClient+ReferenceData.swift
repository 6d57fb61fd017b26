/// Reference data: statuses, teams, ticket types, clients, agents and assets.
extension HaloClient {
    /// Ticket statuses.
    public func statuses(as credential: HaloCredential) async throws -> [Status] {
        let list: HaloList<Status> = try await getList("/Status", query: [("type", "ticket")], listKey: "statuses", as: credential)
        return list.records
    }

    /// Teams the caller may see; `showAll` is HaloPSA's admin override.
    public func teams(showAll: Bool, as credential: HaloCredential) async throws -> [Team] {
        let query = showAll ? [("showall", "true")] : []
        let list: HaloList<Team> = try await getList("/Team", query: query, listKey: "teams", as: credential)
        return list.records
    }

    /// Ticket types (list rows).
    public func ticketTypes(as credential: HaloCredential) async throws -> [TicketType] {
        let list: HaloList<TicketType> = try await getList("/TicketType", listKey: "tickettypes", as: credential)
        return list.records
    }

    /// One ticket type with its workflow and allowed outcomes.
    public func ticketType(_ id: Int, as credential: HaloCredential) async throws -> TicketType {
        try await get("/TicketType/\(id)", query: [("includedetails", "true")], as: credential)
    }

    /// One client.
    public func client(_ id: Int, as credential: HaloCredential) async throws -> Client {
        try await get("/Client/\(id)", as: credential)
    }

    /// Clients, optionally matching `search`; one page of up to 100.
    public func clients(search: String? = nil, as credential: HaloCredential) async throws -> [Client] {
        var query = [("pageinate", "true"), ("page_size", "100"), ("page_no", "1")]
        if let search, !search.isEmpty { query.append(("search", search)) }
        let list: HaloList<Client> = try await getList("/Client", query: query, listKey: "clients", as: credential)
        return list.records
    }

    /// The agent the credential acts as.
    public func me(as credential: HaloCredential) async throws -> Agent {
        try await get("/Agent/me", as: credential)
    }

    /// Agents.
    public func agents(as credential: HaloCredential) async throws -> [Agent] {
        let list: HaloList<Agent> = try await getList("/Agent", listKey: "agents", as: credential)
        return list.records
    }

    /// Assets linked to a ticket.
    public func assets(ticketID: Int, as credential: HaloCredential) async throws -> [Asset] {
        let list: HaloList<Asset> = try await getList(
            "/Asset", query: [("ticket_id", String(ticketID))], listKey: "assets", as: credential)
        return list.records
    }
}
