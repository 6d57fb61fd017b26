import Foundation
import HMCPTesting
import HaloSim
import Shared
import Testing

/// Two processes on one HaloPSA budget: an `hmcp-index` child process runs a full index while this
/// process, in the server's place, makes interactive requests through the same budget file. The
/// simulator refuses anything over its own rolling limit with 429 and nobody retries, so a run that
/// succeeds and requests that all answer show that together they never exceeded it.
@Suite("One HaloPSA budget across processes", .timeLimit(.minutes(3)))
struct SharedBudgetProcessTests {
    @Test func anIndexerRunAndAServerShareOneBudget() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-budget-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        // Ours is 6 per 3 s; the simulator's 10 leaves room for requests arriving later than they were booked
        // (this machine may be busy). Two processes each keeping 6 on their own would send 12.
        try await withSimulator(tickets: 30, configure: { $0.rateLimit = RateLimit(requests: 10, windowSeconds: 3) }) { sim in
            let data = root.appendingPathComponent("data")
            let environment = embeddings.indexerEnvironment(haloURL: sim.baseURL, data: data).merging([
                "HMCP_ENV_FILE": root.appendingPathComponent("none.env").path, "HMCP_LOG_LEVEL": "error",
                "HMCP_HALO_RATE_LIMIT": "6", "HMCP_HALO_RATE_WINDOW": "3", "HMCP_HALO_MAX_RETRIES": "0",
            ]) { _, new in new }
            var settings = sim.settings(maxRetries: 0, rateLimit: 6, rateWindow: 3)
            settings.sharedBudget = SharedBudgetSettings(path: Configuration.budgetPath(dataDirectory: data.path), role: .interactive)
            let server = HaloClient(settings: settings)
            _ = try await server.me(as: .serviceAccount)

            let indexer = try ChildProcess("hmcp-index", arguments: ["run", "--full"], environment: environment)
            var answered = 0
            var indexerSeen = 0
            for _ in 0..<16 {
                _ = try await server.tickets(pageSize: 1, as: .serviceAccount)
                answered += 1
                let usage = server.budgetUsage()
                #expect(usage.shared && usage.inUse <= 6, "\(usage)")
                indexerSeen = max(indexerSeen, usage.background ?? 0)
            }
            #expect(try await indexer.wait(timeout: .seconds(150)) == 0, "\(indexer.text)")
            #expect(answered == 16)
            #expect(indexerSeen > 0, "the indexer books in the same file")
            let seen = try await sim.admin("/_sim/stats")
            #expect((seen["total"] as? Int ?? 0) > 30 + 16, "the indexer read every ticket: \(seen)")
        }
    }
}
