import Foundation
import HMCPIndex
import HMCPTesting
import Logging
import Testing
@testable import Shared

/// `HMCP_METRICS_TEXTFILE`: each run replaces node_exporter's textfile with its figures.
@Suite("Index metrics textfile", .timeLimit(.minutes(2)))
struct IndexMetricsFileTests {
    /// The value of the sample of `name` whose line contains every one of `labels`.
    static func value(in text: String, _ name: String, _ labels: [String] = []) -> Double? {
        text.split(separator: "\n").first { line in
            (line.hasPrefix(name + " ") || line.hasPrefix(name + "{")) && labels.allSatisfy { line.contains($0) }
        }.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
    }

    @Test func everyRunReplacesTheTextfile() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-textfile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let file = data.appendingPathComponent("collector/hmcp_index.prom")
        try await withSimulator(tickets: 20) { halo in
            var environment = embeddings.indexerEnvironment(haloURL: halo.baseURL, data: data)
            environment["HMCP_METRICS_TEXTFILE"] = file.path
            let configuration = try Configuration(program: .index, values: ConfigurationValues(environment: environment))
            let indexer = try Indexer(configuration: configuration, logger: Logger(label: "test.index"))
            let outcome = try await indexer.run(.full)

            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(Self.value(in: text, "hmcp_index_last_run_success") == 1, "\(text)")
            #expect(Self.value(in: text, "hmcp_index_last_run_tickets", [#"mode="full""#, #"kind="fetched""#]) == 20)
            #expect(Self.value(in: text, "hmcp_index_last_run_chunks", [#"kind="embedded""#]) == Double(outcome.chunksEmbedded))
            #expect(Self.value(in: text, "hmcp_index_embed_chunks_per_second") ?? 0 > 0)
            #expect(Self.value(in: text, "hmcp_index_live_version") == 1)
            #expect(Self.value(in: text, "hmcp_index_tickets") == 20)
            let ended = try #require(Self.value(in: text, "hmcp_index_last_run_timestamp_seconds"))
            #expect(abs(ended - Date().timeIntervalSince1970) < 120)
            #expect(text.contains("# TYPE hmcp_index_last_run_success gauge"))

            // A failed run (HaloPSA unreachable) replaces it too, and the live index's figures stay.
            environment["HMCP_HALO_URL"] = "http://127.0.0.1:\(try LoopbackPort.free())"
            environment["HMCP_HALO_MAX_RETRIES"] = "0"
            environment["HMCP_HALO_TIMEOUT"] = "2"
            let broken = try Indexer(
                configuration: try Configuration(program: .index, values: ConfigurationValues(environment: environment)),
                logger: Logger(label: "test.index"))
            await #expect(throws: (any Error).self) { try await broken.run(.incremental) }
            let after = try String(contentsOf: file, encoding: .utf8)
            #expect(Self.value(in: after, "hmcp_index_last_run_success") == 0)
            #expect(Self.value(in: after, "hmcp_index_live_version") == 1)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
            #expect(leftovers == ["hmcp_index.prom"], "only the textfile, no partial file: \(leftovers)")
        }
    }
}
