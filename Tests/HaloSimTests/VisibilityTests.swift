import Foundation
import HaloSim
import Testing

/// An agent sees a ticket only through team membership, access flags and client restrictions;
/// lists filter silently and hidden details answer 403 (or 404 by flag).
@Suite("Visibility")
struct VisibilityTests {
    @Test("a narrow agent never sees another team's ticket in lists or detail")
    func narrowAgentSeesOnlyOwnTickets() async throws {
        try await SimulatorHarness.run { sim in
            let narrow = try #require(sim.simulator.seeded.agent(id: sim.simulator.seeded.narrowAgentID))
            let token = try await sim.userTokens(agentID: narrow.id).access
            let listed = try await sim.listedTicketIDs(token: token)
            let truth = try await sim.visibleTicketIDs(agentID: narrow.id)
            #expect(Set(listed) == truth)
            #expect(listed.count == truth.count, "no duplicates across pages")

            let admin = try await sim.serviceToken()
            let everything = try await sim.listedTicketIDs(token: admin)
            #expect(everything.count > listed.count)
            for id in everything.prefix(200) {
                let ticket = try await sim.get("/api/Tickets/\(id)", token: admin).object()
                let mine = (ticket["agent_id"] as? Int) == narrow.id && narrow.teamIDs.contains(ticket["team_id"] as? Int ?? -1)
                #expect(truth.contains(id) == mine, "narrow agent sees exactly own tickets in own team (ticket \(id))")
                let detail = try await sim.get("/api/Tickets/\(id)", token: token)
                #expect(detail.status == (mine ? 200 : 403))
            }
        }
    }

    @Test("a client-restricted agent only sees its clients' tickets")
    func clientRestriction() async throws {
        try await SimulatorHarness.run { sim in
            let agent = try #require(sim.simulator.seeded.agent(id: sim.simulator.seeded.clientRestrictedAgentID))
            #expect(!agent.clientIDs.isEmpty)
            let token = try await sim.userTokens(agentID: agent.id).access
            let page = try await sim.get("/api/Tickets?count=1000", token: token).object()
            let rows = try #require(page["tickets"] as? [[String: Any]])
            #expect(!rows.isEmpty)
            for row in rows {
                #expect(agent.clientIDs.contains(row["client_id"] as? Int ?? -1))
                #expect(agent.teamIDs.contains(row["team_id"] as? Int ?? -1))
            }
            let other = try await sim.get("/api/Client/\(try #require((1...40).first { !agent.clientIDs.contains($0) }))", token: token)
            #expect(other.status == 403)
        }
    }

    @Test("ticketids keeps only the listed tickets the caller may see, in one page")
    func ticketIDsFilterFollowsVisibility() async throws {
        try await SimulatorHarness.run { sim in
            let agent = sim.simulator.seeded.clientRestrictedAgentID
            let token = try await sim.userTokens(agentID: agent).access
            let truth = try await sim.visibleTicketIDs(agentID: agent)
            let asked = Array(1...100)
            let page = try await sim.get(
                "/api/Tickets?ticketids=\(asked.map(String.init).joined(separator: ","))&pageinate=true&page_size=100", token: token
            ).object()
            let listed = try #require(page["tickets"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
            #expect(listed == asked.filter(truth.contains), "visible ids in order, hidden ones silently left out")
            #expect(page["record_count"] as? Int == listed.count)
            #expect(listed.count < asked.count, "the client-restricted agent does not see every ticket")
        }
        try await SimulatorHarness.run({ $0.quirks.ignoresTicketIDs = true }) { sim in
            let token = try await sim.serviceToken()
            let page = try await sim.get("/api/Tickets?ticketids=5,6&pageinate=true&page_size=100", token: token).object()
            #expect((page["tickets"] as? [[String: Any]])?.count == 100, "the quirk answers as if the filter were absent")
        }
    }

    @Test("hidden ticket detail answers 404 when configured, indistinguishable from a missing ticket")
    func forbiddenAs404() async throws {
        try await SimulatorHarness.run({ $0.forbiddenTicketStatus = 404 }) { sim in
            let narrow = sim.simulator.seeded.narrowAgentID
            let token = try await sim.userTokens(agentID: narrow).access
            let visible = try await sim.visibleTicketIDs(agentID: narrow)
            let hiddenID = try #require((1001...1300).first { !visible.contains($0) })
            let hidden = try await sim.get("/api/Tickets/\(hiddenID)", token: token)
            let missing = try await sim.get("/api/Tickets/999999", token: token)
            #expect(hidden.status == 404)
            #expect(missing.status == 404)
            #expect(try hidden.object()["Message"] as? String == "The requested record was not found")
            #expect(try missing.object()["Message"] != nil)
        }
    }

    @Test("actions of a hidden ticket are refused too")
    func hiddenActions() async throws {
        try await SimulatorHarness.run { sim in
            let narrow = sim.simulator.seeded.narrowAgentID
            let token = try await sim.userTokens(agentID: narrow).access
            let visible = try await sim.visibleTicketIDs(agentID: narrow)
            let hiddenID = try #require((1001...1300).first { !visible.contains($0) })
            #expect(try await sim.get("/api/Actions?ticket_id=\(hiddenID)", token: token).status == 403)
            let post = try await sim.send(.POST, "/api/Actions", token: token, json: "[{\"ticket_id\":\(hiddenID),\"outcome_id\":2,\"note\":\"x\"}]")
            #expect(post.status == 403)
        }
    }
}
