import MCP
import Shared

/// Tools over a ticket's workflow: what it can do at its current step, and doing one of those things.
enum WorkflowTools {
    /// This family's tools, the reading one first.
    static let all = [getAvailableActions, executeWorkflowAction]

    /// `get_available_actions`: the transitions valid at the ticket's current step.
    static let getAvailableActions = ToolDefinition(
        name: "get_available_actions",
        title: "What can this ticket do next",
        description: """
            Returns the workflow actions valid for a HaloPSA ticket right now: the transitions out of its current \
            workflow step (each names the step it moves the ticket to) and the outcomes its workflow allows at \
            any step, limited to what the ticket's type allows. Run one with execute_workflow_action, passing \
            its outcome_id.
            """,
        inputSchema: Schema.input(["ticket_id": Schema.id("The ticket id.")], required: ["ticket_id"]),
        outputSchema: Schema.object(
            AvailableActions.properties.merging(["ticket_id": Schema.integer()]) { first, _ in first },
            required: ["ticket_id", "actions"]),
        annotations: .readOnly("What can this ticket do next")
    ) { arguments, context in
        let id = try arguments.requiredInteger("ticket_id")
        let (_, available) = try await context.withHalo { halo, credential in
            try await AvailableActions.load(ticketID: id, halo: halo, as: credential)
        }
        return try ToolOutput.value(TicketActionsOutput(ticketID: id, available: available.output))
    }

    /// `execute_workflow_action`: runs one valid transition and reports where the ticket went.
    static let executeWorkflowAction = ToolDefinition(
        name: "execute_workflow_action",
        title: "Run a workflow action on a ticket",
        description: """
            Runs one workflow action on a HaloPSA ticket: pass an outcome_id that get_available_actions (or \
            get_ticket) listed for the ticket now, optionally with a note. HaloPSA records it as an action, \
            moves the ticket to the transition's next step and applies the outcome's status; the ticket is read \
            back and a step or status HaloPSA did not apply is applied with a ticket update \
            (step_applied_by_update, status_applied_by_update). An outcome that is not valid at the current step \
            is refused with the valid ones. Returns the previous and the new step and the new status.
            """,
        inputSchema: Schema.input(
            [
                "ticket_id": Schema.id("The ticket id."),
                "outcome_id": Schema.id("The action's outcome_id, from get_available_actions."),
                "note": Schema.string("A note to record with it, plain text.", maxLength: 20_000),
                "private": Schema.boolean("Hide the note from the customer (default: the outcome's own setting)."),
            ], required: ["ticket_id", "outcome_id"]),
        outputSchema: Schema.object(
            [
                "ticket_id": Schema.integer(), "outcome_id": Schema.integer(), "action": Schema.string("The action's name."),
                "action_id": Schema.integer("The id of the recorded action."),
                "previous_step_id": Schema.integer(), "previous_step": Schema.string(),
                "step_id": Schema.integer("The ticket's step now."), "step": Schema.string(),
                "status_id": Schema.integer("The ticket's status now."), "status": Schema.string(),
                "status_applied_by_update": ActionEffectCheck.statusProperty,
                "step_applied_by_update": ActionEffectCheck.stepProperty,
            ], required: ["ticket_id", "outcome_id", "action", "action_id"]),
        annotations: .init(
            title: "Run a workflow action on a ticket", readOnlyHint: false, destructiveHint: false, idempotentHint: false,
            openWorldHint: false)
    ) { arguments, context in
        let id = try arguments.requiredInteger("ticket_id")
        let outcomeID = try arguments.requiredInteger("outcome_id")
        return try await context.withHalo { halo, credential in
            let (_, available) = try await AvailableActions.load(ticketID: id, halo: halo, as: credential)
            guard let choice = available.choice(outcomeID: outcomeID) else {
                throw ToolFailure(
                    "Outcome \(outcomeID) is not valid for ticket \(id) at its current step"
                        + "\(available.stepName.map { " '\($0)'" } ?? ""). Valid now: \(available.listing). "
                        + "Call again with one of these outcome ids.")
            }
            var action = NewAction(ticketID: id)
            action.outcomeID = outcomeID
            action.note = arguments.string("note")
            action.hiddenFromUser = arguments.bool("private")
            let posted = action
            let newStatus = try await halo.outcomes(as: credential).first { $0.id == outcomeID }?.newStatus
            let saved = try await RecordAccess.ticket(id) { try await halo.createAction(posted, as: credential) }
            let check = ActionEffectCheck(
                statusID: newStatus.flatMap { $0 > 0 ? $0 : nil }, stepID: choice.kind == .transition ? choice.endStepID : nil)
            let result = try await check.confirm(ticketID: id, actionID: saved.id, halo: halo, as: credential)
            let after = result.ticket
            context.log(.info, "execute_workflow_action: ticket \(id) ran outcome \(outcomeID)")
            return try ToolOutput.value(
                WorkflowActionOutput(
                    ticketID: id, outcomeID: outcomeID, action: choice.name, actionID: saved.id,
                    previousStepID: available.stepID, previousStep: available.stepName.nonBlank, stepID: after.workflowStep,
                    step: after.workflowStage.nonBlank, statusID: after.statusID, status: after.statusName.nonBlank,
                    statusAppliedByUpdate: result.statusApplied(checked: check),
                    stepAppliedByUpdate: result.stepApplied(checked: check)))
        }
    }
}

/// `get_available_actions`' result: the ticket's workflow position and its choices.
struct TicketActionsOutput: Encodable {
    let ticketID: Int
    let available: AvailableActionsOutput

    private enum CodingKeys: String, CodingKey { case ticketID }

    func encode(to encoder: any Encoder) throws {
        try available.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticketID, forKey: .ticketID)
    }
}

/// `execute_workflow_action`'s result: what ran, and where the ticket stands now.
struct WorkflowActionOutput: Encodable {
    let ticketID: Int
    let outcomeID: Int
    let action: String
    let actionID: Int
    let previousStepID: Int?
    let previousStep: String?
    let stepID: Int?
    let step: String?
    let statusID: Int?
    let status: String?
    let statusAppliedByUpdate: Bool?
    let stepAppliedByUpdate: Bool?
}
