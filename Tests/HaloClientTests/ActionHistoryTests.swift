import Foundation
import HaloSim
import HMCPTesting
import Shared
import Testing

/// A ticket's history read whole despite HaloPSA's default cap of 52 actions (see `Quirks.actionListCap`), and
/// a history HaloPSA still cuts reported as incomplete.
@Suite("Action history against the capped action list", .timeLimit(.minutes(3)))
struct ActionHistoryTests {
    @Test func aHistoryLongerThanTheCapComesBackWholeInOneRequest() async throws {
        try await withSimulator(tickets: 20) { sim in
            let client = sim.client()
            let id = try await sim.ticket(withNotes: 119)
            _ = try await sim.admin("/_sim/reset-stats", post: "{}")
            let history = try await client.actions(ticketID: id, as: .serviceAccount)
            #expect(history.actions.count == 120)
            #expect(history.recordCount == 120)
            #expect(history.actions.last?.note == "Note 119")
            #expect(try await sim.count("GET", "/api/Actions") == 1)
        }
    }

    @Test func aHistoryStillShortAfterAskingForRecordCountIsMarkedIncomplete() async throws {
        try await withSimulator(tickets: 20, configure: { $0.quirks.actionCountCeiling = 30 }) { sim in
            let client = sim.client()
            let id = try await sim.ticket(withNotes: 39)
            _ = try await sim.admin("/_sim/reset-stats", post: "{}")
            let history = try await client.actions(ticketID: id, as: .serviceAccount)
            #expect(history.actions.count == 30)
            #expect(history.recordCount == 40)
            #expect(!history.isComplete)
            #expect(try await sim.count("GET", "/api/Actions") == 2, "asked again with count = record_count")
        }
    }
}
