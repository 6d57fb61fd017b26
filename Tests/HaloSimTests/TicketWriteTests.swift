import Foundation
import HaloSim
import Testing

/// Upserts (POSTed arrays), validation, deletion and error body shapes.
@Suite("Ticket writes and errors")
struct TicketWriteTests {
    @Test("one posted item answers an object, two answer an array; updates change only the given fields")
    func upsertShapes() async throws {
        try await SimulatorHarness.run(tickets: 20) { sim in
            let token = try await sim.serviceToken()
            let one = try await sim.send(.POST, "/api/Tickets", token: token, json: "[{\"summary\": \"New laptop\", \"client_id\": 4}]")
            let created = try one.object()
            let id = try #require(created["id"] as? Int)
            #expect(id == 1021)
            #expect(created["status_id"] as? Int == 1)
            #expect(created["agent_id"] as? Int == 1)
            let two = try await sim.send(.POST, "/api/Tickets", token: token, json: """
                [{"id": \(id), "agent_id": 3, "team": "network & infrastructure"}, {"summary": "Second", "client_id": 5, "team_id": 4}]
                """)
            let both = try two.array()
            #expect(both.count == 2)
            let updated = try await sim.get("/api/Tickets/\(id)", token: token).object()
            #expect(updated["summary"] as? String == "New laptop")
            #expect(updated["agent_id"] as? Int == 3)
            #expect(updated["team_id"] as? Int == 2)
            #expect(updated["team"] as? String == "Network & Infrastructure")
        }
    }

    @Test("validation failures answer 400 with a .NET-style body and write nothing from the batch")
    func validation() async throws {
        try await SimulatorHarness.run(tickets: 20) { sim in
            let token = try await sim.serviceToken()
            let answer = try await sim.send(.POST, "/api/Tickets", token: token, json: """
                [{"id": 1001, "summary": "Changed"}, {"summary": "No client"}]
                """)
            #expect(answer.status == 400)
            let body = try answer.object()
            #expect(body["ClassName"] != nil)
            #expect((body["Message"] as? String)?.contains("Client") == true)
            let untouched = try await sim.get("/api/Tickets/1001", token: token).object()
            #expect(untouched["summary"] as? String != "Changed")
            #expect(try await sim.get("/api/Tickets?count=100", token: token).object()["record_count"] as? Int == 20)
            #expect(try await sim.send(.POST, "/api/Tickets", token: token, json: "{not json").status == 400)
            #expect(try await sim.send(.POST, "/api/Tickets", token: token, json: "[{\"id\": 424242, \"summary\": \"x\"}]").status == 404)
            let badStatus = try await sim.send(.POST, "/api/Tickets", token: token, json: "[{\"id\": 1001, \"status_id\": 77}]")
            #expect(badStatus.status == 400)
        }
    }

    @Test("a deleted ticket leaves the list and appears with deleted=true")
    func deletion() async throws {
        try await SimulatorHarness.run(tickets: 20) { sim in
            let token = try await sim.serviceToken()
            #expect(try await sim.send(.DELETE, "/api/Tickets/1003", token: token).status == 200)
            let live = try await sim.get("/api/Tickets?count=100&ticketidonly=true", token: token).object()
            let liveIDs = (live["tickets"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            #expect(liveIDs.count == 19)
            #expect(!liveIDs.contains(1003))
            let deleted = try await sim.get("/api/Tickets?deleted=true", token: token).object()
            #expect((deleted["tickets"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [1003])
            #expect(try await sim.get("/api/Tickets/1003", token: token).object()["deleted"] as? Bool == true)
        }
    }

    @Test("unknown ids answer 404 with a Message body")
    func notFound() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            for path in ["/api/Tickets/5", "/api/Client/999", "/api/Workflow/99", "/api/TicketType/99", "/api/Status/99"] {
                let answer = try await sim.get(path, token: token)
                #expect(answer.status == 404, "\(path)")
                #expect(try answer.object()["Message"] != nil, "\(path)")
            }
        }
    }

    @Test("reference endpoints answer Halo's shapes")
    func referenceShapes() async throws {
        try await SimulatorHarness.run(tickets: 30) { sim in
            let token = try await sim.serviceToken()
            #expect(try await sim.get("/api/Status", token: token).array().count == 9)
            #expect(try await sim.get("/api/TicketType", token: token).array().count == 5)
            #expect(try await sim.get("/api/Team?showall=true", token: token).array().count == 8)
            #expect(try await sim.get("/api/Workflow", token: token).array().count == 4)
            let client = try await sim.get("/api/Client/1", token: token)
            #expect(client.text.count > 5000)
            #expect(try client.object()["name"] as? String != nil)
            let clients = try await sim.get("/api/Client?pageinate=true&page_size=3", token: token).object()
            #expect((clients["clients"] as? [Any])?.count == 3)
            #expect(clients["record_count"] as? Int == 40)
            let agents = try await sim.get("/api/Agent", token: token).array()
            #expect(agents.count == sim.simulator.seeded.agents.count)
            let ticket = try await sim.get("/api/Tickets/1001", token: token).object()
            let assets = try await sim.get("/api/Asset?ticket_id=1001", token: token).object()
            let rows = assets["assets"] as? [[String: Any]] ?? []
            #expect(assets["record_count"] as? Int == rows.count)
            #expect(rows.compactMap { $0["id"] as? Int } == (ticket["asset_ids"] as? [Int] ?? []))
            #expect(rows.allSatisfy { $0["key_field"] != nil && $0["inventory_number"] != nil })

            let narrow = try await sim.userTokens(agentID: sim.simulator.seeded.narrowAgentID).access
            let teams = try await sim.get("/api/Team", token: narrow).array()
            #expect(teams.count == 1)
            #expect(try await sim.get("/api/Team?showall=true", token: narrow).array().count == 8)
        }
    }
}
