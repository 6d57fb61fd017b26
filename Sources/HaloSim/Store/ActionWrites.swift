/// `POST /api/Actions`: add or update actions. An action with an outcome drives the ticket's workflow
/// (see `InferredBehaviour` #9–#11): a transition valid at the current step moves the ticket to its end
/// step; an always-allowed outcome leaves the step alone; an outcome bound to the workflow but not valid
/// here is refused; the ticket type's `allowed_actions` are enforced. Status follows `new_status`, else
/// the outcome's status. Without `changingTicket` (`Quirks.actionsChangeTicket` off) the status and
/// workflow move are validated and recorded on the action but the ticket keeps its status and step, as
/// one client saw on a real tenant.
extension HelpdeskStore {
    /// Applies each item in order; the batch is validated in full before anything is written.
    func addActions(
        _ items: [JSONValue], by agent: Agent, application: String, changingTicket: Bool = true
    ) throws(StoreError) -> (actions: [Action], events: [ChangeEvent]) {
        guard !items.isEmpty else { throw .invalidAction("No actions were supplied.") }
        do {
            return try state.withLock { state in
                var working = state
                var saved: [Action] = []
                var events: [ChangeEvent] = []
                for item in items {
                    guard item.members != nil else { throw StoreError.invalidAction("Each action must be a JSON object.") }
                    guard let ticketID = item["ticket_id"]?.intValue, ticketID > 0 else {
                        throw StoreError.invalidAction(item["id"]?.intValue != nil
                            ? "An Action must be associated with a ticket_id" : "ticket_id must be specified")
                    }
                    guard let position = working.positions[ticketID] else { throw StoreError.notFound("Ticket \(ticketID) not found") }
                    let ticket = working.tickets[position]
                    guard Visibility.agent(agent, canSee: ticket) else {
                        throw StoreError.hidden("You do not have permission to add actions to this ticket")
                    }
                    let result = try record(
                        item, on: ticket, by: agent, application: application, changingTicket: changingTicket, state: &working)
                    working.tickets[position] = result.ticket
                    saved.append(result.action)
                    events.append(result.event)
                }
                state = working
                return (saved, events)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .invalidAction("\(error)")
        }
    }

    /// One action: an update of an existing one (when `id` is given) or a new one.
    private func record(
        _ item: JSONValue, on ticket: Ticket, by agent: Agent, application: String, changingTicket: Bool, state: inout State
    ) throws(StoreError) -> (ticket: Ticket, action: Action, event: ChangeEvent) {
        var actions = materialisedActions(of: ticket, in: &state)
        var ticket = ticket
        if let id = item["id"]?.intValue, id > 0 {
            guard let index = actions.firstIndex(where: { $0.id == id }) else { throw .notFound("Action \(id) not found") }
            var action = actions[index]
            applyText(item, to: &action)
            if let hidden = item["hiddenfromuser"]?.boolValue { action.hiddenFromUser = hidden }
            if let hours = item["timetaken"]?.doubleValue { action.timeTaken = hours }
            if let important = item["important"]?.boolValue { action.important = important }
            actions[index] = action
            state.actions[ticket.id] = actions
            ticket.lastUpdate = stamp(&state)
            ticket.lastActionDate = ticket.lastUpdate
            return (ticket, action, ChangeEvent(name: "Action Updated", ticket: ticket, action: action, agentID: agent.id))
        }
        let outcome = try outcome(of: item)
        let type = ReferenceData.ticketType(ticket.ticketTypeID)
        if let type, !type.allowAllActions, !type.allowedOutcomeIDs.contains(outcome.id) {
            throw .invalidAction("The Outcome '\(outcome.name)' is not allowed for Ticket Type '\(type.name)'")
        }
        let now = stamp(&state)
        let previousStatus = ticket.statusID
        let actionID = (actions.map(\.id).max() ?? 0) + 1
        var moved = ticket
        try moveThroughWorkflow(&moved, outcome: outcome, actionID: actionID, at: now)
        try applyExplicitMoves(item, to: &moved, actionID: actionID, at: now)
        if let value = item["new_status"], value != .null {
            guard let status = value.intValue, ReferenceData.status(status) != nil else {
                throw .invalidAction("Status \(value.serialized()) does not exist")
            }
            moved.statusID = status
        } else if let status = outcome.newStatus {
            moved.statusID = status
        }
        if changingTicket { ticket = moved }
        if let agentValue = item["new_agent"]?.intValue, organisation.agent(agentValue) != nil { ticket.agentID = agentValue }
        if let teamValue = item["new_team"]?.intValue, organisation.team(teamValue) != nil { ticket.teamID = teamValue }
        ticket.lastActionDate = now
        ticket.lastUpdate = now
        Self.markClosure(&ticket, at: now)
        var action = Action(
            id: actionID, ticketID: ticket.id, outcomeID: outcome.id, outcomeName: outcome.name, who: agent.name,
            whoType: 1, whoAgentID: agent.id, time: now, note: "", noteHTML: "",
            hiddenFromUser: item["hiddenfromuser"]?.boolValue ?? outcome.hideFromUser,
            important: item["important"]?.boolValue ?? false, timeTaken: item["timetaken"]?.doubleValue ?? 0,
            oldStatus: previousStatus, newStatus: moved.statusID,
            emailSubject: item["emailsubject"]?.stringValue, emailTo: item["emailto"]?.stringValue,
            emailFrom: item["emailfrom"]?.stringValue, actionByApplicationID: application)
        applyText(item, to: &action)
        actions.append(action)
        state.actions[ticket.id] = actions
        let event = previousStatus != ticket.statusID ? "Ticket Status Changed" : "Action Added"
        return (ticket, action, ChangeEvent(name: event, ticket: ticket, action: action, agentID: agent.id))
    }

    private func outcome(of item: JSONValue) throws(StoreError) -> Outcome {
        if let value = item["outcome_id"], value != .null, value.intValue != 0 {
            guard let id = value.intValue, let outcome = ReferenceData.outcome(id) else {
                throw .invalidAction("Outcome \(value.serialized()) does not exist")
            }
            return outcome
        }
        if let name = item["outcome"]?.stringValue, !name.isEmpty {
            guard let outcome = ReferenceData.outcome(named: name) else { throw .invalidAction("Outcome '\(name)' does not exist") }
            return outcome
        }
        throw .invalidAction("An Outcome must be entered for this Action")
    }

    /// A transition of the current step moves the ticket to its end step; an always-allowed outcome, or one
    /// not bound to the workflow, leaves the step alone; any other outcome of the workflow is refused
    /// (see `InferredBehaviour.outcomeNotAtStep`).
    private func moveThroughWorkflow(_ ticket: inout Ticket, outcome: Outcome, actionID: Int, at time: Int) throws(StoreError) {
        guard let workflow = ReferenceData.workflow(ticket.workflowID), let step = workflow.step(ticket.workflowStep) else { return }
        if let transition = step.transitions.first(where: { $0.outcomeID == outcome.id }) {
            move(&ticket, in: workflow, to: transition.endStep, actionID: actionID, at: time)
        } else if workflow.alwaysAllowedOutcomeIDs.contains(outcome.id) || !workflow.boundOutcomeIDs.contains(outcome.id) {
            return
        } else {
            throw .invalidAction(InferredBehaviour.outcomeNotAtStep)
        }
    }

    /// `new_workflow_id` switches workflow (to its start step unless `new_step` says otherwise); `new_step`
    /// moves within the workflow directly.
    private func applyExplicitMoves(_ item: JSONValue, to ticket: inout Ticket, actionID: Int, at time: Int) throws(StoreError) {
        if let workflowID = item["new_workflow_id"]?.intValue, workflowID > 0, workflowID != ticket.workflowID {
            guard let workflow = ReferenceData.workflow(workflowID) else { throw .invalidAction("Workflow \(workflowID) does not exist") }
            ticket.workflowID = workflowID
            ticket.workflowStep = workflow.startStep?.stepID ?? 1
            ticket.workflowStepStarted = time
        }
        if let stepID = item["new_step"]?.intValue, stepID > 0, stepID != ticket.workflowStep {
            guard let workflow = ReferenceData.workflow(ticket.workflowID), workflow.step(stepID) != nil else {
                throw .invalidAction("Workflow step \(stepID) does not exist")
            }
            move(&ticket, in: workflow, to: stepID, actionID: actionID, at: time)
        }
    }

    private func move(_ ticket: inout Ticket, in workflow: Workflow, to stepID: Int, actionID: Int, at time: Int) {
        let from = ticket.workflowStep
        ticket.workflowID = workflow.id
        ticket.workflowStep = stepID
        Self.recordStepChange(&ticket, from: from, actionID: actionID, at: time)
    }

    /// Stamps a move of the ticket from step `from` to its current step and records it in `workflow_history`
    /// (`actionID` 0 when a ticket update moved it, `InferredBehaviour` #33).
    static func recordStepChange(_ ticket: inout Ticket, from: Int, actionID: Int, at time: Int) {
        let nextID = (ticket.workflowHistory.map(\.id).max() ?? ticket.id * 100) + 1
        ticket.workflowHistory.append(WorkflowHistoryEntry(
            id: nextID, flowID: ticket.workflowID, movedFrom: from, movedTo: ticket.workflowStep, movedDate: time,
            actionID: actionID))
        ticket.workflowStepStarted = time
    }

    private func applyText(_ item: JSONValue, to action: inout Action) {
        if let html = item["note_html"]?.stringValue {
            action.noteHTML = html
            action.note = item["note"]?.stringValue ?? GeneratedActions.plainText(ofHTML: html)
        } else if let note = item["note"]?.stringValue {
            action.note = note
            action.noteHTML = TicketStory.html(fromNote: note)
        }
    }
}

extension HelpdeskStore {
    /// Removes one action of a ticket the agent may see.
    func deleteAction(_ id: Int, ticketID: Int, by agent: Agent) throws(StoreError) -> ChangeEvent {
        let ticket = try ticket(ticketID, viewer: agent)
        return try state.withLock { (state) throws(StoreError) -> ChangeEvent in
            var actions = materialisedActions(of: ticket, in: &state)
            guard let index = actions.firstIndex(where: { $0.id == id }) else { throw .notFound("Action \(id) not found") }
            let removed = actions.remove(at: index)
            state.actions[ticketID] = actions
            var updated = ticket
            updated.lastUpdate = stamp(&state)
            updated.lastActionDate = updated.lastUpdate
            if let position = state.positions[ticketID] { state.tickets[position] = updated }
            return ChangeEvent(name: "Action Deleted", ticket: updated, action: removed, agentID: agent.id)
        }
    }
}
