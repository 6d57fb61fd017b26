import Foundation
@testable import HMCPServe
import MCP
import Shared
import Testing

/// Tool results encoded from their Codable outputs: snake_case members, blank and absent fields left
/// out, and the few members that are set only in some cases.
@Suite struct ToolOutputTests {
    private static func object(_ output: some Encodable) throws -> [String: Value] {
        try #require(try ToolOutput.value(output).objectValue)
    }

    @Test func aTicketDetailLeavesBlankAndAbsentFieldsOutAndNamesItsMembersInSnakeCase() throws {
        var ticket = Ticket(id: 42)
        ticket.summary = "VPN drops"
        ticket.statusName = "  "
        ticket.statusID = 2
        ticket.ticketTypeID = 5
        ticket.siteName = "\n"
        ticket.userName = "  Dana  "
        ticket.agentID = Ticket.unassignedAgentID
        ticket.agentName = "Nobody"
        ticket.workflowID = 3
        ticket.workflowStage = "Triage"
        ticket.dateOccurred = Date(timeIntervalSince1970: 1_700_000_000)
        let detail = try Self.object(TicketOutput.detail(ticket))
        #expect(detail["id"] == .int(42) && detail["summary"] == .string("VPN drops"))
        #expect(detail["status"] == nil, "a blank status is left out")
        #expect(detail["status_id"] == .int(2) && detail["ticket_type_id"] == .int(5))
        #expect(detail["site"] == nil && detail["end_user"] == .string("Dana"))
        #expect(detail["agent"] == .string("Unassigned") && detail["agent_id"] == nil)
        #expect(detail["opened"] == .string(HaloDate.format(Date(timeIntervalSince1970: 1_700_000_000))))
        #expect(detail["workflow"] == .object(["id": .int(3), "step_name": .string("Triage")]))
        #expect(detail["custom_fields"] == .array([]), "the detail always lists its custom fields")
        #expect(try Self.object(TicketOutput.row(ticket))["custom_fields"] == nil, "a list row does not")
    }

    @Test func anActionNamesANewStatusOnlyWhenItMovedAndTimeOnlyWhenSpent() throws {
        var action = Action(id: 9)
        action.hiddenFromUser = nil
        action.newStatus = 4
        action.oldStatus = 4
        action.newStatusName = "Open"
        action.timeTaken = 0
        action.note = "  Rebooted the router.  "
        let same = try Self.object(ActionOutput.row(action))
        #expect(same["private"] == .bool(false), "private is always there")
        #expect(same["new_status_id"] == nil && same["new_status"] == nil && same["time_taken_hours"] == nil)
        #expect(same["note"] == .string("Rebooted the router."))
        action.oldStatus = 1
        action.timeTaken = 0.5
        let moved = try Self.object(ActionOutput.row(action))
        #expect(moved["new_status_id"] == .int(4) && moved["new_status"] == .string("Open"))
        #expect(moved["time_taken_hours"] == .double(0.5))
    }

    @Test func getAvailableActionsAddsTheTicketIDBesideTheChoices() throws {
        let output = TicketActionsOutput(
            ticketID: 7,
            available: AvailableActionsOutput(
                workflowID: nil, workflow: nil, stepID: 2, step: "Approval",
                actions: [.init(outcomeID: 11, name: "Approve", kind: "transition", movesToStepID: 3, movesToStep: nil, restricted: nil)]))
        let object = try Self.object(output)
        #expect(Set(object.keys) == ["ticket_id", "step_id", "step", "actions"])
        #expect(object["actions"] == .array([.object(["outcome_id": .int(11), "name": .string("Approve"), "kind": .string("transition"), "moves_to_step_id": .int(3)])]))
    }
}
