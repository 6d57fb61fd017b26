import Foundation
import HaloSim
import Testing

/// Posting an action with an outcome drives the ticket through its workflow.
@Suite("Workflow transitions")
struct WorkflowTests {
    /// Creates an Incident (workflow 1, starts at step 1) and returns its id.
    private func newIncident(_ sim: SimulatorHarness, token: String) async throws -> Int {
        let created = try await sim.send(.POST, "/api/Tickets", token: token, json: """
            [{"summary": "Printer on 3rd floor jams", "details": "Jams on every job.", "client_id": 1, "tickettype_id": 1, "team_id": 1}]
            """)
        #expect(created.status == 200)
        let ticket = try created.object()
        #expect(ticket["workflow_id"] as? Int == 1)
        #expect(ticket["workflow_step"] as? Int == 1)
        return try #require(ticket["id"] as? Int)
    }

    private func action(_ sim: SimulatorHarness, token: String, _ json: String) async throws -> SimulatorHarness.Answer {
        try await sim.send(.POST, "/api/Actions", token: token, json: json)
    }

    @Test("every transition the workflow advertises at a step moves the ticket to its end step")
    func advertisedTransitionsWork() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let workflow = try await sim.get("/api/Workflow/1?includedetails=true", token: token).object()
            let steps = try #require(workflow["steps"] as? [[String: Any]])
            for step in steps {
                for transition in step["actions"] as? [[String: Any]] ?? [] {
                    let id = try await newIncident(sim, token: token)
                    let startStep = try #require(step["step_id"] as? Int)
                    if startStep != 1 {
                        let moved = try await action(sim, token: token, "[{\"ticket_id\": \(id), \"outcome_id\": 2, \"new_step\": \(startStep), \"note\": \"setup\"}]")
                        #expect(moved.status == 200)
                    }
                    let outcomeID = try #require(transition["action_id"] as? Int)
                    let answer = try await action(sim, token: token, "[{\"ticket_id\": \(id), \"outcome_id\": \(outcomeID), \"note\": \"moving on\"}]")
                    #expect(answer.status == 200, "outcome \(outcomeID) at step \(startStep): \(answer.text)")
                    let actionID = try answer.object()["id"] as? Int
                    let ticket = try await sim.get("/api/Tickets/\(id)", token: token).object()
                    #expect(ticket["workflow_step"] as? Int == transition["end_step"] as? Int)
                    let history = try #require(ticket["workflow_history"] as? [[String: Any]])
                    #expect(history.last?["moved_from"] as? Int == startStep)
                    #expect(history.last?["moved_to"] as? Int == transition["end_step"] as? Int)
                    #expect(history.last?["action_id"] as? Int == actionID)
                }
            }
        }
    }

    @Test("a transition sets status from the outcome, stamps the step and bumps lastactiondate")
    func transitionEffects() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let id = try await newIncident(sim, token: token)
            let before = try await sim.get("/api/Tickets/\(id)", token: token).object()
            let triage = try await action(sim, token: token, "[{\"ticket_id\": \(id), \"outcome_id\": 10, \"note_html\": \"<p>Looking now</p>\"}]")
            #expect(triage.status == 200)
            let created = try triage.object()
            #expect(created["outcome"] as? String == "Triage")
            #expect(created["note"] as? String == "Looking now")
            #expect(created["actionby_application_id"] as? String == "hmcp-indexer")
            let after = try await sim.get("/api/Tickets/\(id)", token: token).object()
            #expect(after["status_id"] as? Int == 2)
            #expect(after["workflow_step"] as? Int == 2)
            #expect(after["workflow_stage"] as? String == "Investigation")
            #expect((after["lastactiondate"] as? String ?? "") > (before["lastactiondate"] as? String ?? "~"))
            #expect((after["workflow_stepstarted"] as? String ?? "") > (before["workflow_stepstarted"] as? String ?? "~"))
            let actions = try await sim.get("/api/Actions?ticket_id=\(id)", token: token).object()
            #expect(actions["record_count"] as? Int == 2)
        }
    }

    @Test("always-allowed outcomes add the action without moving the step; new_status changes status")
    func alwaysAllowedDoesNotMove() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let id = try await newIncident(sim, token: token)
            let note = try await action(sim, token: token, "[{\"ticket_id\": \(id), \"outcome_id\": 2, \"note\": \"private\", \"new_status\": 3}]")
            #expect(note.status == 200)
            #expect(try note.object()["hiddenfromuser"] as? Bool == true)
            let ticket = try await sim.get("/api/Tickets/\(id)", token: token).object()
            #expect(ticket["workflow_step"] as? Int == 1)
            #expect(ticket["status_id"] as? Int == 3)
            #expect((ticket["workflow_history"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("an outcome of the workflow not valid at the current step is refused and changes nothing")
    func invalidOutcomeRefused() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let id = try await newIncident(sim, token: token)
            let close = try await action(sim, token: token, "[{\"ticket_id\": \(id), \"outcome_id\": 16, \"note\": \"closing early\"}]")
            #expect(close.status == 400)
            #expect(close.text == "This action is not available at the current workflow step")
            let ticket = try await sim.get("/api/Tickets/\(id)", token: token).object()
            #expect(ticket["workflow_step"] as? Int == 1)
            #expect(ticket["status_id"] as? Int == 1)
            #expect(try await sim.get("/api/Actions?ticket_id=\(id)", token: token).object()["record_count"] as? Int == 1)
        }
    }

    @Test("a ticket type's allowed actions are enforced")
    func ticketTypeRestrictsOutcomes() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let type = try await sim.get("/api/TicketType/4", token: token).object()
            #expect(type["allowall_actions"] as? Bool == false)
            let allowed = (type["allowed_actions"] as? [[String: Any]] ?? []).compactMap { $0["key1"] as? Int }
            #expect(!allowed.contains(3))
            let created = try await sim.send(.POST, "/api/Tickets", token: token, json: """
                [{"summary": "Firewall change", "client_id": 2, "tickettype_id": 4}]
                """)
            let id = try #require(try created.object()["id"] as? Int)
            let email = try await action(sim, token: token, "[{\"ticket_id\": \(id), \"outcome_id\": 3, \"note\": \"hi\"}]")
            #expect(email.status == 400)
            #expect(email.text.contains("not allowed for Ticket Type"))
            #expect(try await action(sim, token: token, "[{\"ticket_id\": \(id), \"outcome\": \"Submit for Approval\"}]").status == 200)
        }
    }

    @Test("action validation: missing outcome, missing ticket_id, unknown ticket")
    func actionValidation() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let noOutcome = try await action(sim, token: token, "[{\"ticket_id\": 1001, \"note\": \"x\"}]")
            #expect(noOutcome.status == 400)
            #expect(noOutcome.text == "An Outcome must be entered for this Action")
            let noTicket = try await action(sim, token: token, "[{\"outcome_id\": 2, \"note\": \"x\"}]")
            #expect(noTicket.status == 400)
            #expect(noTicket.text == "ticket_id must be specified")
            #expect(try await action(sim, token: token, "[{\"ticket_id\": 99999, \"outcome_id\": 2}]").status == 404)
            let detail = try await sim.get("/api/Actions/1", token: token)
            #expect(detail.status == 400)
            #expect(detail.text == "ticket_id must be specified")
            #expect(try await sim.get("/api/Actions/1?ticket_id=1001", token: token).object()["ticket_id"] as? Int == 1001)
            #expect(try await sim.get("/api/Actions/999?ticket_id=1001", token: token).status == 404)
        }
    }

    @Test("the outcome list filtered by workflow step matches the step's transitions plus always-allowed outcomes")
    func outcomeContextFilter() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let workflow = try await sim.get("/api/Workflow/2?includedetails=true", token: token).object()
            let step = try #require((workflow["steps"] as? [[String: Any]])?.first)
            let expected = Set((step["actions"] as? [[String: Any]] ?? []).compactMap { $0["action_id"] as? Int })
                .union((workflow["always_allow_actions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
            let outcomes = try await sim.get("/api/Outcome?workflow_id=2&workflow_step=1", token: token).array()
            #expect(Set(outcomes.compactMap { ($0 as? [String: Any])?["id"] as? Int }) == expected)
        }
    }
}
