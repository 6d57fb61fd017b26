import Foundation
import HMCPTesting
import HaloSim
@testable import HMCPServe
import Shared
import Testing

/// The tools against real HaloPSA's data-losing behaviours (`Quirks`): `list_actions` over a history
/// longer than HaloPSA's default cap of 52 actions, and `create_action` / `execute_workflow_action` on a
/// tenant where an action's status change or workflow move does not reach the ticket.
@Suite(.serialized, .timeLimit(.minutes(5))) struct HaloQuirkToolTests {
    /// As the fixture's agent: `create_action` changing the fixture ticket's status (to the returned
    /// target), then `execute_workflow_action` with the fixture's transition.
    static func noteWithStatusThenTransition(
        _ stack: LiveStack, _ fixture: ToolFixture
    ) async throws -> (noted: ToolScenarioReport.Result, moved: ToolScenarioReport.Result, target: Int) {
        let t = fixture.ticket.id
        let target = fixture.ticket.statusID == 4 ? 3 : 4
        var session = ToolScenario.Session(name: "writes")
        session.call("create_action", "create_action", ["ticket_id": t, "outcome_id": 2, "note": "Waiting on the user", "new_status_id": target])
        session.call("execute_workflow_action", "execute_workflow_action", ["ticket_id": t, "outcome_id": fixture.transition.outcomeID])
        let report = try await ToolScenario(sessions: [session]).run(on: stack, transport: "streamable", username: fixture.agent.username)
        return (report.result("writes", "create_action"), report.result("writes", "execute_workflow_action"), target)
    }

    @Test func listActionsReachesEveryPageOfA120ActionHistory() async throws {
        try await withLiveStack(simulator: { $0.ticketCount = 400 }) { stack in
            let fixture = try await ToolFixture.make(stack)
            let t = fixture.ticket.id
            try await SimulatorHarness(simulator: stack.simulator).addNotes(119, toTicket: t)
            var session = ToolScenario.Session(name: "history")
            session.call("page 1", "list_actions", ["ticket_id": t, "page_size": 100, "oldest_first": true])
            session.call("page 2", "list_actions", ["ticket_id": t, "page_size": 100, "page": 2, "oldest_first": true])
            let report = try await ToolScenario(sessions: [session]).run(on: stack, transport: "streamable", username: fixture.agent.username)
            let first = report.result("history", "page 1")
            let second = report.result("history", "page 2")
            #expect(first.succeeded && second.succeeded, "\(first) \(second)")
            let total = first.structured["total"] as? Int ?? 0
            #expect(total >= 120)
            #expect(first.structured["history_complete"] as? Bool == true)
            #expect(first.structured["has_more"] as? Bool == true)
            let rows = (first.structured["actions"] as? [[String: Any]] ?? []) + (second.structured["actions"] as? [[String: Any]] ?? [])
            #expect(rows.count == total, "every action is on some page")
            #expect(Set(rows.compactMap { $0["id"] as? Int }).count == total)
            #expect(rows.last?["note"] as? String == "Note 119", "the newest note is reachable")
            #expect(second.structured["has_more"] as? Bool == false)
        }
    }

    @Test func statusChangesAndMovesHaloPSADidNotApplyAreAppliedByATicketUpdate() async throws {
        try await withLiveStack(simulator: {
            $0.ticketCount = 400
            $0.quirks.actionsChangeTicket = false
        }) { stack in
            let fixture = try await ToolFixture.make(stack)
            let (noted, moved, target) = try await Self.noteWithStatusThenTransition(stack, fixture)
            #expect(noted.succeeded, "\(noted)")
            #expect(noted.structured["status_applied_by_update"] as? Bool == true)
            #expect(noted.structured["status_id"] as? Int == target)

            #expect(moved.succeeded, "\(moved)")
            #expect(moved.structured["step_applied_by_update"] as? Bool == true)
            #expect(moved.structured["step_id"] as? Int == fixture.transition.endStepID)
            let outcome = try #require(try await fixture.service.outcomes(as: .serviceAccount).first { $0.id == fixture.transition.outcomeID })
            #expect(moved.structured["status_applied_by_update"] as? Bool == true)
            #expect(moved.structured["status_id"] as? Int == outcome.newStatus)

            let inSimulator = try await fixture.service.ticket(fixture.ticket.id, as: .serviceAccount)
            #expect(inSimulator.workflowStep == fixture.transition.endStepID, "the step moved in HaloPSA")
            #expect(inSimulator.statusID == outcome.newStatus)
        }
    }

    @Test func statusChangesThatHaloPSAAppliesNeedNoUpdate() async throws {
        try await withLiveStack(simulator: { $0.ticketCount = 400 }) { stack in
            let fixture = try await ToolFixture.make(stack)
            let (noted, moved, target) = try await Self.noteWithStatusThenTransition(stack, fixture)
            #expect(noted.succeeded, "\(noted)")
            #expect(noted.structured["status_applied_by_update"] as? Bool == false)
            #expect(noted.structured["status_id"] as? Int == target)
            #expect(moved.succeeded, "\(moved)")
            #expect(moved.structured["step_applied_by_update"] as? Bool == false)
            #expect(moved.structured["status_applied_by_update"] as? Bool == false)
            #expect(moved.structured["step_id"] as? Int == fixture.transition.endStepID)
        }
    }

    @Test func aChangeTheTicketUpdateCannotApplyEitherIsAnErrorNamingTheRecordedAction() async throws {
        try await withLiveStack(simulator: {
            $0.ticketCount = 400
            $0.quirks.actionsChangeTicket = false
        }) { stack in
            let fixture = try await ToolFixture.make(stack)
            let t = fixture.ticket.id
            var note = NewAction(ticketID: t)
            note.outcomeID = 2
            note.newStatus = fixture.ticket.statusID == 4 ? 3 : 4
            let action = try await fixture.service.createAction(note, as: .serviceAccount)
            // Step 99 is no step of the ticket's workflow, so HaloPSA refuses the update as a whole.
            let check = ActionEffectCheck(statusID: note.newStatus, stepID: 99)
            let failure = await #expect(throws: ToolFailure.self) {
                try await check.confirm(ticketID: t, actionID: action.id, halo: fixture.service, as: .serviceAccount)
            }
            let message = failure?.message ?? ""
            #expect(message.contains("HaloPSA recorded action \(action.id) on ticket \(t) but did not apply"), "\(message)")
            #expect(message.contains("the move to workflow step 99"), "\(message)")
            #expect(message.contains("Do not add the action again"), "\(message)")
            let unchanged = try await fixture.service.ticket(t, as: .serviceAccount)
            #expect(unchanged.statusID == fixture.ticket.statusID, "a refused update changes nothing")
        }
    }
}
