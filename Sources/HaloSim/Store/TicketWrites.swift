/// `POST /api/Tickets` (array upsert) and `DELETE /api/Tickets/{id}`. A batch is validated in full
/// before anything is written, so a bad item loses nothing and changes nothing.
extension HelpdeskStore {
    /// Creates (no `id`, or `id` 0) or updates (`id` given, only the fields present) each item.
    func upsertTickets(_ items: [JSONValue], by agent: Agent) throws(StoreError) -> (tickets: [Ticket], events: [ChangeEvent]) {
        guard !items.isEmpty else { throw .invalid("No tickets were supplied.") }
        do {
            return try state.withLock { state in
                var nextID = (state.tickets.last?.id ?? TicketGenerator.firstTicketID - 1) + 1
                var planned: [(ticket: Ticket, isNew: Bool, previous: Ticket?)] = []
                for item in items {
                    guard item.members != nil else { throw StoreError.invalid("Each ticket must be a JSON object.") }
                    if let id = item["id"]?.intValue, id > 0 {
                        guard let position = state.positions[id] else { throw StoreError.notFound("Ticket \(id) not found") }
                        let current = planned.last { $0.ticket.id == id }?.ticket ?? state.tickets[position]
                        guard Visibility.agent(agent, canSee: current) else {
                            throw StoreError.hidden("You do not have permission to edit this ticket")
                        }
                        planned.append((try applying(item, to: current), false, state.tickets[position]))
                    } else {
                        planned.append((try newTicket(item, id: nextID), true, nil))
                        nextID += 1
                    }
                }
                var events: [ChangeEvent] = []
                var saved: [Ticket] = []
                for entry in planned {
                    var ticket = entry.ticket
                    let now = stamp(&state)
                    ticket.lastUpdate = now
                    ticket.lastActionDate = now
                    Self.markClosure(&ticket, at: now)
                    if entry.isNew {
                        ticket.dateOccurred = now
                        ticket.dateCreated = now
                        ticket.workflowStepStarted = now
                        state.positions[ticket.id] = state.tickets.count
                        state.tickets.append(ticket)
                        state.actions[ticket.id] = [loggedAction(for: ticket, by: agent, at: now)]
                        events.append(ChangeEvent(name: "New Ticket Logged", ticket: ticket, action: nil, agentID: agent.id))
                    } else if let previous = entry.previous, let position = state.positions[ticket.id] {
                        if ticket.workflowStep != previous.workflowStep {
                            Self.recordStepChange(&ticket, from: previous.workflowStep, actionID: 0, at: now)
                        }
                        state.tickets[position] = ticket
                        state.searchTexts[ticket.id] = nil
                        events.append(ChangeEvent(name: Self.eventName(from: previous, to: ticket), ticket: ticket, action: nil, agentID: agent.id))
                    }
                    saved.append(ticket)
                }
                return (saved, events)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .invalid("\(error)")
        }
    }

    /// Marks a ticket deleted (it then only appears with `deleted=true`); the change bumps its dates so
    /// incremental readers notice it.
    func deleteTicket(_ id: Int, by agent: Agent) throws(StoreError) -> ChangeEvent {
        let ticket = try ticket(id, viewer: agent)
        return state.withLock { state in
            var deleted = ticket
            deleted.deleted = true
            deleted.lastUpdate = stamp(&state)
            deleted.lastActionDate = deleted.lastUpdate
            if let position = state.positions[id] { state.tickets[position] = deleted }
            return ChangeEvent(name: "Ticket Deleted", ticket: deleted, action: nil, agentID: agent.id)
        }
    }

    static func eventName(from previous: Ticket, to ticket: Ticket) -> String {
        if previous.statusID != ticket.statusID { return "Ticket Status Changed" }
        if previous.agentID != ticket.agentID { return "Ticket Reassigned" }
        return "Ticket Updated"
    }

    private func newTicket(_ item: JSONValue, id: Int) throws(StoreError) -> Ticket {
        guard let summary = item["summary"]?.stringValue, !summary.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("Please enter a Summary for the Ticket.")
        }
        let typeID = item["tickettype_id"]?.intValue ?? ReferenceData.TicketTypeID.incident
        guard let type = ReferenceData.ticketType(typeID) else { throw .invalid("Ticket Type \(typeID) does not exist.") }
        guard let clientID = item["client_id"]?.intValue else { throw .invalid("Please select a Client for the Ticket.") }
        guard organisation.client(clientID) != nil else { throw .invalid("Client \(clientID) does not exist.") }
        let workflow = ReferenceData.workflow(type.workflowID)
        let template = Ticket(
            id: id, summary: summary, detailsHTML: "", statusID: type.initialStatus, ticketTypeID: type.id,
            priorityID: type.defaultPriority, clientID: clientID, siteID: organisation.sites(ofClient: clientID).first?.id ?? 0,
            userID: 0, teamID: type.defaultTeamID, agentID: Agent.unassignedID, category1: "", dateOccurred: 0,
            dateCreated: 0, dateClosed: nil, lastActionDate: 0, lastUpdate: 0, workflowID: type.workflowID,
            workflowStep: workflow?.startStep?.stepID ?? 1, workflowStepStarted: 0, workflowHistory: [], hasBeenClosed: false)
        var ticket = try applying(item, to: template)
        if item["site_id"] == nil, let user = organisation.user(ticket.userID) { ticket.siteID = user.siteID }
        return ticket
    }

    /// `ticket` with the fields present in `item` applied and validated.
    private func applying(_ item: JSONValue, to ticket: Ticket) throws(StoreError) -> Ticket {
        var ticket = ticket
        if let summary = item["summary"] {
            guard let text = summary.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw .invalid("Please enter a Summary for the Ticket.")
            }
            ticket.summary = text
        }
        if let html = item["details_html"]?.stringValue {
            ticket.detailsHTML = html
        } else if let text = item["details"]?.stringValue {
            ticket.detailsHTML = TicketStory.html(fromNote: text)
        }
        if let value = item["client_id"] {
            guard let id = value.intValue, organisation.client(id) != nil else { throw .invalid("Client \(value.serialized()) does not exist.") }
            ticket.clientID = id
        }
        if let value = item["site_id"] {
            guard let id = value.intValue, organisation.site(id) != nil else { throw .invalid("Site \(value.serialized()) does not exist.") }
            ticket.siteID = id
        }
        if let value = item["user_id"] {
            guard let id = value.intValue, id == 0 || organisation.user(id) != nil else { throw .invalid("User \(value.serialized()) does not exist.") }
            ticket.userID = id
        }
        if let value = item["agent_id"] {
            guard let id = value.intValue, let agent = organisation.agent(id == 0 ? Agent.unassignedID : id) else {
                throw .invalid("Agent \(value.serialized()) does not exist.")
            }
            ticket.agentID = agent.id
        }
        if let value = item["team_id"] {
            guard let id = value.intValue, organisation.team(id) != nil else { throw .invalid("Team \(value.serialized()) does not exist.") }
            ticket.teamID = id
        } else if let value = item["team"] {
            guard let name = value.stringValue, let team = organisation.team(named: name) else {
                throw .invalid("Team \(value.serialized()) does not exist.")
            }
            ticket.teamID = team.id
        }
        if let value = item["priority_id"] {
            guard let id = value.intValue, ReferenceData.priority(id) != nil else { throw .invalid("Priority \(value.serialized()) does not exist.") }
            ticket.priorityID = id
        }
        if let value = item["status_id"] {
            guard let id = value.intValue, ReferenceData.status(id) != nil else { throw .invalid("Status \(value.serialized()) does not exist.") }
            ticket.statusID = id
        }
        if let value = item["workflow_step"] {
            guard let step = value.intValue, ReferenceData.workflow(ticket.workflowID)?.step(step) != nil else {
                throw .invalid("Workflow step \(value.serialized()) does not exist in the ticket's workflow.")
            }
            ticket.workflowStep = step
        }
        if let value = item["tickettype_id"] {
            guard let id = value.intValue, ReferenceData.ticketType(id) != nil else { throw .invalid("Ticket Type \(value.serialized()) does not exist.") }
            ticket.ticketTypeID = id
        }
        if let category = item["category_1"]?.stringValue { ticket.category1 = category }
        if let fields = item["customfields"]?.elements {
            for field in fields {
                guard let name = field["name"]?.stringValue ?? field["id"].map({ "CF\($0.serialized())" }) else { continue }
                let value = field["value"].map { $0.stringValue ?? $0.serialized() } ?? ""
                if let index = ticket.customFields.firstIndex(where: { $0.name == name || String($0.id) == field["id"]?.serialized() }) {
                    ticket.customFields[index].value = value
                } else {
                    ticket.customFields.append(CustomFieldValue(
                        id: field["id"]?.intValue ?? 100 + ticket.customFields.count, name: name,
                        label: field["label"]?.stringValue ?? name, value: value))
                }
            }
        }
        return ticket
    }

    /// Keeps `hasbeenclosed`/`dateclosed`/`onhold` consistent with the status.
    static func markClosure(_ ticket: inout Ticket, at time: Int) {
        let status = ReferenceData.status(ticket.statusID)
        if status?.isClosed == true {
            ticket.hasBeenClosed = true
            if ticket.dateClosed == nil { ticket.dateClosed = time }
        } else {
            ticket.dateClosed = nil
        }
        ticket.onHold = status?.type == 2
    }

    private func loggedAction(for ticket: Ticket, by agent: Agent, at time: Int) -> Action {
        let html = ticket.detailsHTML ?? ""
        return Action(
            id: 1, ticketID: ticket.id, outcomeID: ReferenceData.OutcomeID.logged, outcomeName: "Logged", who: agent.name,
            whoType: 1, whoAgentID: agent.id, time: time, note: GeneratedActions.plainText(ofHTML: html), noteHTML: html,
            hiddenFromUser: false, timeTaken: 0, oldStatus: 0, newStatus: ticket.statusID)
    }
}
