import Hummingbird

/// `/api/Actions`: list (capped without `count`, see `Quirks.actionListCap`), detail (`ticket_id` mandatory),
/// add/update (a POSTed array), delete.
struct ActionRoutes {
    let services: SimulatorServices

    func register(on api: RouterGroup<SimulatorContext>) {
        api.get("actions") { request, context in try list(request, context) }
        api.get("actions/{id}") { request, context in try detail(request, context) }
        api.post("actions") { request, context in try await add(request, context) }
        api.delete("actions/{id}") { request, context in try delete(request, context) }
    }

    private func ticketID(_ request: Request, missing message: String) throws -> Int {
        guard let id = try? HTTPSupport.query(request).int("ticket_id"), id > 0 else {
            throw HaloHTTPError.plainBadRequest(message)
        }
        return id
    }

    private func list(_ request: Request, _ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "tickets", write: false)
        let ticketID = try ticketID(request, missing: "ticket_id must be specified")
        let query = HTTPSupport.query(request)
        do {
            var actions = try services.store.actions(ofTicket: ticketID, viewer: caller.agent)
            if query.bool("excludeprivate") == true { actions = actions.filter { !$0.hiddenFromUser } }
            if query.bool("agentonly") == true { actions = actions.filter { $0.whoType == 1 } }
            if query.bool("excludesys") == true { actions = actions.filter { $0.outcomeID != ReferenceData.OutcomeID.logged } }
            if query.bool("conversationonly") == true { actions = actions.filter { $0.emailSubject != nil || $0.whoType == 2 } }
            if query.bool("timeentriesonly") == true { actions = actions.filter { $0.timeTaken > 0 } }
            let total = actions.count
            if let limit = rowLimit(count: try? query.int("count")) { actions = Array(actions.prefix(limit)) }
            let body: JSONValue = [
                "ticket_id": .int(ticketID), "record_count": .int(total), "actions": .array(actions.map(ActionRepresentation.json)),
            ]
            return HTTPSupport.json(body)
        } catch {
            throw services.httpError(error)
        }
    }

    /// How many rows a list returns: `count` when given, else HaloPSA's default cap, never more than the
    /// ceiling (`Quirks`, `InferredBehaviour` #31); nil for every row.
    private func rowLimit(count: Int?) -> Int? {
        let requested = count.map { max($0, 0) } ?? services.quirks.actionListCap
        return [requested, services.quirks.actionCountCeiling].compactMap { $0 }.min()
    }

    private func detail(_ request: Request, _ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "tickets", write: false)
        let ticketID = try ticketID(request, missing: "ticket_id must be specified")
        let id = try HTTPSupport.id(context)
        do {
            guard let action = try services.store.actions(ofTicket: ticketID, viewer: caller.agent).first(where: { $0.id == id }) else {
                throw StoreError.notFound("Action \(id) not found")
            }
            return HTTPSupport.json(ActionRepresentation.json(action))
        } catch let error as StoreError {
            throw services.httpError(error)
        }
    }

    private func add(_ request: Request, _ context: SimulatorContext) async throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "tickets", write: true)
        let items = try await HTTPSupport.upsertItems(request, invalid: HaloHTTPError.plainBadRequest)
        do {
            let (actions, events) = try services.store.addActions(
                items, by: caller.agent, application: caller.claims.clientID, changingTicket: services.quirks.actionsChangeTicket)
            services.publish(events)
            let wantsTicket = items.contains { $0["_includeticketinresponse"]?.boolValue == true }
            let rendered = zip(actions, events).map { action, event in
                let json = ActionRepresentation.json(action)
                return wantsTicket ? json.setting("ticket", services.tickets.detail(event.ticket)) : json
            }
            return HTTPSupport.upsertAnswer(rendered)
        } catch {
            throw services.httpError(error)
        }
    }

    private func delete(_ request: Request, _ context: SimulatorContext) throws -> Response {
        let caller = try context.caller()
        try HTTPSupport.requireScope(caller, area: "tickets", write: true)
        let ticketID = try ticketID(request, missing: "ticket_id must be included when deleting an Action")
        do {
            let event = try services.store.deleteAction(try HTTPSupport.id(context), ticketID: ticketID, by: caller.agent)
            services.publish([event])
            return Response(status: .ok)
        } catch let error as StoreError {
            throw services.httpError(error)
        }
    }
}
