import Foundation
import HMCPIndex
import HMCPTesting
import HaloSim
import Shared
import Testing

/// `kill -9` of the indexer at random moments never leaves a broken index live, and the next run
/// succeeds and is correct.
@Suite("Indexer crash safety", .timeLimit(.minutes(10)))
struct IndexerCrashTests {
    @Test func killNineAtRandomMomentsNeverBreaksTheLiveIndex() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try await withSimulator(tickets: 400) { sim in
            let data = root.appendingPathComponent("data")
            let environment = embeddings.indexerEnvironment(haloURL: sim.baseURL, data: data).merging([
                "HMCP_ENV_FILE": root.appendingPathComponent("none.env").path, "HMCP_LOG_LEVEL": "error",
            ]) { _, new in new }
            let directory = IndexDirectory(dataDirectory: data)

            // A first complete version, and how long a full run takes here.
            let started = ContinuousClock.now
            let first = try ChildProcess("hmcp-index", arguments: ["run", "--full"], environment: environment)
            #expect(try await first.wait() == 0, "\(first.text)")
            let runTime = started.duration(to: .now)
            let reference = try IndexerEndToEndTests.rows(of: try #require(try directory.current()))

            var generator = SystemRandomNumberGenerator()
            for attempt in 0..<12 {
                let arguments = attempt.isMultiple(of: 3) ? ["run"] : ["run", "--full"]
                let child = try ChildProcess("hmcp-index", arguments: arguments, environment: environment)
                // The kill lands at a random point of a real run: real time is what picks the point.
                let fraction = Double.random(in: 0.02...0.98, using: &generator)
                try await Task.sleep(for: runTime * fraction)
                child.kill()
                let live = try #require(try directory.current(validation: .full), "after kill \(attempt) nothing is live")
                #expect(try IndexerEndToEndTests.rows(of: live) == reference, "after kill \(attempt) the live version is incomplete")
            }

            let last = try ChildProcess("hmcp-index", arguments: ["run", "--full"], environment: environment)
            #expect(try await last.wait() == 0, "\(last.text)")
            let live = try #require(try directory.current(validation: .full))
            #expect(try IndexerEndToEndTests.rows(of: live) == reference)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.root.path).filter { $0.hasPrefix(".tmp-") }
            #expect(leftovers.isEmpty, "stale builds are cleaned up by the next run")
            #expect(directory.versions().count <= 3, "old versions are pruned")
        }
    }

    @Test func secondIndexerIsRefusedWhileOneRuns() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = IndexDirectory(dataDirectory: root)
        let held = try directory.acquire()
        defer { held.release() }
        let environment = [
            "HMCP_HALO_URL": "http://127.0.0.1:9", "HMCP_EMBED_CLIENT_ID": "x", "HMCP_EMBED_CLIENT_SECRET": "y",
            "HMCP_DATA_DIR": root.path, "HMCP_ENV_FILE": root.appendingPathComponent("none.env").path,
            "HMCP_EMBED_PROVIDER": "openai", "HMCP_EMBED_API_URL": "http://127.0.0.1:9/v1",
        ]
        let child = try ChildProcess("hmcp-index", arguments: ["run"], environment: environment)
        #expect(try await child.wait(timeout: .seconds(60)) == ExitStatus.locked)
        #expect(child.text.contains("another indexer is running"))
    }
}
