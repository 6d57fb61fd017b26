import MCP
import Shared

/// The actions a ticket can take at its current workflow step: the ticket's own
/// workflow (its ticket type's only when the ticket has none), that step's transitions plus the
/// workflow's always-allowed outcomes, minus the outcomes the ticket type does not allow.
struct AvailableActions: Sendable, Equatable {
    /// One action the ticket can take.
    struct Choice: Sendable, Equatable {
        /// A transition moves the ticket to another step; an always-allowed outcome leaves it where it is.
        enum Kind: String, Sendable {
            case transition
            case alwaysAllowed = "always_allowed"
        }

        /// The outcome that performs it (what `execute_workflow_action` takes).
        let outcomeID: Int
        let name: String
        let kind: Kind
        /// Where a transition leads.
        let endStepID: Int?
        let endStepName: String?
        /// HaloPSA restricts it to some agents or roles.
        let restricted: Bool
    }

    /// The workflow whose step was read (nil: the ticket has none).
    let workflowID: Int?
    let workflowName: String?
    /// The ticket's current step.
    let stepID: Int?
    let stepName: String?
    /// What the ticket can do now, transitions first.
    let choices: [Choice]

    /// The workflow to read: the ticket's own, else its ticket type's (a ticket can have been moved to
    /// another workflow than its type's).
    static func workflowID(of ticket: Ticket, ticketType: TicketType?) -> Int? {
        if let own = ticket.workflowID, own > 0 { return own }
        return ticketType?.workflowID.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The computation, from the ticket, its workflow (with steps) and its ticket type (with allowed outcomes).
    init(ticket: Ticket, workflow: Workflow?, ticketType: TicketType?) {
        workflowID = workflow?.id
        workflowName = workflow?.name
        let step = ticket.workflowStep.flatMap { workflow?.step($0) }
        stepID = step?.stepID ?? ticket.workflowStep
        stepName = step?.name ?? ticket.workflowStage
        let allowed: (Int) -> Bool = { ticketType?.allows(outcomeID: $0) ?? true }
        var seen = Set<Int>()
        var choices: [Choice] = []
        for transition in step?.actions ?? [] where allowed(transition.outcomeID) && seen.insert(transition.outcomeID).inserted {
            let end = transition.endStep.flatMap { workflow?.step($0) }
            choices.append(
                Choice(
                    outcomeID: transition.outcomeID, name: transition.name ?? "Outcome \(transition.outcomeID)",
                    kind: .transition, endStepID: transition.endStep, endStepName: end?.name,
                    restricted: transition.restricted ?? false))
        }
        for outcome in workflow?.alwaysAllowActions ?? [] where allowed(outcome.id) && seen.insert(outcome.id).inserted {
            choices.append(
                Choice(
                    outcomeID: outcome.id, name: outcome.displayName, kind: .alwaysAllowed, endStepID: nil, endStepName: nil,
                    restricted: false))
        }
        self.choices = choices
    }

    /// The choice performed by `outcomeID`, if it is valid now.
    func choice(outcomeID: Int) -> Choice? { choices.first { $0.outcomeID == outcomeID } }

    /// `15 Resolve, 12 Request Information, ...` for messages.
    var listing: String {
        choices.isEmpty ? "none" : ReferenceCheck.choices(choices.map { ($0.outcomeID, $0.name) })
    }

    /// Reads ticket `ticketID`, its ticket type and its workflow with the caller's credential and computes
    /// what it can do now.
    static func load(ticketID: Int, halo: any HaloAgentAPI, as credential: HaloCredential) async throws -> (Ticket, AvailableActions) {
        let ticket = try await RecordAccess.ticket(ticketID) { try await halo.ticket(ticketID, as: credential) }
        return (ticket, try await load(for: ticket, halo: halo, as: credential))
    }

    /// What `ticket` (already read) can do now, reading its ticket type and workflow with the caller's credential.
    static func load(for ticket: Ticket, halo: any HaloAgentAPI, as credential: HaloCredential) async throws -> AvailableActions {
        let ticketType = try await ticket.ticketTypeID.asyncMap { try await halo.ticketType($0, as: credential) }
        let workflow = try await workflowID(of: ticket, ticketType: ticketType).asyncMap {
            try await halo.workflow($0, as: credential)
        }
        return AvailableActions(ticket: ticket, workflow: workflow, ticketType: ticketType)
    }
}

extension AvailableActions {
    /// The tool output: workflow, step and choices.
    var output: AvailableActionsOutput {
        AvailableActionsOutput(
            workflowID: workflowID, workflow: workflowName.nonBlank, stepID: stepID, step: stepName.nonBlank,
            actions: choices.map { choice in
                AvailableActionsOutput.Choice(
                    outcomeID: choice.outcomeID, name: choice.name, kind: choice.kind.rawValue, movesToStepID: choice.endStepID,
                    movesToStep: choice.endStepName.nonBlank, restricted: choice.restricted ? true : nil)
            })
    }

    /// Schema of ``output``.
    static let schema = Schema.object(properties, required: ["actions"])

    /// The members of ``output``.
    static let properties: [String: Value] = [
        "workflow_id": Schema.integer(), "workflow": Schema.string("The workflow's name."),
        "step_id": Schema.integer("The ticket's current step."), "step": Schema.string("The current step's name."),
        "actions": Schema.array(
            Schema.object(
                [
                    "outcome_id": Schema.integer("Pass this to execute_workflow_action."),
                    "name": Schema.string(),
                    "kind": Schema.oneOf(
                        ["transition", "always_allowed"],
                        description: "transition: moves the ticket to another step; always_allowed: usable at any step, no move."),
                    "moves_to_step_id": Schema.integer(), "moves_to_step": Schema.string(),
                    "restricted": Schema.boolean("HaloPSA may limit it to some agents or roles."),
                ], required: ["outcome_id", "name", "kind"]),
            description: "What the ticket can do now."),
    ]
}

/// What a ticket can do next: its workflow and step, and the outcomes valid there.
struct AvailableActionsOutput: Encodable {
    /// One outcome the ticket can take now.
    struct Choice: Encodable {
        let outcomeID: Int
        let name: String
        let kind: String
        let movesToStepID: Int?
        let movesToStep: String?
        let restricted: Bool?
    }

    let workflowID: Int?
    let workflow: String?
    let stepID: Int?
    let step: String?
    let actions: [Choice]
}

extension Optional where Wrapped: Sendable {
    /// `map` with an async transform.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
