import MCP
import Shared

/// Makes an action's status change or workflow move stick. HaloPSA does not always apply them: "the
/// action lands but the status doesn't move", as one production client recorded. After such an action the ticket
/// is read back; what did not move is applied with a ticket update, and the result says so. When that
/// fails too, the tool fails with a message that says the action was recorded but the ticket did not move.
struct ActionEffectCheck: Sendable {
    /// The status the action should have set.
    var statusID: Int?
    /// The workflow step the action should have moved the ticket to.
    var stepID: Int?

    /// The ticket after the check, and what a ticket update had to apply.
    struct Result: Sendable {
        let ticket: Ticket
        let statusAppliedByUpdate: Bool
        let stepAppliedByUpdate: Bool

        /// Whether the server applied the status change itself (only when one was checked).
        func statusApplied(checked: ActionEffectCheck) -> Bool? { checked.statusID == nil ? nil : statusAppliedByUpdate }

        /// Whether the server applied the step move itself (only when one was checked).
        func stepApplied(checked: ActionEffectCheck) -> Bool? { checked.stepID == nil ? nil : stepAppliedByUpdate }
    }

    /// Schemas of what ``Result/statusApplied(checked:)`` and ``Result/stepApplied(checked:)`` tell.
    static let statusProperty = Schema.boolean(
        "True when HaloPSA recorded the action without changing the status and the server applied it with a ticket update.")
    static let stepProperty = Schema.boolean(
        "True when HaloPSA recorded the action without moving the workflow step and the server applied it with a ticket update.")

    /// Reads ticket `ticketID` after action `actionID` and applies what did not take.
    /// - Throws: ``ToolFailure`` naming the action and what did not move when the ticket update fails or
    ///   leaves the ticket unmoved.
    func confirm(ticketID: Int, actionID: Int, halo: any HaloAgentAPI, as credential: HaloCredential) async throws -> Result {
        let after = try await RecordAccess.ticket(ticketID) { try await halo.ticket(ticketID, as: credential) }
        let missing = changes(toMove: after)
        guard !missing.isEmpty else { return Result(ticket: after, statusAppliedByUpdate: false, stepAppliedByUpdate: false) }
        let recorded = "HaloPSA recorded action \(actionID) on ticket \(ticketID) but did not apply \(description(of: missing)) to the ticket"
        let updated: Ticket
        do {
            _ = try await halo.updateTicket(missing, as: credential)
            updated = try await halo.ticket(ticketID, as: credential)
        } catch {
            throw ToolFailure(
                "\(recorded), and applying it with a ticket update failed: \(ToolErrorMessage.describe(error).message) "
                    + "Do not add the action again; change the ticket itself once HaloPSA allows it.")
        }
        let stillMissing = changes(toMove: updated)
        guard stillMissing.isEmpty else {
            throw ToolFailure(
                "\(recorded), and the ticket update meant to apply it left \(description(of: stillMissing)) unapplied "
                    + "(status \(updated.statusID.map(String.init) ?? "unknown"), step \(updated.workflowStep.map(String.init) ?? "unknown")). "
                    + "Do not add the action again; tell a HaloPSA administrator.")
        }
        return Result(ticket: updated, statusAppliedByUpdate: missing.statusID != nil, stepAppliedByUpdate: missing.workflowStep != nil)
    }

    /// The ticket update that would apply what `ticket` lacks.
    private func changes(toMove ticket: Ticket) -> TicketChanges {
        var changes = TicketChanges(id: ticket.id)
        if let statusID, ticket.statusID != statusID { changes.statusID = statusID }
        if let stepID, ticket.workflowStep != stepID { changes.workflowStep = stepID }
        return changes
    }

    /// `the status change to 4 and the move to workflow step 2`.
    private func description(of changes: TicketChanges) -> String {
        [
            changes.statusID.map { "the status change to \($0)" }, changes.workflowStep.map { "the move to workflow step \($0)" },
        ].compactMap { $0 }.joined(separator: " and ")
    }
}
