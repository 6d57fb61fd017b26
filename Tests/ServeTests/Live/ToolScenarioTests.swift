import Foundation
import HaloSim
@testable import HMCPServe
import Shared
import Testing

/// Every HaloPSA tool through the official Python `mcp` client, signed in through the OAuth relay, over
/// Streamable HTTP and classic SSE: the happy path, a bad argument, a HaloPSA failure (injected into the
/// simulator) and a permission refusal (a ticket only other agents may see) for each; the workflow
/// round trip; and the read-only mode and allowlist, server-side and per request.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ToolScenarioTests {
    static let transports = ["streamable", "sse"]
    static let session = "tools"
    /// What the stacks here serve (semantic search is off).
    static let served = ToolTable.standard.excluding(SearchTools.names)

    @Test(arguments: transports)
    func everyToolAnswersFailsCleanlyAndKeepsHiddenTicketsHidden(transport: String) async throws {
        try await withLiveStack(simulator: { $0.ticketCount = 400 }) { stack in
            let fixture = try await ToolFixture.make(stack)
            let report = try await Self.mainPlan(fixture).run(on: stack, transport: transport, username: fixture.agent.username)
            try await Self.checkHappyPaths(report, fixture)
            Self.checkBadArguments(report, fixture)
            Self.checkPermissions(report, fixture)
            Self.checkHaloFailures(report)
            Self.checkHeaderNarrowing(report)
        }
    }

    @Test(arguments: transports)
    func aSignInWithoutTicketRightsIsToldItLacksPermission(transport: String) async throws {
        try await withLiveStack(simulator: { $0.ticketCount = 400 }, server: { $0.halo.userScope = "read:assets offline_access" }) {
            stack in
            let fixture = try await ToolFixture.make(stack)
            let t = fixture.ticket.id
            var denied = ToolScenario.Session(name: "denied")
            let calls: [(String, [String: Any])] = [
                ("list_tickets", [:]), ("search_tickets", ["query": "printer"]), ("get_ticket", ["ticket_id": t]),
                ("list_actions", ["ticket_id": t]), ("get_available_actions", ["ticket_id": t]),
                ("execute_workflow_action", ["ticket_id": t, "outcome_id": fixture.transition.outcomeID]),
                ("create_ticket", ["summary": "Should not be created", "client_id": 1]), ("update_ticket", ["ticket_id": t, "summary": "No"]),
                ("create_action", ["ticket_id": t, "outcome_id": 2, "note": "No"]), ("list_statuses", [:]), ("list_teams", [:]),
                ("list_ticket_types", [:]), ("get_client", ["client_id": fixture.ticket.clientID ?? 1]),
            ]
            for (tool, arguments) in calls { denied.call(tool, tool, arguments) }
            let report = try await ToolScenario(sessions: [denied]).run(on: stack, transport: transport, username: fixture.agent.username)
            for (tool, _) in calls {
                let result = report.result("denied", tool)
                #expect(result.isError == true, "\(tool): \(result)")
                #expect(result.text.contains("lacks") && result.text.contains("permission"), "\(tool): \(result.text)")
            }
            let unchanged = try await fixture.service.ticket(t, as: .serviceAccount)
            #expect(unchanged.summary == fixture.ticket.summary)
            #expect(unchanged.workflowStep == fixture.ticket.workflowStep)
        }
    }

    @Test(arguments: transports)
    func readOnlyModeAndTheAllowlistHoldAndHeadersCannotWidenThem(transport: String) async throws {
        try await withLiveStack(server: {
            $0.readOnly = true
            $0.toolAllowlist = ["get_me", "list_tickets", "get_ticket", "create_ticket", "update_ticket"]
        }) { stack in
            let agent = try #require(stack.simulator.seeded.agent(id: stack.simulator.seeded.narrowAgentID))
            var server = ToolScenario.Session(name: "server")
            server.call("get_me", "get_me")
            server.call("create_ticket", "create_ticket", ["summary": "Refused in read-only mode", "client_id": 1])
            var widening = ToolScenario.Session(
                name: "widening", headers: ["X-MCP-Readonly": "false", "X-MCP-Tools": "get_ticket,update_ticket,list_statuses"])
            widening.call("update_ticket", "update_ticket", ["ticket_id": 1001, "summary": "No"])
            widening.call("list_statuses", "list_statuses")
            let report = try await ToolScenario(sessions: [server, widening]).run(
                on: stack, transport: transport, username: agent.username)
            #expect(report.tools("server") == ["get_me", "list_tickets", "get_ticket"])
            #expect(report.result("server", "get_me").succeeded)
            #expect(report.result("server", "create_ticket").protocolError?.contains("Unknown tool") == true)
            #expect(report.tools("widening") == ["get_ticket"])
            #expect(report.result("widening", "update_ticket").protocolError?.contains("Unknown tool") == true)
            #expect(report.result("widening", "list_statuses").protocolError?.contains("Unknown tool") == true)
        }
    }

    // MARK: - The main plan

    static let newSummary = "Updated by the tool integration test"
    static let createdSummary = "Created by the tool integration test"

    static func mainPlan(_ fixture: ToolFixture) -> ToolScenario {
        let t = fixture.ticket.id
        let h = fixture.hidden.id
        let outcome = fixture.transition.outcomeID
        var tools = ToolScenario.Session(name: session)
        // Happy paths, in an order where each write comes after the reads (and the bad arguments) that
        // expect the old state.
        tools.call("get_me", "get_me")
        tools.call("list_tickets", "list_tickets", ["agent_id": fixture.agent.id, "page_size": 5])
        tools.call("search_tickets", "search_tickets", ["query": fixture.ticket.summary ?? ""])
        tools.call("get_ticket", "get_ticket", ["ticket_id": t])
        tools.call("list_actions", "list_actions", ["ticket_id": t, "page_size": 3])
        tools.call("get_available_actions", "get_available_actions", ["ticket_id": t])
        for (label, tool, arguments, _) in badArgumentExpectations(fixture) { tools.call("bad " + label, tool, arguments) }
        tools.call("execute_workflow_action", "execute_workflow_action", ["ticket_id": t, "outcome_id": outcome, "note": "Moving on"])
        tools.call("get_available_actions after", "get_available_actions", ["ticket_id": t])
        tools.call("list_statuses", "list_statuses")
        tools.call("list_teams", "list_teams")
        tools.call("list_ticket_types", "list_ticket_types")
        tools.call("get_client", "get_client", ["client_id": fixture.ticket.clientID ?? 1])
        tools.call("get_ticket_assets", "get_ticket_assets", ["ticket_id": fixture.assetTicketID])
        tools.call(
            "create_ticket", "create_ticket",
            ["summary": createdSummary, "details": "Line one\nLine two", "ticket_type_id": 1, "client_id": fixture.ticket.clientID ?? 1])
        tools.call("update_ticket", "update_ticket", ["ticket_id": t, "summary": newSummary])
        tools.call(
            "create_action", "create_action",
            ["ticket_id": t, "outcome": "private note", "note": "Checked the logs", "time_taken_hours": 0.25, "private": true])
        // A ticket only other agents may see.
        tools.call("hidden get_ticket", "get_ticket", ["ticket_id": h])
        tools.call("hidden list_actions", "list_actions", ["ticket_id": h])
        tools.call("hidden get_available_actions", "get_available_actions", ["ticket_id": h])
        tools.call("hidden execute_workflow_action", "execute_workflow_action", ["ticket_id": h, "outcome_id": outcome])
        tools.call("hidden update_ticket", "update_ticket", ["ticket_id": h, "summary": "Not yours"])
        tools.call("hidden create_action", "create_action", ["ticket_id": h, "outcome_id": 2, "note": "Not yours"])
        tools.call("hidden get_ticket_assets", "get_ticket_assets", ["ticket_id": h])
        tools.call("hidden search_tickets", "search_tickets", ["query": fixture.hidden.summary ?? ""])
        tools.call("hidden list_tickets", "list_tickets", ["client_id": fixture.hidden.clientID ?? 1, "page_size": 100])
        // HaloPSA failing.
        for (tool, arguments) in validCalls(fixture) {
            tools.call("fault " + tool, tool, arguments, fault: ["error_rate": 1.0])
        }
        tools.call("rate limited", "list_statuses", fault: ["burst_429": 1, "retry_after": 7])
        // Per-request narrowing.
        var readOnly = ToolScenario.Session(name: "readonly header", headers: ["X-MCP-Readonly": "true"])
        readOnly.call("list_statuses", "list_statuses")
        readOnly.call("create_ticket", "create_ticket", ["summary": "Refused"])
        var allowlist = ToolScenario.Session(name: "tools header", headers: ["X-MCP-Tools": "get_me, get_ticket"])
        allowlist.call("get_me", "get_me")
        allowlist.call("list_tickets", "list_tickets")
        return ToolScenario(sessions: [tools, readOnly, allowlist])
    }

    /// One well-formed call per tool (for the failure cases).
    static func validCalls(_ fixture: ToolFixture) -> [(String, [String: Any])] {
        let t = fixture.ticket.id
        return [
            ("get_me", [:]), ("list_tickets", [:]), ("search_tickets", ["query": "printer"]), ("get_ticket", ["ticket_id": t]),
            ("list_actions", ["ticket_id": t]), ("get_available_actions", ["ticket_id": t]),
            ("execute_workflow_action", ["ticket_id": t, "outcome_id": 2]), ("list_statuses", [:]), ("list_teams", [:]),
            ("list_ticket_types", [:]), ("get_client", ["client_id": fixture.ticket.clientID ?? 1]),
            ("get_ticket_assets", ["ticket_id": t]), ("create_ticket", ["summary": "Never created", "client_id": fixture.ticket.clientID ?? 1]),
            ("update_ticket", ["ticket_id": t, "summary": "Never saved"]), ("create_action", ["ticket_id": t, "outcome_id": 2]),
        ]
    }

    /// Label, tool, arguments and a phrase the error must contain.
    static func badArgumentExpectations(_ fixture: ToolFixture) -> [(String, String, [String: Any], String)] {
        let t = fixture.ticket.id
        return [
            ("get_me", "get_me", ["agent_id": 3], "arguments.agent_id is not a parameter of this tool (it takes none)"),
            ("list_tickets", "list_tickets", ["status_id": 42], "Status 42 does not exist. Valid statuses: 1 New, 2 In Progress"),
            ("search_tickets", "search_tickets", ["include_actions": true], "arguments.query is required"),
            ("get_ticket", "get_ticket", ["ticket_id": "1001"], "arguments.ticket_id must be an integer"),
            ("list_actions", "list_actions", ["ticket_id": t, "page_size": 500], "arguments.page_size must be at most 100"),
            ("get_available_actions", "get_available_actions", ["ticket": t], "arguments.ticket is not a parameter"),
            ("execute_workflow_action", "execute_workflow_action", ["ticket_id": t, "outcome_id": fixture.invalidOutcomeID],
             "Outcome \(fixture.invalidOutcomeID) is not valid for ticket \(t)"),
            ("list_statuses", "list_statuses", ["kind": "open"], "arguments.kind is not a parameter"),
            ("list_teams", "list_teams", ["all": true], "arguments.all is not a parameter"),
            ("list_ticket_types", "list_ticket_types", ["name": "Incident"], "arguments.name is not a parameter"),
            ("get_client", "get_client", ["client_id": 0], "arguments.client_id must be at least 1"),
            ("get_ticket_assets", "get_ticket_assets", [:], "arguments.ticket_id is required"),
            ("create_ticket", "create_ticket", ["summary": "Typed wrong", "client_id": 1, "ticket_type_id": 99],
             "Ticket type 99 does not exist. Valid ticket types: 1 Incident"),
            ("update_ticket", "update_ticket", ["ticket_id": t, "status_id": 42], "Status 42 does not exist. Valid statuses:"),
            ("update_ticket nothing", "update_ticket", ["ticket_id": t], "Nothing to change"),
            ("create_action", "create_action", ["ticket_id": t, "outcome": "Telepathy"], "Outcome 'Telepathy' does not exist. Outcomes:"),
        ]
    }

    // MARK: - Checks

    static func checkHappyPaths(_ report: ToolScenarioReport, _ fixture: ToolFixture) async throws {
        func ok(_ label: String) -> [String: Any] {
            let result = report.result(session, label)
            #expect(result.succeeded, "\(label): \(result)")
            return result.structured
        }
        let t = fixture.ticket.id
        #expect(ok("get_me")["id"] as? Int == fixture.agent.id)

        let listed = ok("list_tickets")
        let rows = listed["tickets"] as? [[String: Any]] ?? []
        #expect(!rows.isEmpty && rows.count <= 5)
        #expect(rows.allSatisfy { $0["agent_id"] as? Int == fixture.agent.id })
        #expect((listed["total"] as? Int ?? 0) >= rows.count)
        #expect(rows.allSatisfy { $0.count <= 16 }, "rows are compact")

        let found = ok("search_tickets")["tickets"] as? [[String: Any]] ?? []
        #expect(found.contains { $0["id"] as? Int == t })

        let detail = ok("get_ticket")
        let ticket = detail["ticket"] as? [String: Any] ?? [:]
        #expect(ticket["id"] as? Int == t)
        let details = ticket["details"] as? String ?? ""
        #expect(!details.isEmpty && !details.contains("<p>") && !details.contains("</"), "HTML is stripped: \(details.prefix(200))")
        let offered = ((detail["available_actions"] as? [String: Any])?["actions"] as? [[String: Any]] ?? []).compactMap { $0["outcome_id"] as? Int }
        #expect(offered == fixture.available.choices.map(\.outcomeID))

        let history = ok("list_actions")
        #expect((history["actions"] as? [Any])?.count ?? 0 <= 3)
        #expect((history["total"] as? Int ?? 0) >= 1)

        // The workflow round trip.
        let before = ok("get_available_actions")
        #expect(before["step_id"] as? Int == fixture.ticket.workflowStep)
        #expect((before["actions"] as? [[String: Any]])?.compactMap { $0["outcome_id"] as? Int } == fixture.available.choices.map(\.outcomeID))
        let moved = ok("execute_workflow_action")
        #expect(moved["previous_step_id"] as? Int == fixture.ticket.workflowStep)
        #expect(moved["step_id"] as? Int == fixture.transition.endStepID)
        let after = ok("get_available_actions after")
        #expect(after["step_id"] as? Int == fixture.transition.endStepID)
        #expect(after["step"] as? String == fixture.transition.endStepName)
        let inSimulator = try await fixture.service.ticket(t, as: .serviceAccount)
        #expect(inSimulator.workflowStep == fixture.transition.endStepID, "the step moved in HaloPSA")
        #expect(inSimulator.workflowHistory?.last?.movedTo == fixture.transition.endStepID)

        let statuses = ok("list_statuses")["statuses"] as? [[String: Any]] ?? []
        #expect(statuses.contains { $0["id"] as? Int == 9 && $0["kind"] as? String == "closed" })
        let teams = ok("list_teams")["teams"] as? [[String: Any]] ?? []
        #expect(Set(teams.compactMap { $0["id"] as? Int }) == Set(fixture.agent.teamIDs))
        let types = ok("list_ticket_types")["ticket_types"] as? [[String: Any]] ?? []
        #expect(types.contains { $0["name"] as? String == "Incident" })

        let client = ok("get_client")
        #expect(client["id"] as? Int == fixture.ticket.clientID)
        #expect(report.result(session, "get_client").text.count < 2000, "the ~18 KB client record is trimmed")
        #expect(client["xero_id"] == nil)

        let assets = ok("get_ticket_assets")["assets"] as? [[String: Any]] ?? []
        #expect(assets.count == fixture.assetCount)
        if let first = assets.first { #expect(first["inventory_number"] is String && first["key_field"] is String) }

        let created = ok("create_ticket")["ticket"] as? [String: Any] ?? [:]
        #expect(created["summary"] as? String == createdSummary)
        let createdID = try #require(created["id"] as? Int)
        #expect(try await fixture.service.ticket(createdID, as: .serviceAccount).summary == createdSummary)

        let updated = ok("update_ticket")
        #expect((updated["ticket"] as? [String: Any])?["summary"] as? String == newSummary)
        #expect(updated["changed"] as? [String] == ["summary"])
        #expect(inSimulator.summary == newSummary)

        let action = ok("create_action")["action"] as? [String: Any] ?? [:]
        #expect(action["private"] as? Bool == true)
        #expect(action["outcome"] as? String == "Private Note")
        #expect(action["time_taken_hours"] as? Double == 0.25)
    }

    static func checkBadArguments(_ report: ToolScenarioReport, _ fixture: ToolFixture) {
        for (label, _, _, phrase) in badArgumentExpectations(fixture) {
            let result = report.result(session, "bad " + label)
            #expect(result.isError == true, "bad \(label): \(result)")
            #expect(result.text.contains(phrase), "bad \(label): \(result.text)")
        }
        let refused = report.result(session, "bad execute_workflow_action").text
        #expect(refused.contains("Valid now: \(fixture.available.listing)"))
    }

    static func checkPermissions(_ report: ToolScenarioReport, _ fixture: ToolFixture) {
        let h = fixture.hidden.id
        for tool in ["get_ticket", "list_actions", "get_available_actions", "execute_workflow_action", "update_ticket", "create_action",
                     "get_ticket_assets"] {
            let result = report.result(session, "hidden " + tool)
            #expect(result.isError == true, "hidden \(tool): \(result)")
            #expect(result.text.contains("lacks permission for ticket \(h), or it does not exist"), "hidden \(tool): \(result.text)")
            if let summary = fixture.hidden.summary { #expect(!result.text.contains(summary)) }
        }
        for label in ["hidden search_tickets", "hidden list_tickets"] {
            let result = report.result(session, label)
            #expect(result.succeeded, "\(label): \(result)")
            let ids = (result.structured["tickets"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            #expect(!ids.contains(h), "\(label) never lists a ticket the agent may not see")
        }
    }

    static func checkHaloFailures(_ report: ToolScenarioReport) {
        for tool in served.tools.map(\.name) {
            let result = report.result(session, "fault " + tool)
            #expect(result.isError == true, "fault \(tool): \(result)")
            #expect(result.text.contains("HaloPSA is not answering properly right now"), "fault \(tool): \(result.text)")
        }
        let limited = report.result(session, "rate limited")
        #expect(limited.isError == true)
        #expect(limited.text.contains("retry in 7 seconds"), "\(limited.text)")
    }

    static func checkHeaderNarrowing(_ report: ToolScenarioReport) {
        let reading = served.tools.filter(\.isReadOnly).map(\.name)
        #expect(report.tools(session) == served.tools.map(\.name))
        #expect(report.tools("readonly header") == reading)
        #expect(report.result("readonly header", "list_statuses").succeeded)
        #expect(report.result("readonly header", "create_ticket").protocolError?.contains("Unknown tool") == true)
        #expect(report.tools("tools header") == ["get_me", "get_ticket"])
        #expect(report.result("tools header", "get_me").succeeded)
        #expect(report.result("tools header", "list_tickets").protocolError?.contains("Unknown tool") == true)
    }
}
