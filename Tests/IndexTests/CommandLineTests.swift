import Foundation
import HMCPIndex
import HMCPTesting
import Testing
@testable import Shared

/// `hmcp-index` as cron and operators run it: exit codes and what needs which settings.
@Suite("hmcp-index command line", .timeLimit(.minutes(2)))
struct CommandLineTests {
    static func withDataFolder(_ body: (URL, [String: String]) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try await body(root, ["HMCP_DATA_DIR": root.path, "HMCP_ENV_FILE": root.appendingPathComponent("none.env").path])
    }

    @Test func statusNeedsNoHaloSettings() async throws {
        try await Self.withDataFolder { _, environment in
            let child = try ChildProcess("hmcp-index", arguments: ["status"], environment: environment)
            #expect(try await child.wait(timeout: .seconds(60)) == ExitStatus.success, "\(child.text)")
            #expect(child.text.contains("live version: none yet"))
            #expect(child.text.contains("queue: 0 pending"))
        }
    }

    @Test func runWithoutTheServiceAccountStopsWithOneLineNamingIt() async throws {
        try await Self.withDataFolder { _, environment in
            let child = try ChildProcess(
                "hmcp-index", arguments: ["run"], environment: environment.merging(["HMCP_HALO_URL": "http://127.0.0.1:9"]) { $1 })
            #expect(try await child.wait(timeout: .seconds(60)) == ExitStatus.configuration)
            #expect(child.text.contains("HMCP_EMBED_CLIENT_ID"))
            #expect(child.text.split(separator: "\n").count == 1, "\(child.text)")
        }
    }

    @Test func importRefusesAnIndexOfAnotherModelAndAcceptsItsOwn() async throws {
        try await Self.withDataFolder { root, environment in
            let model = ["HMCP_EMBED_PROVIDER": "ollama", "HMCP_EMBED_MODEL": "fixture-model", "HMCP_EMBED_DIMENSION": "20"]
            let foreign = root.appendingPathComponent("foreign"), own = root.appendingPathComponent("own")
            for directory in [foreign, own] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
            try IndexFormatFixtures.writeVersion(in: foreign)
            var build = IndexFormatFixtures.build
            build.modelID = "ollama:fixture-model"
            try IndexFormatFixtures.writeVersion(in: own, build: build)
            let refused = try ChildProcess("hmcp-index", arguments: ["import", foreign.path], environment: environment.merging(model) { $1 })
            #expect(try await refused.wait(timeout: .seconds(60)) == ExitStatus.failure)
            #expect(refused.text.contains("index was built with model local:test-model, but ollama:fixture-model is in use"), "\(refused.text)")
            let accepted = try ChildProcess("hmcp-index", arguments: ["import", own.path], environment: environment.merging(model) { $1 })
            #expect(try await accepted.wait(timeout: .seconds(60)) == ExitStatus.success, "\(accepted.text)")
            #expect(accepted.text.contains("imported as v1, now live"))
        }
    }
}
