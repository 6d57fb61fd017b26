/// Tickets in Halo's field names (`Faults_List` rows, `Faults` detail, id-only rows, webhook objects).
struct TicketRepresentation {
    let store: HelpdeskStore

    private var organisation: Organisation { store.organisation }

    /// A list row (`Faults_List`).
    func row(_ ticket: Ticket) -> JSONValue {
        .object(common(ticket))
    }

    /// The detail object (`Faults`): the row plus `details_html`, workflow position and history, flags.
    func detail(_ ticket: Ticket) -> JSONValue {
        var members = common(ticket)
        let workflow = ReferenceData.workflow(ticket.workflowID)
        members += [
            ("details_html", .string(store.detailsHTML(of: ticket))),
            ("datecreated", .string(HaloDate.format(ticket.dateCreated))),
            ("workflow_stepstarted", .string(HaloDate.format(ticket.workflowStepStarted))),
            ("workflow_history", .array(ticket.workflowHistory.map { history($0, ticket: ticket, workflow: workflow) })),
            ("deleted", .bool(ticket.deleted)),
            ("department_id", .int(organisation.team(ticket.teamID)?.departmentID ?? 0)),
            ("team_department_id", .int(organisation.team(ticket.teamID)?.departmentID ?? 0)),
            ("asset_ids", .array(ticket.assetIDs.map(JSONValue.int))),
            ("_canupdate", true),
        ]
        return .object(members)
    }

    /// A `ticketidonly=true` row.
    func idOnly(_ ticket: Ticket) -> JSONValue {
        [
            "id": .int(ticket.id), "sla_id": 1, "status_id": .int(ticket.statusID), "client_id": .int(ticket.clientID),
            "client_name": .optional(organisation.client(ticket.clientID)?.name), "lastincomingemail": .null,
        ]
    }

    /// The small ticket object of a webhook delivery (key fields only, as Halo's "small object" payload type).
    func webhookObject(_ ticket: Ticket) -> JSONValue {
        [
            "id": .int(ticket.id), "summary": .string(ticket.summary), "status_id": .int(ticket.statusID),
            "tickettype_id": .int(ticket.ticketTypeID), "client_id": .int(ticket.clientID), "team_id": .int(ticket.teamID),
            "team": .optional(organisation.team(ticket.teamID)?.name), "agent_id": .int(ticket.agentID),
            "lastactiondate": .string(HaloDate.format(ticket.lastActionDate)),
            "last_update": .string(HaloDate.format(ticket.lastUpdate)), "hasbeenclosed": .bool(ticket.hasBeenClosed),
            "deleted": .bool(ticket.deleted), "customfields": customFields(ticket),
        ]
    }

    private func common(_ ticket: Ticket) -> [(String, JSONValue)] {
        let status = ReferenceData.status(ticket.statusID)
        let type = ReferenceData.ticketType(ticket.ticketTypeID)
        let priority = ReferenceData.priority(ticket.priorityID)
        let workflow = ReferenceData.workflow(ticket.workflowID)
        let step = workflow?.step(ticket.workflowStep)
        let agent = organisation.agent(ticket.agentID)
        return [
            ("id", .int(ticket.id)),
            ("dateoccurred", .string(HaloDate.format(ticket.dateOccurred))),
            ("summary", .string(ticket.summary)),
            ("details", .string(store.plainDetails(of: ticket))),
            ("status_id", .int(ticket.statusID)),
            ("status_name", .optional(status?.name)),
            ("tickettype_id", .int(ticket.ticketTypeID)),
            ("tickettype_name", .optional(type?.name)),
            ("sla_id", 1),
            ("priority_id", .int(ticket.priorityID)),
            ("priority_name", .optional(priority?.name)),
            ("client_id", .int(ticket.clientID)),
            ("client_name", .optional(organisation.client(ticket.clientID)?.name)),
            ("site_id", .int(ticket.siteID)),
            ("site_name", .optional(organisation.site(ticket.siteID)?.name)),
            ("user_id", .int(ticket.userID)),
            ("user_name", .optional(organisation.user(ticket.userID)?.name)),
            ("team", .optional(organisation.team(ticket.teamID)?.name)),
            ("team_id", .int(ticket.teamID)),
            ("agent_id", .int(ticket.agentID)),
            ("agent_name", .optional(agent?.name)),
            ("category_1", .string(ticket.category1)),
            ("dateclosed", ticket.dateClosed.map { .string(HaloDate.format($0)) } ?? .null),
            ("lastactiondate", .string(HaloDate.format(ticket.lastActionDate))),
            ("last_update", .string(HaloDate.format(ticket.lastUpdate))),
            ("respondbydate", .string(HaloDate.format(ticket.dateOccurred + 3600 * (priority?.responseHours ?? 4)))),
            ("fixbydate", .string(HaloDate.format(ticket.dateOccurred + 3600 * (priority?.fixHours ?? 24)))),
            ("onhold", .bool(ticket.onHold)),
            ("flagged", .bool(ticket.flagged)),
            ("hasbeenclosed", .bool(ticket.hasBeenClosed)),
            ("inactive", false),
            ("parent_id", 0),
            ("child_count", 0),
            ("attachment_count", 0),
            ("workflow_id", .int(ticket.workflowID)),
            ("workflow_step", .int(ticket.workflowStep)),
            ("workflow_seq", .int(ticket.workflowStep)),
            ("workflow_name", .optional(workflow?.name)),
            ("workflow_stage", .optional(step?.name)),
            ("workflow_stage_number", .int(step?.stageNumber ?? 0)),
            ("customfields", customFields(ticket)),
            ("idsummary", .string("\(ticket.id) - \(ticket.summary)")),
        ]
    }

    private func history(_ entry: WorkflowHistoryEntry, ticket: Ticket, workflow: Workflow?) -> JSONValue {
        let flow = ReferenceData.workflow(entry.flowID) ?? workflow
        let from = flow?.step(entry.movedFrom)?.name ?? ""
        let to = flow?.step(entry.movedTo)?.name ?? ""
        return [
            "id": .int(entry.id), "ticket_id": .int(ticket.id), "flow_id": .int(entry.flowID),
            "moved_from": .int(entry.movedFrom), "moved_to": .int(entry.movedTo), "moved_from_stage": .string(from),
            "moved_to_stage": .string(to), "moved_date": .string(HaloDate.format(entry.movedDate)),
            "action_id": .int(entry.actionID), "summary": .string("Moved from \(from) to \(to)"),
        ]
    }

    private func customFields(_ ticket: Ticket) -> JSONValue {
        .array(ticket.customFields.map { field in
            ["id": .int(field.id), "name": .string(field.name), "label": .string(field.label), "type": 0,
             "value": .string(field.value), "display": .string(field.value)]
        })
    }
}

/// Actions in Halo's field names (`Actions`).
struct ActionRepresentation {
    /// One action.
    static func json(_ action: Action) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(action.id)),
            ("ticket_id", .int(action.ticketID)),
            ("outcome", .string(action.outcomeName)),
            ("outcome_id", .int(action.outcomeID)),
            ("who", .string(action.who)),
            ("who_type", .int(action.whoType)),
            ("who_agentid", .optional(action.whoAgentID)),
            ("actionby_agent_id", .optional(action.whoAgentID)),
            ("datetime", .string(HaloDate.format(action.time))),
            ("actiondatecreated", .string(HaloDate.format(action.time))),
            ("note", .string(action.note)),
            ("note_html", .string(action.noteHTML)),
            ("hiddenfromuser", .bool(action.hiddenFromUser)),
            ("important", .bool(action.important)),
            ("timetaken", .double(action.timeTaken)),
            ("old_status", .int(action.oldStatus)),
            ("new_status", .int(action.newStatus)),
            ("new_status_name", .optional(ReferenceData.status(action.newStatus)?.name)),
            ("attachment_count", 0),
            ("_canupdate", true),
        ]
        if let application = action.actionByApplicationID { members.append(("actionby_application_id", .string(application))) }
        if let subject = action.emailSubject { members.append(("emailsubject", .string(subject))) }
        if let to = action.emailTo { members.append(("emailto", .string(to))) }
        if let from = action.emailFrom { members.append(("emailfrom", .string(from))) }
        return .object(members)
    }
}
