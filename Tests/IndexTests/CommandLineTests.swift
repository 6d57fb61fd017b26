import Foundation
import HMCPIndex
import HMCPTesting
import Testing

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
}
