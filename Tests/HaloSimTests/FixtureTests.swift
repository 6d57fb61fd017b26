import Foundation
import HaloSim
import Testing

/// `--fixture FILE`: data in Halo's own shapes replaces the generator.
@Suite("Fixtures")
struct FixtureTests {
    private static let fixture = """
        {
          "teams": [{"id": 1, "name": "Desk"}, {"id": 2, "name": "Infra"}],
          "clients": [{"id": 10, "name": "Acme", "website": "https://acme.example"}, {"id": 11, "name": "Globex"}],
          "agents": [
            {"id": 2, "name": "Ann Admin", "email": "ann@msp.example", "is_admin": true, "teams": [{"team_id": 1}]},
            {"id": 5, "name": "Bo Desk", "email": "bo@msp.example",
             "teams": [{"team_id": 1, "unassigned_access": true, "otheragent_access": false}]},
            {"id": 6, "name": "Cy Infra", "email": "cy@msp.example", "teams": [{"team_id": 2}], "clients": [{"client_id": 11}]}
          ],
          "tickets": [
            {"id": 500, "summary": "Mailbox full", "details": "Cannot receive mail", "client_id": 10, "team_id": 1, "agent_id": 5,
             "dateoccurred": "2025-02-01T09:00:00Z", "lastactiondate": "2025-02-02T10:00:00"},
            {"id": 501, "summary": "Unassigned desk ticket", "client_id": 10, "team": "Desk", "agent_id": 1},
            {"id": 502, "summary": "Switch down", "client_id": 11, "team_id": 2, "agent_id": 6, "status_id": 9},
            {"id": 503, "summary": "Other agent's desk ticket", "client_id": 11, "team_id": 1, "agent_id": 2}
          ],
          "actions": [
            {"ticket_id": 500, "outcome": "Logged", "note": "Cannot receive mail", "datetime": "2025-02-01T09:00:00"},
            {"ticket_id": 500, "outcome_id": 2, "note": "Archived old items", "who_agentid": 5, "timetaken": 0.5}
          ]
        }
        """

    private func withFixture(_ text: String, _ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("halo-sim-fixture-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await body(path)
    }

    @Test("fixture tickets, actions and agents are served with visibility applied")
    func loadsFixture() async throws {
        try await withFixture(Self.fixture) { path in
            try await SimulatorHarness.run({ $0.fixtureFile = path }) { sim in
                let seeded = sim.simulator.seeded
                #expect(seeded.adminAgentID == 2)
                #expect(seeded.clientRestrictedAgentID == 6)
                let admin = try await sim.serviceToken()
                let list = try await sim.get("/api/Tickets", token: admin).object()
                #expect((list["tickets"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [500, 501, 502, 503])
                let ticket = try await sim.get("/api/Tickets/500", token: admin).object()
                #expect(ticket["team"] as? String == "Desk")
                #expect(ticket["client_name"] as? String == "Acme")
                #expect(ticket["dateoccurred"] as? String == "2025-02-01T09:00:00")
                let actions = try await sim.get("/api/Actions?ticket_id=500", token: admin).object()
                #expect(actions["record_count"] as? Int == 2)
                #expect((actions["actions"] as? [[String: Any]])?.last?["hiddenfromuser"] as? Bool == true)
                #expect(try await sim.visibleTicketIDs(agentID: 5) == [500, 501])
                #expect(try await sim.visibleTicketIDs(agentID: 6) == [502])
                let bo = try await sim.userTokens(agentID: 5).access
                #expect(try await sim.get("/api/Tickets/503", token: bo).status == 403)
            }
        }
    }

    @Test("a broken fixture stops the start with a message naming the record")
    func brokenFixture() async throws {
        try await withFixture(#"{"teams": [], "clients": [], "agents": [], "tickets": [{"id": 1, "client_id": 3}]}"#) { path in
            var configuration = SimulatorConfiguration()
            configuration.fixtureFile = path
            do {
                let simulator = try await HaloSimulator.start(configuration)
                await simulator.stop()
                Issue.record("start should have failed")
            } catch let error as SimulatorStartError {
                #expect(error.description.contains("tickets[0]"))
            }
        }
    }
}
