import MCP
import Shared

/// Tools over a ticket's actions (its history): read them, add a note or reply.
enum ActionTools {
    /// This family's tools, reading ones first.
    static let all = [listActions, createAction]

    /// `list_actions`: a ticket's history, a page at a time.
    static let listActions = ToolDefinition(
        name: "list_actions",
        title: "List a ticket's actions",
        description: """
            Returns the history of a HaloPSA ticket: notes, e-mails, status changes and workflow steps, newest \
            first unless oldest_first is set, one page at a time with the total. Each action says who did it, \
            when, its outcome, its note as plain text, the time logged, and private: true for private notes the \
            customer does not see (never quote those to a customer). history_complete: false means HaloPSA \
            returned fewer actions than it counts (total), so the pages hold only those it returned.
            """,
        inputSchema: Schema.input(
            [
                "ticket_id": Schema.id("The ticket id."),
                "include_private": Schema.boolean("Include private notes (default true)."),
                "oldest_first": Schema.boolean("Oldest action first (default false: newest first)."),
            ].merging(Schema.paging(defaultSize: 20, maximumSize: 100)) { first, _ in first },
            required: ["ticket_id"]),
        outputSchema: Schema.object(
            [
                "ticket_id": Schema.integer(), "actions": Schema.array(ActionOutput.rowSchema),
                "total": Schema.integer("How many actions HaloPSA counts for the ticket."),
                "page": Schema.integer(), "page_size": Schema.integer(),
                "has_more": Schema.boolean("Whether a later page holds more of the returned actions."),
                "history_complete": Schema.boolean(
                    "False when HaloPSA returned fewer actions than it counts: the history shown is incomplete."),
            ], required: ["ticket_id", "actions", "total", "page", "page_size", "has_more", "history_complete"]),
        annotations: .readOnly("List a ticket's actions")
    ) { arguments, context in
        let id = try arguments.requiredInteger("ticket_id")
        let page = arguments.integer("page") ?? 1
        let size = arguments.integer("page_size") ?? 20
        let excludePrivate = arguments.bool("include_private") == false
        let history = try await context.withHalo { halo, credential in
            try await RecordAccess.ticket(id) {
                try await halo.actions(ticketID: id, excludePrivate: excludePrivate, as: credential)
            }
        }
        let ordered = arguments.bool("oldest_first") == true ? history.actions : history.actions.reversed()
        let rows = Paging.rows(page: page, size: size, of: ordered.count)
        let slice = ordered[rows]
        return try ToolOutput.value(
            ActionListOutput(
                ticketID: id, actions: slice.map(ActionOutput.row), total: max(history.recordCount, ordered.count), page: page,
                pageSize: size, hasMore: rows.upperBound < ordered.count, historyComplete: history.isComplete))
    }

    /// `create_action`: a note or reply on a ticket, with an outcome.
    static let createAction = ToolDefinition(
        name: "create_action",
        title: "Add a note or reply to a ticket",
        description: """
            Adds an action to a HaloPSA ticket: a note, a reply or a time entry, with an outcome given by id \
            (outcome_id) or by name (outcome, e.g. "Private Note", "Email User", "Time Entry"). Optionally logs \
            time_taken_hours, changes the status (new_status_id, from list_statuses) and marks it private (hidden \
            from the customer). To move the ticket through its workflow use execute_workflow_action instead. \
            A status change is checked on the ticket afterwards and applied with a ticket update when HaloPSA \
            did not apply it (status_applied_by_update). Each call adds another action, so do not repeat a call \
            that succeeded.
            """,
        inputSchema: Schema.input(
            [
                "ticket_id": Schema.id("The ticket id."),
                "note": Schema.string("The text, plain text.", maxLength: 20_000),
                "outcome_id": Schema.id("The outcome's id."),
                "outcome": Schema.string("The outcome's name, when outcome_id is not given.", minLength: 1, maxLength: 100),
                "time_taken_hours": Schema.number("Time spent, in hours (0.25 = 15 minutes).", minimum: 0, maximum: 1_000),
                "new_status_id": Schema.id("Change the ticket to this status."),
                "private": Schema.boolean("Hide it from the customer (default: the outcome's own setting)."),
            ], required: ["ticket_id"]),
        outputSchema: Schema.object(
            [
                "ticket_id": Schema.integer(), "action": ActionOutput.rowSchema,
                "status_id": Schema.integer("The ticket's status after the action, when it asked for a status change."),
                "status_applied_by_update": ActionEffectCheck.statusProperty,
            ], required: ["ticket_id", "action"]),
        annotations: .init(
            title: "Add a note or reply to a ticket", readOnlyHint: false, destructiveHint: false, idempotentHint: false,
            openWorldHint: false)
    ) { arguments, context in
        let id = try arguments.requiredInteger("ticket_id")
        return try await context.withHalo { halo, credential in
            var draft = NewAction(ticketID: id)
            draft.note = arguments.string("note")
            draft.timeTaken = arguments.number("time_taken_hours")
            draft.newStatus = arguments.integer("new_status_id")
            draft.hiddenFromUser = arguments.bool("private")
            draft.outcomeID = try await outcomeID(arguments, ticketID: id, halo: halo, as: credential)
            if let status = draft.newStatus { try await ReferenceCheck.status(status, halo: halo, as: credential) }
            let action = draft
            let saved = try await RecordAccess.ticket(id) {
                do {
                    return try await halo.createAction(action, as: credential)
                } catch let error as HaloAPIError where error.kind == .badRequest {
                    let (_, available) = try await AvailableActions.load(ticketID: id, halo: halo, as: credential)
                    throw ToolFailure(
                        "HaloPSA refused the action: \(ToolErrorMessage.sentence(error.message)) Outcomes valid on ticket \(id) now: "
                            + "\(available.listing); general outcomes such as notes may also be allowed.")
                }
            }
            var output = CreatedActionOutput(ticketID: id, action: .row(saved))
            let check = ActionEffectCheck(statusID: action.newStatus)
            if check.statusID != nil {
                let result = try await check.confirm(ticketID: id, actionID: saved.id, halo: halo, as: credential)
                output.statusID = result.ticket.statusID
                output.statusAppliedByUpdate = result.statusApplied(checked: check)
            }
            return try ToolOutput.value(output)
        }
    }

    /// The outcome id from `outcome_id`, or the outcome named by `outcome`.
    /// - Throws: ``ToolFailure`` listing the choices when neither is given or the name is unknown.
    private static func outcomeID(
        _ arguments: ToolArguments, ticketID: Int, halo: any HaloAgentAPI, as credential: HaloCredential
    ) async throws -> Int {
        if let id = arguments.integer("outcome_id") { return id }
        guard let name = arguments.string("outcome") else {
            let (_, available) = try await AvailableActions.load(ticketID: ticketID, halo: halo, as: credential)
            throw ToolFailure(
                "Pass outcome_id or outcome (the outcome's name). Outcomes valid on ticket \(ticketID) now: \(available.listing).")
        }
        let outcomes = try await halo.outcomes(as: credential)
        let wanted = name.lowercased()
        guard let match = outcomes.first(where: { $0.outcome?.lowercased() == wanted || $0.buttonName?.lowercased() == wanted })
        else {
            throw ToolFailure(
                "Outcome '\(name)' does not exist. Outcomes: \(ReferenceCheck.choices(outcomes.map { ($0.id, $0.displayName) })).")
        }
        return match.id
    }
}

/// A page of a ticket's actions, as `list_actions` returns it.
struct ActionListOutput: Encodable {
    let ticketID: Int
    let actions: [ActionOutput]
    let total: Int
    let page: Int
    let pageSize: Int
    let hasMore: Bool
    let historyComplete: Bool
}

/// `create_action`'s result: the action, and the ticket's status when the action was to change it.
struct CreatedActionOutput: Encodable {
    let ticketID: Int
    let action: ActionOutput
    var statusID: Int?
    var statusAppliedByUpdate: Bool?
}
