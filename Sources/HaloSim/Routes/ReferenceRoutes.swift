import Hummingbird

/// Reference data and organisation endpoints: Workflow, Outcome, Status, Team, TicketType, Client,
/// Agent, Asset.
struct ReferenceRoutes {
    let services: SimulatorServices

    func register(on api: RouterGroup<SimulatorContext>) {
        api.get("workflow") { _, context in
            try scoped(context, "tickets")
            return HTTPSupport.json(.array(ReferenceData.workflows.map { ReferenceRepresentation.workflow($0, details: false) }))
        }
        api.get("workflow/{id}") { request, context in
            let details = HTTPSupport.query(request).bool("includedetails") ?? false
            return try record(context, area: "tickets", kind: "Workflow", ReferenceData.workflow) {
                ReferenceRepresentation.workflow($0, details: details)
            }
        }
        api.get("outcome") { request, context in
            try scoped(context, "tickets")
            return HTTPSupport.json(.array(try outcomes(HTTPSupport.query(request)).map(ReferenceRepresentation.outcome)))
        }
        api.get("outcome/{id}") { _, context in
            try record(context, area: "tickets", kind: "Outcome", ReferenceData.outcome, ReferenceRepresentation.outcome)
        }
        api.get("status") { request, context in
            try scoped(context, "tickets")
            let query = HTTPSupport.query(request)
            let statuses = ReferenceData.statuses.filter { status in
                !(query.bool("excludeclosed") == true && status.isClosed) && !(query.bool("excludepending") == true && status.type == 2)
            }
            return HTTPSupport.json(.array(statuses.map(ReferenceRepresentation.status)))
        }
        api.get("status/{id}") { _, context in
            try record(context, area: "tickets", kind: "Status", ReferenceData.status, ReferenceRepresentation.status)
        }
        api.get("tickettype") { _, context in
            try scoped(context, "tickets")
            return HTTPSupport.json(.array(ReferenceData.ticketTypes.map(ReferenceRepresentation.ticketTypeRow)))
        }
        api.get("tickettype/{id}") { _, context in
            try record(context, area: "tickets", kind: "Ticket Type", ReferenceData.ticketType, ReferenceRepresentation.ticketType)
        }
        api.get("team") { request, context in try teams(request, context) }
        api.get("agent/me") { _, context in
            let caller = try context.caller()
            try HTTPSupport.requireScope(caller, area: nil, write: false)
            return HTTPSupport.json(services.organisation.agent(caller.agent))
        }
        api.get("agent") { request, context in try agents(request, context) }
        api.get("agent/{id}") { _, context in
            try record(context, area: nil, kind: "Agent", services.store.organisation.agent, services.organisation.agent)
        }
        api.get("client") { request, context in try clients(request, context) }
        api.get("client/{id}") { _, context in try client(context) }
        api.get("asset") { request, context in try assets(request, context) }
    }

    /// One record by the `{id}` path parameter: scope check, lookup (404 when absent), rendering.
    private func record<Record>(
        _ context: SimulatorContext, area: String?, kind: String, _ find: (Int) -> Record?, _ render: (Record) -> JSONValue
    ) throws -> Response {
        try scoped(context, area)
        let id = try HTTPSupport.id(context)
        guard let record = find(id) else { throw HaloHTTPError.notFound("\(kind) \(id) not found") }
        return HTTPSupport.json(render(record))
    }

    private func scoped(_ context: SimulatorContext, _ area: String?) throws {
        try HTTPSupport.requireScope(try context.caller(), area: area, write: false)
    }

    /// Outcomes valid in the given context (`InferredBehaviour`: workflow + step → that step's transitions
    /// plus always-allowed outcomes; workflow alone → every outcome it uses; ticket type → its allowed ones).
    private func outcomes(_ query: QueryParameters) throws -> [Outcome] {
        var outcomes = ReferenceData.outcomes
        if let workflowID = try? query.int("workflow_id"), let workflow = ReferenceData.workflow(workflowID) {
            let allowed: Set<Int>
            if let stepID = try? query.int("workflow_step"), let step = workflow.step(stepID) {
                allowed = Set(step.transitions.map(\.outcomeID)).union(workflow.alwaysAllowedOutcomeIDs)
            } else {
                allowed = workflow.boundOutcomeIDs.union(workflow.alwaysAllowedOutcomeIDs)
            }
            outcomes = outcomes.filter { allowed.contains($0.id) }
        }
        if let typeID = try? query.int("tickettype_id"), let type = ReferenceData.ticketType(typeID), !type.allowAllActions {
            outcomes = outcomes.filter { type.allowedOutcomeIDs.contains($0.id) }
        }
        return outcomes
    }

    private func teams(_ request: Request, _ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "tickets", write: false)
        let query = HTTPSupport.query(request)
        let showAll = (query.bool("showall") ?? false) || caller.agent.isAdmin
        let memberOnly = (query.bool("memberonly") ?? false) || (query.bool("myteamsonly") ?? false)
        let own = Set(caller.agent.memberships.map(\.teamID))
        let ids = Set(try query.intList("ids"))
        let teams = services.store.organisation.teams.filter { team in
            (ids.isEmpty || ids.contains(team.id)) && ((showAll && !memberOnly) || own.contains(team.id))
        }
        let members = query.bool("includeagentsforteams") ?? false
        return HTTPSupport.json(.array(teams.map { services.organisation.team($0, members: members) }))
    }

    private func agents(_ request: Request, _ context: SimulatorContext) throws -> Response {
        try scoped(context, nil)
        let query = HTTPSupport.query(request)
        let organisation = services.store.organisation
        let teamIDs = Set(try query.intList("team"))
        let search = query.string("search")?.lowercased()
        let includeDisabled = query.bool("includedisabled") ?? false
        let agents = organisation.agents.filter { agent in
            (includeDisabled || !agent.disabled)
                && (teamIDs.isEmpty || agent.memberships.contains { teamIDs.contains($0.teamID) })
                && (search.map { agent.name.lowercased().contains($0) || agent.email.lowercased().contains($0) } ?? true)
        }
        let limited = (try query.int("count")).map { Array(agents.prefix(max($0, 0))) } ?? agents
        return HTTPSupport.json(.array(limited.map(services.organisation.agent)))
    }

    private func clients(_ request: Request, _ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "customers", write: false)
        let query = HTTPSupport.query(request)
        let search = query.string("search")?.lowercased()
        let restriction = caller.agent.isAdmin ? [] : caller.agent.clientRestrictions
        let matching = services.store.organisation.clients.filter { client in
            (restriction.isEmpty || restriction.contains(client.id))
                && (query.bool("includeinactive") == true || !client.inactive)
                && (search.map { client.name.lowercased().contains($0) } ?? true)
        }
        let rows: ArraySlice<Client>
        var paging: (Int, Int)?
        if query.bool("pageinate") == true {
            let size = min(max((try query.int("page_size")) ?? TicketQuery.defaultCount, 1), TicketQuery.maximumPageSize)
            let number = max((try query.int("page_no")) ?? 1, 1)
            let start = min((number - 1) * size, matching.count)
            rows = matching[start..<min(start + size, matching.count)]
            paging = (number, size)
        } else {
            rows = matching.prefix(max((try query.int("count")) ?? TicketQuery.defaultCount, 0))
        }
        let body = HTTPSupport.envelope(key: "clients", rows: rows.map(services.organisation.clientRow), total: matching.count, paging: paging)
        return HTTPSupport.json(body)
    }

    private func client(_ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "customers", write: false)
        let id = try HTTPSupport.id(context)
        guard let client = services.store.organisation.client(id) else { throw HaloHTTPError.notFound("Client \(id) not found") }
        if !caller.agent.isAdmin, !caller.agent.clientRestrictions.isEmpty, !caller.agent.clientRestrictions.contains(id) {
            throw services.httpError(.hidden("You do not have permission to view this client"))
        }
        return HTTPSupport.json(services.organisation.client(client, openTickets: services.store.openTicketCount(clientID: id)))
    }

    private func assets(_ request: Request, _ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "assets", write: false)
        let query = HTTPSupport.query(request)
        let organisation = services.store.organisation
        var assets = organisation.assets
        if let ticketID = try query.int("ticket_id") {
            do {
                let ticket = try services.store.ticket(ticketID, viewer: caller.agent)
                assets = ticket.assetIDs.compactMap(organisation.asset)
            } catch {
                throw services.httpError(error)
            }
        }
        if let clientID = try query.int("client_id") { assets = assets.filter { $0.clientID == clientID } }
        if let siteID = try query.int("site_id") { assets = assets.filter { $0.siteID == siteID } }
        if !caller.agent.isAdmin, !caller.agent.clientRestrictions.isEmpty {
            assets = assets.filter { caller.agent.clientRestrictions.contains($0.clientID) }
        }
        let total = assets.count
        if let count = try query.int("count") { assets = Array(assets.prefix(max(count, 0))) }
        return HTTPSupport.json(HTTPSupport.envelope(key: "assets", rows: assets.map(services.organisation.asset), total: total, paging: nil))
    }
}
