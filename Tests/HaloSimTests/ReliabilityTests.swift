import AsyncHTTPClient
import Foundation
import HaloSim
import Testing

/// Rate limit and fault injection: the rolling-window rate limit, 429 bursts, errors, dropped connections and
/// the admin endpoints that steer them.
@Suite("Rate limit and faults")
struct ReliabilityTests {
    @Test("the rolling window answers 429 with Halo's text and Retry-After once full")
    func rateLimit() async throws {
        try await SimulatorHarness.run(tickets: 5, { $0.rateLimit = RateLimit(requests: 4, windowSeconds: 60) }) { sim in
            let token = try await sim.serviceToken()
            for _ in 0..<4 { #expect(try await sim.get("/api/Status", token: token).status == 200) }
            let limited = try await sim.get("/api/Status", token: token)
            #expect(limited.status == 429)
            #expect(limited.text == "Rate Limit Reached - 4 Requests per rolling 5 minute window")
            let retryAfter = Int(limited.headers.first(name: "Retry-After") ?? "")
            #expect(retryAfter.map { (1...60).contains($0) } == true)
            #expect(try await sim.get("/_sim/accounts", token: nil).status == 200, "admin surface is not limited")
            #expect(try await sim.send(.POST, "/_sim/ratelimit", json: "{\"enabled\": false}").status == 200)
            #expect(try await sim.get("/api/Status", token: token).status == 200)
        }
    }

    @Test("Retry-After can be switched off")
    func rateLimitWithoutRetryAfter() async throws {
        try await SimulatorHarness.run(tickets: 5, { $0.rateLimit = RateLimit(requests: 1, windowSeconds: 60, sendsRetryAfter: false) }) { sim in
            let token = try await sim.serviceToken()
            #expect(try await sim.get("/api/Status", token: token).status == 200)
            let limited = try await sim.get("/api/Status", token: token)
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "Retry-After") == nil)
        }
    }

    @Test("a window frees its slots after windowSeconds")
    func windowRolls() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            #expect(try await sim.send(.POST, "/_sim/ratelimit", json: "{\"requests\": 2, \"window_seconds\": 60}").status == 200)
            #expect(try await sim.get("/api/Status", token: token).status == 200)
            #expect(try await sim.get("/api/Status", token: token).status == 200)
            #expect(try await sim.get("/api/Status", token: token).status == 429)
            #expect(try await sim.send(.POST, "/_sim/clock", json: "{\"advance_seconds\": 30}").status == 200)
            #expect(try await sim.get("/api/Status", token: token).status == 429, "half the window later, it is still full")
            #expect(try await sim.send(.POST, "/_sim/clock", json: "{\"advance_seconds\": 30}").status == 200)
            #expect(try await sim.get("/api/Status", token: token).status == 200)
        }
    }

    @Test("a 429 burst set through /_sim/faults answers the next N API calls, then recovers")
    func burst() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let set = try await sim.send(.POST, "/_sim/faults", json: "{\"burst_429\": 2, \"retry_after\": 1}")
            #expect(try set.object()["burst_429"] as? Int == 2)
            for _ in 0..<2 {
                let answer = try await sim.get("/api/Tickets", token: token)
                #expect(answer.status == 429)
                #expect(answer.headers.first(name: "Retry-After") == "1")
            }
            #expect(try await sim.get("/api/Tickets", token: token).status == 200)
        }
    }

    @Test("a throttle rate answers that share of API calls 429 with Retry-After, drawn per request")
    func throttleRate() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let set = try await sim.send(.POST, "/_sim/faults", json: "{\"throttle_rate\": 0.5, \"retry_after\": 2}")
            #expect(try set.object()["throttle_rate"] as? Double == 0.5)
            var statuses: [Int] = []
            for _ in 0..<40 { statuses.append(try await sim.get("/api/Status", token: token).status) }
            let limited = statuses.filter { $0 == 429 }.count
            #expect(Set(statuses) == [200, 429], "only answers and throttles")
            #expect((8...32).contains(limited), "about half of 40 throttled: \(limited)")
            let stats = try await sim.get("/_sim/stats", token: nil).object()
            #expect(stats["status 429"] as? Int == limited, "the stats count the 429s apart")
            #expect(stats["total"] as? Int == (stats["/api/status"] as? Int ?? -1) + (stats["/auth/token"] as? Int ?? 0))
            _ = try await sim.send(.POST, "/_sim/faults", json: "{\"throttle_rate\": 1, \"retry_after\": 2}")
            let throttled = try await sim.get("/api/Status", token: token)
            #expect(throttled.status == 429 && throttled.headers.first(name: "Retry-After") == "2")
        }
    }

    @Test("error rate 1 answers 500 with a .NET exception body; drop rate 1 closes the connection")
    func errorsAndDrops() async throws {
        try await SimulatorHarness.run(tickets: 5, { $0.faults = Faults(errorRate: 1) }) { sim in
            let token = try await sim.serviceToken()
            let failed = try await sim.get("/api/Tickets", token: token)
            #expect(failed.status == 500)
            #expect(try failed.object()["ClassName"] as? String == "System.Exception")
            _ = try await sim.send(.POST, "/_sim/faults", json: "{\"drop_rate\": 1}")
            await #expect(throws: (any Error).self) { _ = try await sim.get("/api/Tickets", token: token) }
            _ = try await sim.send(.POST, "/_sim/faults", json: "{}")
            #expect(try await sim.get("/api/Tickets", token: token).status == 200)
        }
    }

    @Test("maintenance answers the API and the token endpoint with an HTML page; the admin surface stays up")
    func maintenance() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            let set = try await sim.send(.POST, "/_sim/faults", json: "{\"maintenance_status\": 503}")
            #expect(try set.object()["maintenance_status"] as? Int == 503)
            let api = try await sim.get("/api/Tickets", token: token)
            let refresh = try await sim.send(.POST, "/auth/token", form: [("grant_type", "refresh_token")])
            for answer in [api, refresh] {
                #expect(answer.status == 503)
                #expect(answer.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true)
                #expect(answer.text.contains("<html>"))
            }
            #expect(try await sim.get("/_sim/accounts", token: nil).status == 200)
            _ = try await sim.send(.POST, "/_sim/faults", json: "{}")
            #expect(try await sim.get("/api/Tickets", token: token).status == 200)
        }
    }

    @Test("added latency delays answers")
    func latency() async throws {
        try await SimulatorHarness.run(tickets: 5, { $0.faults = Faults(addedLatencyMs: 300) }) { sim in
            let token = try await sim.serviceToken()
            let clock = ContinuousClock()
            let started = clock.now
            #expect(try await sim.get("/api/Status", token: token).status == 200)
            #expect(clock.now - started >= .milliseconds(300))
        }
    }

    @Test("stats count calls per path until reset")
    func stats() async throws {
        try await SimulatorHarness.run(tickets: 5) { sim in
            let token = try await sim.serviceToken()
            _ = try await sim.resetStats()
            for _ in 0..<3 { _ = try await sim.get("/api/Tickets/1002", token: token) }
            _ = try await sim.get("/api/Status", token: token)
            let stats = try await sim.get("/_sim/stats", token: nil).object()
            #expect(stats["/api/tickets/1002"] as? Int == 3)
            #expect(stats["GET /api/status"] as? Int == 1)
            #expect(stats["total"] as? Int == 4)
            let reset = try await sim.resetStats()
            #expect(reset["total"] as? Int == 0)
        }
    }

    @Test("stop closes the port")
    func stopCloses() async throws {
        let simulator = try await HaloSimulator.start(SimulatorConfiguration())
        let url = simulator.baseURL
        await simulator.stop()
        await simulator.stop()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        await #expect(throws: (any Error).self) {
            _ = try await client.execute(HTTPClientRequest(url: url + "/api/authinfo"), timeout: .seconds(5))
        }
        try await client.shutdown()
    }
}

extension SimulatorHarness {
    /// `POST /_sim/reset-stats`.
    func resetStats() async throws -> [String: Any] {
        try await send(.POST, "/_sim/reset-stats").object()
    }
}
