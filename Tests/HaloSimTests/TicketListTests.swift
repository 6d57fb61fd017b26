import Foundation
import HaloSim
import Testing

/// Paging rules, envelopes and filters of `GET /api/Tickets`.
@Suite("Ticket list")
struct TicketListTests {
    private func rows(_ body: [String: Any]) -> [[String: Any]] { body["tickets"] as? [[String: Any]] ?? [] }

    @Test("page_size and page_no are ignored without pageinate=true (50 rows, no paging echo)")
    func pagingIgnoredWithoutPageinate() async throws {
        try await SimulatorHarness.run(tickets: 250) { sim in
            let token = try await sim.serviceToken()
            let body = try await sim.get("/api/Tickets?page_size=10&page_no=3", token: token).object()
            #expect(rows(body).count == 50)
            #expect(body["record_count"] as? Int == 250)
            #expect(body["page_size"] == nil)
            #expect(rows(body).first?["id"] as? Int == 1001)
            #expect(rows(try await sim.get("/api/Tickets?count=7", token: token).object()).count == 7)
        }
    }

    @Test("page_size is capped at 100 and the effective size is reported")
    func pageSizeCapped() async throws {
        try await SimulatorHarness.run(tickets: 250) { sim in
            let token = try await sim.serviceToken()
            let body = try await sim.get("/api/Tickets?pageinate=true&page_size=500", token: token).object()
            #expect(body["page_size"] as? Int == 100)
            #expect(body["page_no"] as? Int == 1)
            #expect(rows(body).count == 100)
        }
    }

    @Test("a page number near Int.max answers an empty page, not a crash")
    func hugePageNumberIsAnEmptyPage() async throws {
        try await SimulatorHarness.run(tickets: 20) { sim in
            let token = try await sim.serviceToken()
            for page in [Int.max, Int.max / 2, Int.max / 100] {
                let reply = try await sim.get("/api/Tickets?pageinate=true&page_size=100&page_no=\(page)", token: token)
                #expect(reply.status == 200)
                let body = try reply.object()
                #expect(rows(body).isEmpty)
                #expect(body["record_count"] as? Int == 20)
            }
        }
    }

    @Test("paging over three pages returns every ticket once; record_count is the total")
    func pagesCoverEverything() async throws {
        try await SimulatorHarness.run(tickets: 250) { sim in
            let token = try await sim.serviceToken()
            var seen: [Int] = []
            for page in 1...4 {
                let body = try await sim.get("/api/tickets?pageinate=true&page_size=100&page_no=\(page)", token: token).object()
                #expect(body["record_count"] as? Int == 250)
                #expect(rows(body).count == [100, 100, 50, 0][page - 1])
                seen += rows(body).compactMap { $0["id"] as? Int }
            }
            #expect(seen == Array(1001...1250))
        }
    }

    @Test("paths are case-insensitive")
    func caseInsensitivePaths() async throws {
        try await SimulatorHarness.run(tickets: 20) { sim in
            let token = try await sim.serviceToken()
            let lower = try await sim.get("/api/tickets/1005", token: token)
            let mixed = try await sim.get("/API/Tickets/1005", token: token)
            #expect(lower.status == 200)
            #expect(lower.text == mixed.text)
            #expect(try await sim.get("/api/STATUS", token: token).array().count == 9)
        }
    }

    @Test("ticketidonly returns every match with only id fields")
    func idOnly() async throws {
        try await SimulatorHarness.run(tickets: 120) { sim in
            let token = try await sim.serviceToken()
            let body = try await sim.get("/api/Tickets?ticketidonly=true&pageinate=true&page_size=10", token: token).object()
            #expect(rows(body).count == 120)
            #expect(rows(body).allSatisfy { $0["summary"] == nil && $0["id"] != nil && $0["status_id"] != nil })
        }
    }

    @Test("filters: team ids (comma or repeated), status, open_only, type, agent, client, search, date window, order")
    func filters() async throws {
        try await SimulatorHarness.run(tickets: 300) { sim in
            let token = try await sim.serviceToken()
            let all = rows(try await sim.get("/api/Tickets?count=1000", token: token).object())
            #expect(all.count == 300)
            func ids(_ query: String) async throws -> [Int] {
                rows(try await sim.get("/api/Tickets?count=1000&\(query)", token: token).object()).compactMap { $0["id"] as? Int }
            }
            func expected(_ predicate: ([String: Any]) -> Bool) -> [Int] { all.filter(predicate).compactMap { $0["id"] as? Int } }

            let teams = try await ids("team=1,2")
            #expect(teams == expected { [1, 2].contains($0["team_id"] as? Int ?? 0) })
            #expect(try await ids("team=1&team=2") == teams)
            #expect(!teams.isEmpty && teams.count < 300)
            #expect(try await ids("status_id=9") == expected { $0["status_id"] as? Int == 9 })
            #expect(try await ids("open_only=true") == expected { $0["status_id"] as? Int != 9 })
            #expect(try await ids("requesttype_id=2") == expected { $0["tickettype_id"] as? Int == 2 })
            #expect(try await ids("client_id=3") == expected { $0["client_id"] as? Int == 3 })
            let agent = try #require(all.compactMap { $0["agent_id"] as? Int }.first { $0 != 1 })
            #expect(try await ids("agent_id=\(agent)") == expected { $0["agent_id"] as? Int == agent })

            let sample = try #require(all.first { ($0["summary"] as? String)?.contains("0x") == true } ?? all.first)
            let word = try #require((sample["summary"] as? String)?.split(separator: " ").max { $0.count < $1.count })
            let found = try await ids("search=\(SimulatorHarness.encodeComponent(String(word)))")
            #expect(found.contains(sample["id"] as? Int ?? -1))
            #expect(found.count < 300)

            let dates = all.compactMap { $0["lastactiondate"] as? String }.sorted()
            let start = dates[100], end = dates[200]
            let window = try await ids("datesearch=lastactiondate&startdate=\(start)&enddate=\(end)")
            #expect(window == expected { ($0["lastactiondate"] as? String).map { $0 >= start && $0 <= end } ?? false })
            let withZ = try await ids("datesearch=lastactiondate&startdate=\(start)Z&enddate=\(end)Z")
            #expect(withZ == window)

            let ordered = rows(try await sim.get("/api/Tickets?count=1000&order=lastactiondate&orderdesc=true", token: token).object())
            let stamps = ordered.compactMap { $0["lastactiondate"] as? String }
            #expect(stamps == stamps.sorted(by: >))
            #expect(try await sim.get("/api/Tickets?datesearch=nonsense&startdate=2024-01-01", token: token).status == 400)
        }
    }
}
