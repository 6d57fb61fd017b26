import Foundation
import HaloSim
import HMCPTesting
import Logging
import Shared
import Synchronization
import Testing

/// Permission checks against the simulator: what a search of a narrow agent costs in HaloPSA requests
/// ticket by ticket and in batches, that both answer the same, the fallback when HaloPSA ignores the
/// batch filter, and that a refused token ends the check instead of hiding everything.
@Suite("Permission checks against the simulator", .timeLimit(.minutes(3)))
struct PermissionCheckTests {
    /// Keeps the warnings logged.
    final class Warnings: Sendable {
        let messages = Mutex<[String]>([])

        var logger: Logger {
            Logger(label: "test.permissions") { _ in Handler(warnings: self) }
        }

        struct Handler: LogHandler {
            let warnings: Warnings
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .warning
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                warnings.messages.withLock { $0.append(event.message.description) }
            }
        }
    }

    /// A signed-in client-restricted agent: the client, their credential, every ticket id in order and
    /// the ids they may see.
    private func restrictedAgent(_ sim: SimulatorHarness) async throws -> (HaloClient, HaloCredential, [Int], Set<Int>) {
        let client = sim.client()
        let agent = try #require(sim.simulator.seeded.agent(id: sim.simulator.seeded.clientRestrictedAgentID))
        let token = try await sim.logIn(agent.username, client: client).accessToken
        let all = try await client.ticketIDs(as: .serviceAccount).sorted()
        let visible = Set(try #require(try await sim.admin("/_sim/visibility?agent_id=\(agent.id)")["ticket_ids"] as? [Int]))
        return (client, .user(accessToken: token), all, visible)
    }

    /// Requests the simulator saw since the last reset.
    private func requests(_ sim: SimulatorHarness) async throws -> Int {
        try await sim.admin("/_sim/stats")["total"] as? Int ?? -1
    }

    @Test func aBatchAnswersLikePerTicketChecksForAFewRequests() async throws {
        try await withSimulator(tickets: 300) { sim in
            let (client, credential, all, visible) = try await restrictedAgent(sim)
            #expect(visible.count * 10 < all.count, "the agent sees under a tenth of the tickets")
            let candidates: (Int) async throws -> [Int] = { Array(all.prefix($0)) }
            let expected = Array(all.filter(visible.contains).prefix(5))

            _ = try await sim.admin("/_sim/reset-stats", post: "{}")
            let single = try await PermissionFilter(clock: ManualClock()).visibleTickets(
                limit: 5, user: "a", candidates: candidates,
                check: .perTicket(concurrency: 8) { try await HaloPermissionChecks.visibility(of: $0, halo: client, credential: credential) })
            let singleCost = try await requests(sim)

            _ = try await sim.admin("/_sim/reset-stats", post: "{}")
            let checks = HaloPermissionChecks(logger: Logger(label: "test.permissions"))
            let batched = try await PermissionFilter(candidateCap: 300, clock: ManualClock()).visibleTickets(
                limit: 5, user: "a", candidates: candidates, check: checks.check(halo: client, credential: credential))
            let batchCost = try await requests(sim)

            #expect(single.ids == expected && batched.ids == expected)
            #expect(singleCost >= single.examined, "ticket by ticket, one request per candidate examined")
            #expect(singleCost > 50, "per-ticket checks cost \(singleCost) requests")
            #expect(batchCost == 1, "one request for every candidate examined (\(batched.examined)); batched checks cost \(batchCost)")
            #expect(try await sim.count("GET", "/api/Tickets") == batchCost)
            #expect(!checks.checksEachTicket)
        }
    }

    @Test func oneRequestAnswersAFullBatchHoweverManyTicketsAreVisible() async throws {
        try await withSimulator(tickets: 300) { sim in
            let client = sim.client()
            let admin = try #require(sim.simulator.seeded.agent(id: sim.simulator.seeded.adminAgentID))
            let credential = HaloCredential.user(accessToken: try await sim.logIn(admin.username, client: client).accessToken)
            let asked = Array(try await client.ticketIDs(as: .serviceAccount).sorted().prefix(HaloPermissionChecks.candidatesPerCheck))
            let visible = Set(try #require(try await sim.admin("/_sim/visibility?agent_id=\(admin.id)")["ticket_ids"] as? [Int]))
            let expected = visible.intersection(asked)
            #expect(asked.count == HaloPermissionChecks.candidatesPerCheck)
            #expect(expected.count > HaloClient.maxPageSize, "more visible tickets than one page of a paginated list holds")

            _ = try await sim.admin("/_sim/reset-stats", post: "{}")
            let answers = try await HaloPermissionChecks(logger: Logger(label: "test.permissions"))
                .check(halo: client, credential: credential).visibility(of: asked)
            #expect(try await requests(sim) == 1)
            #expect(Set(answers.filter { $0.value == .visible }.keys) == expected)
            #expect(answers.count == asked.count, "every id answered")
        }
    }

    @Test func anIgnoredFilterFallsBackToPerTicketChecksAndSaysSoOnce() async throws {
        try await withSimulator(tickets: 600, configure: { $0.quirks.ignoresTicketIDs = true }) { sim in
            let (client, credential, all, visible) = try await restrictedAgent(sim)
            let warnings = Warnings()
            let checks = HaloPermissionChecks(logger: warnings.logger)
            let expected = Array(all.prefix(PermissionFilter.defaultCandidateCap).filter(visible.contains).prefix(5))
            _ = try await sim.admin("/_sim/reset-stats", post: "{}")
            for user in ["a", "b"] {
                let found = try await PermissionFilter(clock: ManualClock()).visibleTickets(
                    limit: 5, user: user, candidates: { Array(all.prefix($0)) }, check: checks.check(halo: client, credential: credential))
                #expect(found.ids == expected, "the fallback answers like the batch would have")
            }
            #expect(checks.checksEachTicket)
            #expect(warnings.messages.withLock { $0 }.count == 1)
            #expect(warnings.messages.withLock { $0 }.first?.contains("ticketids") == true)
            #expect(try await sim.count("GET", "/api/Tickets") == 1, "after the first answer, no batch is tried again")
        }
    }

    @Test func aRefusedTokenIsThrownNotHidden() async throws {
        try await withSimulator(tickets: 50) { sim in
            let client = sim.client()
            let stale = HaloCredential.user(accessToken: "stale-token")
            let checks = HaloPermissionChecks(logger: Logger(label: "test.permissions"))
            for check in [
                checks.check(halo: client, credential: stale),
                .perTicket(concurrency: 2) { try await HaloPermissionChecks.visibility(of: $0, halo: client, credential: stale) },
            ] {
                let error = await #expect(throws: HaloAPIError.self) {
                    try await PermissionFilter(clock: ManualClock()).visibleTickets(limit: 5, user: "a", candidates: { Array((1...50).prefix($0)) }, check: check)
                }
                #expect(error?.kind == .unauthorized)
            }
        }
    }
}
