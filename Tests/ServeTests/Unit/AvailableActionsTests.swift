import Foundation
@testable import HMCPServe
import Shared
import Testing

/// The transitions valid at a ticket's step (see `AvailableActions`), from HaloPSA-shaped records.
@Suite struct AvailableActionsTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    /// Triage -> (10 Triage) -> Investigation -> (12 Request Information) Awaiting User / (15 Resolve) Resolved.
    static let workflow = """
        {"id": 1, "name": "Standard Incident", "steps": [
          {"step_id": 1, "name": "Triage", "actions": [{"id": 101, "start_step": 1, "end_step": 2, "action_id": 10, "action_name": "Triage"}]},
          {"step_id": 2, "name": "Investigation", "actions": [
            {"id": 102, "start_step": 2, "end_step": 3, "action_id": 12, "action_name": "Request Information"},
            {"id": 103, "start_step": 2, "end_step": 5, "action_id": 15, "action_name": "Resolve", "restricted": true}]},
          {"step_id": 3, "name": "Awaiting User", "actions": []},
          {"step_id": 5, "name": "Resolved", "actions": []}],
         "always_allow_actions": [{"id": 2, "outcome": "Private Note", "buttonname": "Private Note"}, {"id": 12, "outcome": "Request Information"}]}
        """

    func ticket(step: Int, workflowID: Int? = 1) throws -> Ticket {
        var ticket = Ticket(id: 1042)
        ticket.workflowID = workflowID
        ticket.workflowStep = step
        ticket.ticketTypeID = 1
        return ticket
    }

    @Test func theStepsTransitionsComeFirstThenTheAlwaysAllowedOnes() throws {
        let workflow = try Self.decode(Workflow.self, Self.workflow)
        let available = AvailableActions(ticket: try ticket(step: 2), workflow: workflow, ticketType: nil)
        #expect(available.stepID == 2)
        #expect(available.stepName == "Investigation")
        #expect(available.choices.map(\.outcomeID) == [12, 15, 2], "12 appears once, as a transition")
        #expect(available.choices[0].kind == .transition)
        #expect(available.choices[0].endStepID == 3)
        #expect(available.choices[0].endStepName == "Awaiting User")
        #expect(available.choices[1].restricted)
        #expect(available.choices[2].kind == .alwaysAllowed)
        #expect(available.choices[2].endStepID == nil)
        #expect(available.choice(outcomeID: 10) == nil, "a transition of another step is not valid here")
        #expect(available.listing == "12 Request Information, 15 Resolve, 2 Private Note")
    }

    @Test func theTicketTypeRemovesWhatItDoesNotAllow() throws {
        let workflow = try Self.decode(Workflow.self, Self.workflow)
        let type = try Self.decode(
            TicketType.self,
            #"{"id": 2, "workflow_id": 1, "allowall_actions": false, "allowed_actions": [{"key1": 2}, {"key1": 15}]}"#)
        let available = AvailableActions(ticket: try ticket(step: 2), workflow: workflow, ticketType: type)
        #expect(available.choices.map(\.outcomeID) == [15, 2])
        let everything = try Self.decode(TicketType.self, #"{"id": 1, "workflow_id": 1, "allowall_actions": true}"#)
        #expect(AvailableActions(ticket: try ticket(step: 2), workflow: workflow, ticketType: everything).choices.count == 3)
    }

    @Test func theTicketsOwnWorkflowWinsOverItsTypes() throws {
        let type = try Self.decode(TicketType.self, #"{"id": 1, "workflow_id": 4}"#)
        #expect(AvailableActions.workflowID(of: try ticket(step: 1, workflowID: 1), ticketType: type) == 1)
        #expect(AvailableActions.workflowID(of: try ticket(step: 1, workflowID: 0), ticketType: type) == 4)
        #expect(AvailableActions.workflowID(of: try ticket(step: 1, workflowID: nil), ticketType: nil) == nil)
    }

    @Test func anUnknownStepLeavesOnlyTheAlwaysAllowedOutcomes() throws {
        let workflow = try Self.decode(Workflow.self, Self.workflow)
        let available = AvailableActions(ticket: try ticket(step: 9), workflow: workflow, ticketType: nil)
        #expect(available.choices.map(\.outcomeID) == [2, 12])
        #expect(available.choices.allSatisfy { $0.kind == .alwaysAllowed })
        #expect(AvailableActions(ticket: try ticket(step: 1), workflow: nil, ticketType: nil).listing == "none")
    }
}
