import Foundation
import HMCPIndex
import HMCPTesting
import Testing
@testable import Shared

/// `hmcp-index reembed` and `hmcp-index status` as an operator runs them, against the simulator and
/// the loopback embeddings service.
@Suite("hmcp-index reembed and run progress", .serialized, .timeLimit(.minutes(4)))
struct ReembedCommandTests {
    /// Runs `hmcp-index` with `arguments` and returns its JSON outcome.
    static func outcome(_ arguments: [String], environment: [String: String]) async throws -> [String: Any] {
        let child = try ChildProcess("hmcp-index", arguments: arguments + ["--json"], environment: environment)
        #expect(try await child.wait(timeout: .seconds(120)) == ExitStatus.success, "\(child.text)")
        let line = try #require(child.text.split(separator: "\n").last { $0.hasPrefix("{") }, "\(child.text)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    static func withIndexer(
        tickets: Int, _ body: ([String: String], URL, EmbeddingService) async throws -> Void
    ) async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-reembed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try await withSimulator(tickets: tickets) { halo in
            let environment = embeddings.indexerEnvironment(haloURL: halo.baseURL, data: data)
                .merging(["HMCP_ENV_FILE": data.appendingPathComponent("none.env").path]) { $1 }
            try await body(environment, data, embeddings)
        }
    }

    @Test func reembedReusesUnchangedTextsUnlessForced() async throws {
        try await Self.withIndexer(tickets: 30) { environment, data, embeddings in
            let first = try await Self.outcome(["run"], environment: environment)
            let embeddedFirst = try #require(first["chunks_embedded"] as? Int)
            #expect(embeddedFirst > 0)

            embeddings.reset()
            let unforced = try await Self.outcome(["reembed", "--all"], environment: environment)
            #expect(unforced["mode"] as? String == "full")
            #expect(unforced["tickets_fetched"] as? Int == 30)
            #expect(unforced["chunks_embedded"] as? Int == 0, "unchanged texts keep their vectors: \(unforced)")
            #expect(embeddings.texts.isEmpty)

            let forced = try await Self.outcome(["reembed", "--all", "--force"], environment: environment)
            #expect(forced["published_version"] as? Int == 3)
            #expect(forced["chunks_embedded"] as? Int == embeddedFirst, "every distinct text is embedded again: \(forced)")
            #expect(embeddings.texts.count == embeddedFirst)

            embeddings.reset()
            let ticket = try #require(try IndexDirectory(dataDirectory: data).current()?.allTickets().first?.id)
            let one = try await Self.outcome(["reembed", "--ticket", "\(ticket)", "--force"], environment: environment)
            #expect(one["mode"] as? String == "tickets")
            #expect(one["tickets_fetched"] as? Int == 1 && one["tickets_copied"] as? Int == 29, "\(one)")
            #expect((one["chunks_embedded"] as? Int ?? 0) > 0 && embeddings.texts.count == one["chunks_embedded"] as? Int)

            let neither = try ChildProcess("hmcp-index", arguments: ["reembed"], environment: environment)
            #expect(try await neither.wait(timeout: .seconds(60)) != ExitStatus.success)
            #expect(neither.text.contains("give --ticket N (repeatable) or --all"), "\(neither.text)")
        }
    }

    @Test func statusShowsTheRunInProgress() async throws {
        try await Self.withIndexer(tickets: 40) { environment, data, embeddings in
            let directory = IndexDirectory(dataDirectory: data)
            // The run stops at its first embedding request, in the indexing stage, until released.
            embeddings.hold()
            let run = try ChildProcess("hmcp-index", arguments: ["run"], environment: environment)
            #expect(await embeddings.requests.wait(for: 1), "the run never asked for an embedding; output: \(run.text)")
            let progress = try #require(IndexStatus.read(directory: directory, queue: nil).runInProgress, "\(run.text)")
            #expect(progress.stage == "indexing" && progress.total == 40 && progress.done == 0 && progress.processID == run.pid)

            let status = try ChildProcess("hmcp-index", arguments: ["status"], environment: environment)
            #expect(try await status.wait(timeout: .seconds(60)) == ExitStatus.success)
            #expect(status.text.contains("run in progress: indexing 0/40"), "\(status.text)")

            embeddings.release()
            #expect(try await run.wait(timeout: .seconds(120)) == ExitStatus.success, "\(run.text)")
            let after = IndexStatus.read(directory: directory, queue: nil)
            #expect(after.runInProgress == nil)
            #expect(after.lastRun?.succeeded == true && after.liveVersion == 1)
        }
    }

    @Test func aRecordLeftByAKilledIndexerIsNotARunInProgress() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = IndexDirectory(root: root)
        // Whole seconds: the record keeps ISO 8601 times.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        var record = RunProgress(stage: "indexing", done: 3, total: 10, startedAt: now, updatedAt: now, etaSeconds: 75)
        try record.write(in: directory)
        #expect(RunProgress.read(in: directory) == record)
        #expect(IndexStatus.read(directory: directory, queue: nil).text.contains("run in progress: indexing 3/10, ETA 1:15"))

        let ended = try ChildProcess("/bin/true")
        #expect(try await ended.wait(timeout: .seconds(10)) == 0)
        record.processID = ended.pid
        try record.write(in: directory)
        #expect(RunProgress.read(in: directory) == nil)
        RunProgress.clear(in: directory)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(RunProgress.fileName).path))
    }
}
