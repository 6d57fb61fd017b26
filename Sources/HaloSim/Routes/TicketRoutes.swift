import Hummingbird

/// `/api/Tickets`: list, detail, upsert (a POSTed array: an item without `id` creates, one with `id` updates), delete.
struct TicketRoutes {
    let services: SimulatorServices

    func register(on api: RouterGroup<SimulatorContext>) {
        api.get("tickets") { request, context in try list(request, context) }
        api.get("tickets/{id}") { _, context in try detail(context) }
        api.post("tickets") { request, context in try await upsert(request, context) }
        api.delete("tickets/{id}") { _, context in try delete(context) }
    }

    private func list(_ request: Request, _ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "tickets", write: false)
        var query: TicketQuery
        do {
            query = try TicketQuery(HTTPSupport.query(request))
        } catch let error as StoreError {
            throw services.httpError(error)
        }
        if services.quirks.ignoresTicketIDs { query.ticketIDs = [] }
        let (page, total) = services.store.tickets(matching: query, viewer: caller.agent)
        let representation = services.tickets
        let rows = page.map(query.idsOnly ? representation.idOnly : representation.row)
        let paging = query.paginate && !query.idsOnly ? (query.pageNumber, query.pageSize) : nil
        return HTTPSupport.json(HTTPSupport.envelope(key: "tickets", rows: rows, total: total, paging: paging))
    }

    private func detail(_ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "tickets", write: false)
        do {
            let ticket = try services.store.ticket(try HTTPSupport.id(context), viewer: caller.agent)
            return HTTPSupport.json(services.tickets.detail(ticket))
        } catch let error as StoreError {
            throw services.httpError(error)
        }
    }

    private func upsert(_ request: Request, _ context: SimulatorContext) async throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "tickets", write: true)
        let items = try await HTTPSupport.upsertItems(request, invalid: HaloHTTPError.validation)
        do {
            let (tickets, events) = try services.store.upsertTickets(items, by: caller.agent)
            services.publish(events)
            return HTTPSupport.upsertAnswer(tickets.map(services.tickets.detail))
        } catch {
            throw services.httpError(error)
        }
    }

    private func delete(_ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "tickets", write: true)
        do {
            let event = try services.store.deleteTicket(try HTTPSupport.id(context), by: caller.agent)
            services.publish([event])
            return Response(status: .ok)
        } catch let error as StoreError {
            throw services.httpError(error)
        }
    }
}
