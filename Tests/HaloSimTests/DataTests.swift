import Foundation
import HaloSim
import Testing

/// The generator is deterministic and scales; fixtures load Halo-shaped data.
@Suite("Data")
struct DataTests {
    /// Everything a client would read about some tickets, as text.
    private func snapshot(_ sim: SimulatorHarness) async throws -> String {
        let token = try await sim.serviceToken()
        var text = try await sim.get("/api/Tickets?pageinate=true&page_size=100", token: token).text
        for id in [1001, 1050, 1099] {
            text += try await sim.get("/api/Tickets/\(id)", token: token).text
            text += try await sim.get("/api/Actions?ticket_id=\(id)", token: token).text
        }
        text += try await sim.get("/_sim/accounts", token: nil).text
        text += try await sim.get("/api/Client/7", token: token).text
        return text
    }

    @Test("the same seed gives the same data; another seed gives other data")
    func determinism() async throws {
        var first = "", second = "", other = ""
        try await SimulatorHarness.run(tickets: 100, { $0.seed = 7 }) { first = try await snapshot($0) }
        try await SimulatorHarness.run(tickets: 100, { $0.seed = 7 }) { second = try await snapshot($0) }
        try await SimulatorHarness.run(tickets: 100, { $0.seed = 8 }) { other = try await snapshot($0) }
        #expect(!first.isEmpty)
        #expect(first == second)
        #expect(first != other)
    }

    @Test("a smaller dataset is a prefix of a larger one with the same seed")
    func prefixStable() async throws {
        var small = "", large = ""
        try await SimulatorHarness.run(tickets: 50) { small = try await $0.get("/api/Tickets/1040", token: try await $0.serviceToken()).text }
        try await SimulatorHarness.run(tickets: 500) { large = try await $0.get("/api/Tickets/1040", token: try await $0.serviceToken()).text }
        #expect(small == large)
    }

    @Test("generated text is varied, carries exact identifiers and HTML, and private notes exist")
    func textVariety() async throws {
        try await SimulatorHarness.run(tickets: 400) { sim in
            let token = try await sim.serviceToken()
            let rows = try await sim.get("/api/Tickets?count=400", token: token).object()["tickets"] as? [[String: Any]] ?? []
            let summaries = Set(rows.compactMap { $0["summary"] as? String })
            #expect(summaries.count > 250, "summaries are mostly distinct")
            #expect(Set(rows.compactMap { $0["category_1"] as? String }).count >= 20)
            #expect(Set(rows.compactMap { $0["client_id"] as? Int }).count >= 30)
            #expect(Set(rows.compactMap { $0["tickettype_id"] as? Int }).count == 5)
            let everything = rows.map { row in
                let summary = row["summary"] as? String ?? ""
                let details = row["details"] as? String ?? ""
                return summary + " " + details
            }.joined(separator: "\n")
            #expect(everything.contains(/0x[0-9A-F]{8}/))
            #expect(everything.contains(/[a-z0-9-]+\.[a-z]+\.local/))
            #expect(everything.contains(/KB50\d{5}/))
            #expect(!everything.contains(/\{[a-z_0-9]+\}/), "every template slot is filled")
            let detail = try await sim.get("/api/Tickets/1010", token: token).object()
            let html = try #require(detail["details_html"] as? String)
            #expect(html.contains("<p>") && html.contains("<ul><li>") && html.contains("<br>"))
            var privateNotes = 0, timeLogged = 0.0
            for id in 1001...1040 {
                let actions = try await sim.get("/api/Actions?ticket_id=\(id)", token: token).object()["actions"] as? [[String: Any]] ?? []
                privateNotes += actions.filter { $0["hiddenfromuser"] as? Bool == true }.count
                timeLogged += actions.compactMap { $0["timetaken"] as? Double }.reduce(0, +)
            }
            #expect(privateNotes > 0)
            #expect(timeLogged > 0)
        }
    }

    @Test("generated tickets are consistent with their workflow history and actions")
    func consistency() async throws {
        try await SimulatorHarness.run(tickets: 60) { sim in
            let token = try await sim.serviceToken()
            for id in 1001...1060 {
                let ticket = try await sim.get("/api/Tickets/\(id)", token: token).object()
                let actions = try await sim.get("/api/Actions?ticket_id=\(id)", token: token).object()["actions"] as? [[String: Any]] ?? []
                let history = ticket["workflow_history"] as? [[String: Any]] ?? []
                #expect(actions.first?["outcome"] as? String == "Logged")
                #expect(actions.last?["datetime"] as? String == ticket["lastactiondate"] as? String)
                #expect(actions.last?["new_status"] as? Int == ticket["status_id"] as? Int)
                #expect((history.last?["moved_to"] as? Int ?? 1) == ticket["workflow_step"] as? Int)
                for entry in history {
                    let action = actions.first { $0["id"] as? Int == entry["action_id"] as? Int }
                    #expect(action != nil, "history points at an existing action")
                }
                #expect((ticket["status_id"] as? Int == 9) == (ticket["dateclosed"] is String))
            }
        }
    }

    @Test("100 000 tickets generate and page")
    func largeDataset() async throws {
        try await SimulatorHarness.run(tickets: 100_000) { sim in
            let token = try await sim.serviceToken()
            let last = try await sim.get("/api/Tickets?pageinate=true&page_size=100&page_no=1000", token: token).object()
            #expect(last["record_count"] as? Int == 100_000)
            #expect((last["tickets"] as? [[String: Any]])?.last?["id"] as? Int == 101_000)
            #expect(try await sim.get("/api/Tickets/101000", token: token).status == 200)
        }
    }
}
