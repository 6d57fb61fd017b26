import Foundation
import HMCPTesting
@testable import HMCPServe
import Testing

/// The server skeleton: health, readiness, graceful shutdown with open streams.
@Suite(.timeLimit(.minutes(2))) struct ServerLifecycleTests {
    @Test func healthAndReadinessReportTheirChecks() async throws {
        let clock = ManualClock()
        try await withLiveStack(clock: clock) { stack in
            let health = try await stack.http.send(.GET, stack.baseURL + "/health")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")
            let ready = try await stack.http.send(.GET, stack.baseURL + "/ready")
            #expect(ready.status == 200)
            #expect(ready.json["checks"] as? [String: String] == ["state_database": "ok", "halopsa": "ok"])
            await stack.simulator.stop()
            let cached = try await stack.http.send(.GET, stack.baseURL + "/ready")
            #expect(cached.status == 200, "a readiness answer is reused for a few seconds")
            clock.advance(by: HealthRoutes.readinessLifetime)
            let notReady = try await stack.http.send(.GET, stack.baseURL + "/ready")
            #expect(notReady.status == 503)
            #expect((notReady.json["checks"] as? [String: String])?["halopsa"] == "unreachable")
        }
    }

    @Test func shutdownClosesOpenStreamsAndStops() async throws {
        let stack = try await LiveStack.start()
        do {
            let tokens = try await OAuthDriver(stack: stack, resourcePath: "").tokens(for: stack.simulator.seeded.agents[0].username)
            let sse = try await EventStreamReader(
                stack.http, url: stack.baseURL + "/sse", headers: [("Authorization", "Bearer \(tokens.access)")])
            #expect(try await sse.read(until: { $0.contains("event: endpoint") }))
            let wire = MCPWire(stack: stack, token: tokens.access)
            let (session, _) = try await wire.initialize()
            let get = try await EventStreamReader(
                stack.http, url: stack.baseURL + "/mcp",
                headers: [("Authorization", "Bearer \(tokens.access)"), ("Accept", "text/event-stream"), ("Mcp-Session-Id", session)])
            #expect(get.status == 200)
            await stack.server.shutdown()
            #expect(try await sse.readToEnd(timeout: .seconds(10)))
            #expect(try await get.readToEnd(timeout: .seconds(10)))
            let stopped = Task { try await stack.serverTask.value }
            try await stopped.value
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }
}
