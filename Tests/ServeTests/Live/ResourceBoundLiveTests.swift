import Foundation
import HMCPTesting
@testable import HMCPServe
import Testing

/// Connections, sessions, replay memory and the sign-in endpoints are bounded.
@Suite(.timeLimit(.minutes(3))) struct ResourceBoundsLiveTests {
    private func signedIn(_ stack: LiveStack, agent index: Int = 0) async throws -> MCPWire {
        // A token for the server root: these tests use both transports with one sign-in.
        let tokens = try await OAuthDriver(stack: stack, resourcePath: "").tokens(for: stack.simulator.seeded.agents[index].username)
        return MCPWire(stack: stack, token: tokens.access)
    }

    private static func port(of stack: LiveStack) throws -> Int {
        try #require(stack.baseURL.split(separator: ":").last.flatMap { Int($0) })
    }

    /// The `id:` of the first event of an event-stream body (the priming event).
    private static func firstEventID(_ body: String) -> String? {
        body.split(separator: "\n").first { $0.hasPrefix("id: ") }.map { String($0.dropFirst(4)) }
    }

    @Test func idleConnectionsAreClosed() async throws {
        try await withLiveStack(server: { $0.httpIdleTimeoutSeconds = 1 }) { stack in
            let port = try Self.port(of: stack)
            #expect(try await IdleConnectionProbe.serverCloses(port: port, within: .seconds(20)))
        }
    }

    @Test func aLongSessionKeepsOnlyRecentEventsForReplay() async throws {
        try await withLiveStack { stack in
            let wire = try await signedIn(stack)
            let (session, _) = try await wire.initialize()
            let first = try await wire.request("tools/list", session: session)
            let firstEvent = try #require(Self.firstEventID(first.reply.body))
            var lastEvent = firstEvent
            for id in 3...60 {
                let reply = try await wire.request("tools/list", id: id, session: session).reply
                #expect(reply.status == 200)
                lastEvent = try #require(Self.firstEventID(reply.body))
            }
            var headers = wire.headers(session: session)
            let gone = try await stack.http.send(.GET, stack.baseURL + "/mcp", headers: headers + [("Last-Event-ID", firstEvent)])
            #expect(gone.status == 400)
            headers.append(("Last-Event-ID", lastEvent))
            let resumed = try await stack.http.send(.GET, stack.baseURL + "/mcp", headers: headers)
            #expect(resumed.status == 200)
            let replayed = MCPWire.events(resumed.body)
            #expect(replayed.count == 1)
            #expect((replayed.first?["result"] as? [String: Any])?["tools"] != nil)
        }
    }

    @Test func sessionCapsRefuseNewSessionsAndSpareOpenOnes() async throws {
        try await withLiveStack(server: {
            $0.maxSessions = 3
            $0.maxSessionsPerAgent = 2
        }) { stack in
            let first = try await signedIn(stack, agent: 0)
            let second = try await signedIn(stack, agent: 1)
            let (kept, _) = try await first.initialize()
            let (dropped, _) = try await first.initialize()
            do {
                _ = try await first.initialize()
                Issue.record("a third session of one agent was opened")
            } catch let error as StackError {
                #expect(error.description.contains("503"))
                #expect(error.description.contains("HMCP_MAX_SESSIONS_PER_AGENT"))
            }
            let legacy = try await stack.http.send(
                .GET, stack.baseURL + "/sse", headers: [("Authorization", "Bearer \(first.token)"), ("Accept", "text/event-stream")])
            #expect(legacy.status == 503)
            #expect(try await first.request("ping", session: kept).reply.status == 200)
            _ = try await second.initialize()
            do {
                _ = try await second.initialize()
                Issue.record("a fourth session was opened")
            } catch let error as StackError {
                #expect(error.description.contains("(HMCP_MAX_SESSIONS)"))
            }
            let deleted = try await stack.http.send(.DELETE, stack.baseURL + "/mcp", headers: first.headers(session: dropped))
            #expect(deleted.status == 200)
            _ = try await second.initialize()
        }
    }

    @Test func anOpenClassicStreamDoesNotKeepAnIdleSessionAlive() async throws {
        let clock = ManualClock()
        try await withLiveStack(server: { $0.sessionIdleSeconds = 60 }, clock: clock) { stack in
            let wire = try await signedIn(stack)
            let stream = try await EventStreamReader(
                stack.http, url: stack.baseURL + "/sse",
                headers: [("Authorization", "Bearer \(wire.token)"), ("Accept", "text/event-stream")])
            #expect(stream.status == 200)
            #expect(try await stream.read(until: { $0.contains("sessionId=") }))
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(61))
            #expect(try await stream.readToEnd(timeout: .seconds(30)))
        }
    }

    @Test func anOpenGETStreamDoesNotKeepAnIdleSessionAlive() async throws {
        let clock = ManualClock()
        try await withLiveStack(server: { $0.sessionIdleSeconds = 60 }, clock: clock) { stack in
            let wire = try await signedIn(stack)
            let (session, _) = try await wire.initialize()
            let stream = try await EventStreamReader(
                stack.http, url: stack.baseURL + "/mcp", headers: wire.headers(session: session))
            #expect(stream.status == 200)
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(61))
            #expect(try await stream.readToEnd(timeout: .seconds(30)))
            #expect(try await wire.request("ping", session: session).reply.status == 404)
        }
    }

    @Test func aClassicSessionRefusesRequestsBeyondThoseAwaitingReplies() async throws {
        try await withLiveStack(server: { $0.halo.requestTimeout = 900 }) { stack in
            let wire = try await signedIn(stack)
            let stream = try await EventStreamReader(
                stack.http, url: stack.baseURL + "/sse",
                headers: [("Authorization", "Bearer \(wire.token)"), ("Accept", "text/event-stream")])
            #expect(try await stream.read(until: { $0.contains("sessionId=") }))
            let path = try #require(stream.text.split(separator: "\n").first { $0.hasPrefix("data: /messages") }?.dropFirst(6))
            func post(_ message: String) async throws -> Reply {
                try await stack.http.send(
                    .POST, stack.baseURL + path,
                    headers: [("Authorization", "Bearer \(wire.token)"), ("Content-Type", "application/json")], body: message)
            }
            let initialize = #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
            #expect(try await post(initialize).status == 202)
            #expect(try await stream.read(until: { $0.contains(#""id":0"#) }))
            #expect(try await post(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).status == 202)
            // From here on HaloPSA holds every answer for 15 minutes (and the server waits that long), so no
            // tool call can finish and free its place however slowly a loaded machine posts; stopping the
            // simulator ends the hold.
            let slow = try await stack.http.postJSON(stack.simulator.baseURL + "/_sim/faults", ["latency_ms": 900_000])
            #expect(slow.status == 200)
            let limit = LegacySSESession.maximumPendingRequests
            var statuses: [Int] = []
            for id in 1...(limit + 1) {
                statuses.append(try await post(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"get_me","arguments":{}}}"#).status)
            }
            #expect(statuses.prefix(limit).allSatisfy { $0 == 202 })
            #expect(statuses.last == 429)
        }
    }

    @Test func signInEndpointsAreRateLimitedPerAddress() async throws {
        let clock = ManualClock()
        try await withLiveStack(server: { $0.signInRateLimit = 2 }, clock: clock) { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            #expect(try await driver.authorize(clientID: client.id).reply.status == 200)
            let registration = ["redirect_uris": [OAuthDriver(stack: stack).redirectURI]]
            let refused = try await stack.http.postJSON(
                stack.baseURL + "/register", registration, headers: [("X-Forwarded-For", "203.0.113.9")])
            #expect(refused.status == 429)
            #expect(refused.header("Retry-After") == "30")
            #expect(refused.json["error"] as? String == "too_many_requests")
            let page = try await driver.authorize(clientID: client.id).reply
            #expect(page.status == 429)
            #expect(page.header("Retry-After") == "30")
            clock.advance(by: .seconds(30))
            #expect(try await stack.http.postJSON(stack.baseURL + "/register", registration).status == 201)
        }
    }

    @Test func aTrustedProxysForwardedAddressIsLimitedOnItsOwn() async throws {
        try await withLiveStack(server: {
            $0.signInRateLimit = 1
            $0.trustForwardedFor = true
        }) { stack in
            let registration = ["redirect_uris": [OAuthDriver(stack: stack).redirectURI]]
            func register(from address: String) async throws -> Int {
                try await stack.http.postJSON(
                    stack.baseURL + "/register", registration, headers: [("X-Forwarded-For", "198.51.100.1, \(address)")]
                ).status
            }
            let first = try await register(from: "203.0.113.1")
            #expect(first == 201)
            #expect(try await register(from: "203.0.113.1") == 429)
            #expect(try await register(from: "203.0.113.2") == 201)
        }
    }

    @Test func anOversizedStateIsRefused() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let page = try await driver.authorize(clientID: client.id, state: String(repeating: "s", count: 1025)).reply
            #expect(page.status == 400)
            #expect(page.header("Location") == nil)
            #expect(page.body.contains("state is longer than 1024 bytes"))
        }
    }

    @Test func anOversizedRegistrationIsRefused() async throws {
        try await withLiveStack { stack in
            let registration: [String: Any] = [
                "redirect_uris": [OAuthDriver(stack: stack).redirectURI],
                "software_statement_padding": String(repeating: "x", count: OAuthRelay.maximumRegistrationSize),
            ]
            let refused = try await stack.http.postJSON(stack.baseURL + "/register", registration)
            #expect(refused.status == 400)
            #expect(refused.json["error"] as? String == "invalid_client_metadata")
        }
    }
}
