import Foundation
import HMCPTesting
@testable import HMCPServe
import Shared
import Testing

/// `hmcp-serve` with semantic search on starts before the indexer has published anything and when its
/// query model is missing, and says so in `/ready` and `embedding_status`; the search tools refuse
/// with a clear message and every other tool works.
@Suite(.timeLimit(.minutes(3))) struct SearchAvailabilityLiveTests {
    static func withStack(embedding: EmbeddingSettings, _ body: (LiveStack) async throws -> Void) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-availability-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await withLiveStack(server: {
            $0.semanticSearch = SemanticSearchSettings(dataDirectory: data.path, embedding: embedding, pollInterval: .milliseconds(100))
        }) { stack in try await body(stack) }
    }

    /// `/ready`'s answer: its HTTP status and its checks.
    static func readiness(_ stack: LiveStack) async throws -> (status: Int, checks: [String: String]) {
        let reply = try await stack.http.send(.GET, stack.baseURL + "/ready")
        return (reply.status, try #require(reply.json["checks"] as? [String: String], "\(reply.body)"))
    }

    /// `embedding_status` and a `semantic_search` for the administrator.
    static func askAsAdministrator(_ stack: LiveStack) async throws -> (status: [String: Any], search: [String: Any]) {
        let admin = try #require(stack.simulator.seeded.agent(id: stack.simulator.seeded.adminAgentID))
        let wire = MCPWire(stack: stack, token: try await OAuthDriver(stack: stack).tokens(for: admin.username).access)
        let (session, _) = try await wire.initialize()
        let status = try await SemanticSearchLiveTests.call(wire, session: session, "embedding_status", [:], id: 2)
        let search = try await SemanticSearchLiveTests.call(wire, session: session, "semantic_search", ["query": "printer jams"], id: 3)
        let statuses = try await SemanticSearchLiveTests.call(wire, session: session, "list_statuses", [:], id: 4)
        #expect(statuses["isError"] as? Bool != true, "other tools work: \(statuses)")
        return (try #require(status["structuredContent"] as? [String: Any], "\(status)"), search)
    }

    static func text(of result: [String: Any]) -> String {
        (result["content"] as? [[String: Any]])?.first?["text"] as? String ?? ""
    }

    @Test func withoutTheModelItStartsAndSaysSo() async throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-model-\(UUID().uuidString)").path
        try await Self.withStack(embedding: EmbeddingSettings(provider: .local, model: missing)) { stack in
            let ready = try await Self.readiness(stack)
            #expect(ready.status == 200, "HaloPSA and the state database are what readiness requires")
            #expect(ready.checks["semantic_search"] == "model_unavailable", "\(ready.checks)")

            let (status, search) = try await Self.askAsAdministrator(stack)
            #expect(status["available"] as? String == "model_unavailable")
            let problem = try #require(status["problem"] as? String)
            #expect(problem.contains("could not load its query model") && problem.contains(missing), "\(problem)")
            #expect(search["isError"] as? Bool == true)
            #expect(Self.text(of: search).contains("Semantic search is not available"), "\(search)")
        }
    }

    @Test func beforeTheFirstIndexItStartsAndSaysSo() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        try await Self.withStack(embedding: embeddings.settings) { stack in
            let ready = try await Self.readiness(stack)
            #expect(ready.status == 200)
            #expect(ready.checks["semantic_search"] == "no_index", "\(ready.checks)")

            let (status, search) = try await Self.askAsAdministrator(stack)
            #expect(status["available"] as? String == "no_index")
            #expect(status["serving_version"] == nil && status["problem"] == nil, "\(status)")
            #expect(search["isError"] as? Bool == true)
            #expect(Self.text(of: search).contains("No search index is live yet"), "\(search)")
        }
    }
}
