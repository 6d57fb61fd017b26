import Foundation
import HaloSim
import Testing

/// Real HaloPSA's data-losing behaviours (`Quirks`, `InferredBehaviour` #31–#33): the action list cut at
/// 52 rows without `count`, actions whose status change does not reach the ticket, and the ticket update
/// that applies a status or step instead.
@Suite("Real HaloPSA quirks")
struct QuirkTests {
    /// Creates an Incident (workflow 1, step 1, status 1) with `notes` private notes and returns its id.
    private func ticket(_ sim: SimulatorHarness, token: String, notes: Int) async throws -> Int {
        let created = try await sim.send(.POST, "/api/Tickets", token: token, json: """
            [{"summary": "Long-running VPN fault", "details": "Drops hourly.", "client_id": 1, "tickettype_id": 1, "team_id": 1}]
            """)
        let id = try #require(try created.object()["id"] as? Int)
        if notes > 0 {
            let items = (1...notes).map { "{\"ticket_id\": \(id), \"outcome_id\": 2, \"note\": \"Note \($0)\"}" }
            let added = try await sim.send(.POST, "/api/Actions", token: token, json: "[\(items.joined(separator: ","))]")
            #expect(added.status == 200, "\(added.text.prefix(200))")
        }
        return id
    }

    private func actions(_ sim: SimulatorHarness, token: String, _ query: String) async throws -> (rows: [[String: Any]], recordCount: Int?) {
        let list = try await sim.get("/api/Actions?\(query)", token: token).object()
        return (list["actions"] as? [[String: Any]] ?? [], list["record_count"] as? Int)
    }

    @Test("without count the action list stops at 52 rows and record_count still counts all; count is honoured")
    func actionListCap() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let id = try await ticket(sim, token: token, notes: 119)
            let capped = try await actions(sim, token: token, "ticket_id=\(id)")
            #expect(capped.rows.count == 52)
            #expect(capped.recordCount == 120)
            #expect(capped.rows.first?["outcome"] as? String == "Logged", "the oldest rows come back")
            let counted = try await actions(sim, token: token, "ticket_id=\(id)&count=10000")
            #expect(counted.rows.count == 120)
            #expect(counted.recordCount == 120)
            #expect(counted.rows.last?["note"] as? String == "Note 119")
            #expect(try await actions(sim, token: token, "ticket_id=\(id)&count=7").rows.count == 7)
        }
    }

    @Test("the cap size is configurable, can be switched off, and a ceiling limits even a larger count")
    func actionListCapConfiguration() async throws {
        try await SimulatorHarness.run(tickets: 5, { $0.quirks = Quirks(actionListCap: 10, actionCountCeiling: 30) }) { sim in
            let token = try await sim.serviceToken()
            let id = try await ticket(sim, token: token, notes: 39)
            #expect(try await actions(sim, token: token, "ticket_id=\(id)").rows.count == 10)
            let counted = try await actions(sim, token: token, "ticket_id=\(id)&count=40")
            #expect(counted.rows.count == 30)
            #expect(counted.recordCount == 40)
        }
        try await SimulatorHarness.run(tickets: 5, { $0.quirks.actionListCap = nil }) { sim in
            let token = try await sim.serviceToken()
            let id = try await ticket(sim, token: token, notes: 59)
            #expect(try await actions(sim, token: token, "ticket_id=\(id)").rows.count == 60)
        }
    }

    @Test("with actionsChangeTicket off an action records its status change and transition but the ticket stays")
    func actionsThatDoNotChangeTheTicket() async throws {
        try await SimulatorHarness.run(tickets: 5, { $0.quirks.actionsChangeTicket = false }) { sim in
            let token = try await sim.serviceToken()
            let id = try await ticket(sim, token: token, notes: 0)
            let note = try await sim.send(.POST, "/api/Actions", token: token, json: """
                [{"ticket_id": \(id), "outcome_id": 2, "note": "Waiting on the user", "new_status": 4}]
                """)
            #expect(note.status == 200)
            #expect(try note.object()["new_status"] as? Int == 4, "the action says what was asked")
            let triage = try await sim.send(.POST, "/api/Actions", token: token, json: "[{\"ticket_id\": \(id), \"outcome_id\": 10}]")
            #expect(triage.status == 200)
            let ticket = try await sim.get("/api/Tickets/\(id)", token: token).object()
            #expect(ticket["status_id"] as? Int == 1)
            #expect(ticket["workflow_step"] as? Int == 1)
            #expect((ticket["workflow_history"] as? [Any])?.isEmpty == true)
            #expect(try await actions(sim, token: token, "ticket_id=\(id)").recordCount == 3)
            let refused = try await sim.send(.POST, "/api/Actions", token: token, json: "[{\"ticket_id\": \(id), \"outcome_id\": 16}]")
            #expect(refused.status == 400, "an outcome not valid at the step is still refused")
        }
    }

    @Test("a ticket update sets workflow_step, stamps it and records it; a step outside the workflow is refused")
    func ticketUpdateMovesTheStep() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let id = try await ticket(sim, token: token, notes: 0)
            let moved = try await sim.send(.POST, "/api/Tickets", token: token, json: "[{\"id\": \(id), \"workflow_step\": 2, \"status_id\": 2}]")
            #expect(moved.status == 200, "\(moved.text)")
            let ticket = try await sim.get("/api/Tickets/\(id)", token: token).object()
            #expect(ticket["workflow_step"] as? Int == 2)
            #expect(ticket["status_id"] as? Int == 2)
            let history = try #require(ticket["workflow_history"] as? [[String: Any]])
            #expect(history.last?["moved_from"] as? Int == 1)
            #expect(history.last?["moved_to"] as? Int == 2)
            #expect(history.last?["action_id"] as? Int == 0)
            let refused = try await sim.send(.POST, "/api/Tickets", token: token, json: "[{\"id\": \(id), \"workflow_step\": 99}]")
            #expect(refused.status == 400)
            #expect(try await sim.get("/api/Tickets/\(id)", token: token).object()["workflow_step"] as? Int == 2)
        }
    }
}
