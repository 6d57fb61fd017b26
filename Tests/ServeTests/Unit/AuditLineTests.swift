import Foundation
import HMCPTesting
@testable import HMCPServe
import Logging
import MCP
import Shared
import Synchronization
import Testing

/// The dispatcher writes one audit line per tool call: agent, tool, arguments (secrets redacted, long
/// strings cut), outcome and latency.
@Suite struct AuditLineTests {
    /// Keeps every log entry.
    final class Recorder: Sendable {
        let entries = Mutex<[(message: String, metadata: Logger.Metadata)]>([])

        var logger: Logger {
            var logger = Logger(label: "audit-test") { _ in Handler(recorder: self) }
            logger.logLevel = .info
            return logger
        }

        struct Handler: LogHandler {
            let recorder: Recorder
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .info
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                recorder.entries.withLock { $0.append((event.message.description, event.metadata ?? [:])) }
            }
        }
    }

    static let echo = ToolDefinition(
        name: "echo", title: "Echo", description: "Returns nothing; fails when asked to.",
        inputSchema: Schema.input(["token": Schema.string(), "note": Schema.string(), "fail": Schema.boolean()]),
        outputSchema: Schema.object([:]), annotations: .readOnly("Echo")
    ) { arguments, _ in
        if arguments.bool("fail") == true { throw ToolFailure("asked to fail") }
        return .object([:])
    }

    func call(
        _ arguments: [String: Value], recorder: Recorder, tool: ToolDefinition = echo
    ) async throws -> CallTool.Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let halo = HaloClient(settings: HaloSettings(baseURL: "http://127.0.0.1:9"))
        let grants = HaloGrantBroker(
            store: try SQLiteStateStore(path: directory.appendingPathComponent("state.sqlite").path),
            sealer: try TokenSealer(key: "audit-test-key-with-enough-characters-0123"), halo: halo, refreshMargin: 60,
            logger: recorder.logger)
        let context = ToolContext(
            caller: AuthenticatedCaller(grantID: "grant", agentID: 42, clientID: "client", scope: "mcp"), halo: halo,
            grants: grants, progressToken: nil, minimumLogLevel: .info, notify: { _ in }, logger: recorder.logger, search: nil)
        let dispatcher = ToolDispatcher(table: ToolTable([tool]), policy: ToolPolicy(), logger: recorder.logger)
        return try await dispatcher.call(.init(name: tool.name, arguments: arguments), context: context)
    }

    @Test func oneLinePerCallWithRedactedArguments() async throws {
        let recorder = Recorder()
        let note = String(repeating: "n", count: 300)
        _ = try await call(["token": "hunter2-secret-value", "note": .string(note)], recorder: recorder)
        let lines = recorder.entries.withLock { $0 }.filter { $0.message == "tool call" }
        try #require(lines.count == 1)
        let line = lines[0].metadata
        #expect(line["agent"] == "42")
        #expect(line["tool"] == "echo")
        #expect(line["outcome"] == "ok")
        #expect(line["ms"].map { Int("\($0)") != nil } == true)
        let arguments = "\(line["arguments"] ?? "")"
        #expect(arguments.contains("token=[redacted]"))
        #expect(!recorder.entries.withLock { $0 }.contains { "\($0.metadata)".contains("hunter2") })
        #expect(arguments.contains("note=\"" + String(repeating: "n", count: AuditArguments.stringLimit) + "…\""))
    }

    @Test func failuresAndBadArgumentsAreAuditedToo() async throws {
        let recorder = Recorder()
        let failed = try await call(["fail": true], recorder: recorder)
        let invalid = try await call(["colour": "red"], recorder: recorder)
        #expect(failed.isError == true && invalid.isError == true)
        let outcomes = recorder.entries.withLock { $0 }.filter { $0.message == "tool call" }.map { "\($0.metadata["outcome"] ?? "")" }
        #expect(outcomes == ["tool_error", "invalid_arguments"])
    }

    @Test func theLineCountsTheHaloPSARequestsTheCallMade() async throws {
        try await withSimulator(tickets: 20) { sim in
            let recorder = Recorder()
            let halo = sim.client()
            let lister = ToolDefinition(
                name: "lister", title: "Lister", description: "Reads two pages of tickets, in parallel.",
                inputSchema: Schema.input([:]), outputSchema: Schema.object([:]), annotations: .readOnly("Lister")
            ) { _, _ in
                async let first = halo.tickets(page: 1, pageSize: 5, as: .serviceAccount)
                async let second = halo.tickets(page: 2, pageSize: 5, as: .serviceAccount)
                _ = try await (first, second)
                return .object([:])
            }
            _ = try await sim.admin("/_sim/reset-stats", post: "{}")
            _ = try await call([:], recorder: recorder, tool: lister)
            _ = try await call([:], recorder: recorder)
            let counts = recorder.entries.withLock { $0 }.filter { $0.message == "tool call" }.map { "\($0.metadata["halo_requests"] ?? "")" }
            let seen = try #require(try await sim.admin("/_sim/stats")["total"] as? Int)
            #expect(seen >= 2, "two ticket pages, and the service token")
            #expect(counts == ["\(seen)", "0"])
        }
    }
}
