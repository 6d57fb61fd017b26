/// Tickets: list (paginated), ids only, detail, create and update.
extension HaloClient {
    /// HaloPSA's largest page for tickets.
    public static let maxPageSize = 100

    /// One page (1-based) of tickets; always `pageinate=true`, since HaloPSA ignores paging params without it.
    public func tickets(
        _ query: TicketQuery = TicketQuery(), page: Int = 1, pageSize: Int = 50, as credential: HaloCredential
    ) async throws -> TicketPage {
        let size = min(max(pageSize, 1), Self.maxPageSize)
        let items = query.items + [("pageinate", "true"), ("page_size", String(size)), ("page_no", String(max(page, 1)))]
        let list: HaloList<Ticket> = try await getList("/Tickets", query: items, listKey: "tickets", as: credential)
        return TicketPage(tickets: list.records, recordCount: list.recordCount, pageNumber: max(page, 1), pageSize: size)
    }

    /// Every ticket matching `query`, page after page (100 at a time) until `record_count` is reached.
    /// `onPage` sees each page as it arrives (for progress).
    public func allTickets(
        _ query: TicketQuery = TicketQuery(), as credential: HaloCredential,
        onPage: @Sendable (TicketPage) -> Void = { _ in }
    ) async throws -> [Ticket] {
        var collected: [Ticket] = []
        var page = 1
        while true {
            let result = try await tickets(query, page: page, pageSize: Self.maxPageSize, as: credential)
            onPage(result)
            collected += result.tickets
            let lastPage = (result.recordCount + result.pageSize - 1) / result.pageSize
            if result.tickets.isEmpty || collected.count >= result.recordCount || page >= lastPage { break }
            page += 1
        }
        return collected
    }

    /// The ids of every ticket matching `query` in one cheap call (`ticketidonly=true`, which HaloPSA
    /// does not paginate): what the indexer reconciles deletions with.
    public func ticketIDs(_ query: TicketQuery = TicketQuery(), as credential: HaloCredential) async throws -> [Int] {
        let list: HaloList<Ticket> = try await getList(
            "/Tickets", query: query.items + [("ticketidonly", "true")], listKey: "tickets", as: credential)
        return list.records.map(\.id)
    }

    /// One ticket with its details, workflow position and history.
    public func ticket(_ id: Int, as credential: HaloCredential) async throws -> Ticket {
        try await get("/Tickets/\(id)", query: [("includedetails", "true")], as: credential)
    }

    /// Creates a ticket and returns it as saved.
    public func createTicket(_ ticket: NewTicket, as credential: HaloCredential) async throws -> Ticket {
        try await upsert("/Tickets", ticket, as: credential)
    }

    /// Changes only the given fields of a ticket and returns it as saved.
    public func updateTicket(_ changes: TicketChanges, as credential: HaloCredential) async throws -> Ticket {
        try await upsert("/Tickets", changes, as: credential)
    }
}
