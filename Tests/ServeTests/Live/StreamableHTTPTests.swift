import Foundation
import HMCPTesting
@testable import HMCPServe
import Testing

/// Interop checklist 13–18: the Streamable HTTP transport at `/mcp`.
@Suite(.timeLimit(.minutes(2))) struct StreamableHTTPTests {
    private func signedIn(_ stack: LiveStack, agent index: Int = 0) async throws -> MCPWire {
        let tokens = try await OAuthDriver(stack: stack).tokens(for: stack.simulator.seeded.agents[index].username)
        return MCPWire(stack: stack, token: tokens.access)
    }

    @Test func initializeNegotiatesTheVersionAndStartsASession() async throws {
        try await withLiveStack { stack in
            let wire = try await signedIn(stack)
            for (asked, answered) in [
                ("2024-11-05", "2024-11-05"), ("2025-03-26", "2025-03-26"), ("2025-06-18", "2025-06-18"),
                ("2025-11-25", "2025-11-25"), ("2026-07-28", "2025-11-25"), ("1999-01-01", "2025-11-25"),
            ] {
                let (session, result) = try await wire.initialize(protocolVersion: asked)
                #expect(result["protocolVersion"] as? String == answered)
                #expect(UUID(uuidString: session) != nil)
                let capabilities = result["capabilities"] as? [String: Any]
                #expect(capabilities?["tools"] != nil && capabilities?["logging"] != nil)
            }
        }
    }

    @Test func sessionlessRequestsGetAnOrdinaryBadRequest() async throws {
        try await withLiveStack { stack in
            let wire = try await signedIn(stack)
            let discover = try await wire.post(["jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": [:] as [String: Any]])
            #expect(discover.status == 400)
            let error = discover.json["error"] as? [String: Any]
            #expect(error?["code"] as? Int == -32600)
            let unknown = try await wire.post(["jsonrpc": "2.0", "id": 1, "method": "tools/list"], session: UUID().uuidString)
            #expect(unknown.status == 404)
        }
    }

    @Test func headersAndBodiesAreChecked() async throws {
        try await withLiveStack { stack in
            let wire = try await signedIn(stack)
            let (session, _) = try await wire.initialize()
            let auth = ("Authorization", "Bearer \(wire.token)")
            let ping = #"{"jsonrpc":"2.0","id":5,"method":"ping"}"#
            let jsonOnly = try await stack.http.send(
                .POST, stack.baseURL + "/mcp",
                headers: [auth, ("Accept", "application/json"), ("Content-Type", "application/json"), ("Mcp-Session-Id", session)],
                body: ping)
            #expect(jsonOnly.status == 406)
            let text = try await stack.http.send(
                .POST, stack.baseURL + "/mcp",
                headers: [auth, MCPWire.acceptBoth, ("Content-Type", "text/plain"), ("Mcp-Session-Id", session)], body: ping)
            #expect(text.status == 415)
            let batch = try await stack.http.send(
                .POST, stack.baseURL + "/mcp",
                headers: [auth, MCPWire.acceptBoth, ("Content-Type", "application/json"), ("Mcp-Session-Id", session)],
                body: "[\(ping)]")
            #expect(batch.status == 400)
            let version = try await stack.http.send(
                .POST, stack.baseURL + "/mcp",
                headers: [
                    auth, MCPWire.acceptBoth, ("Content-Type", "application/json"), ("Mcp-Session-Id", session),
                    ("MCP-Protocol-Version", "2031-01-01"),
                ], body: ping)
            #expect(version.status == 400)
            let notification = try await wire.post(["jsonrpc": "2.0", "method": "notifications/cancelled", "params": ["requestId": 99]], session: session)
            #expect(notification.status == 202)
            #expect(notification.body.isEmpty)
            let (pong, messages) = try await wire.request("ping", session: session)
            #expect(pong.status == 200)
            #expect(pong.header("Content-Type") == "text/event-stream")
            #expect(messages.last?["result"] != nil)
        }
    }

    @Test func progressAndLogsTravelOnTheRequestsOwnStream() async throws {
        try await withLiveStack { stack in
            let wire = try await signedIn(stack)
            let (session, _) = try await wire.initialize()
            let (_, messages) = try await wire.request(
                "tools/call", ["name": "get_me", "arguments": [:] as [String: Any], "_meta": ["progressToken": "p-1"]], id: 7,
                session: session)
            let methods = messages.map { ($0["method"] as? String) ?? "result" }
            #expect(methods == ["notifications/progress", "notifications/progress", "notifications/message", "result"])
            let progress = messages.compactMap { ($0["params"] as? [String: Any])?["progress"] as? Double }
            #expect(progress == [0, 1])
            #expect(messages.compactMap { ($0["params"] as? [String: Any])?["progressToken"] as? String } == ["p-1", "p-1"])
            #expect(messages.last?["id"] as? Int == 7)

            _ = try await wire.request("logging/setLevel", ["level": "warning"], id: 8, session: session)
            let (_, quiet) = try await wire.request("tools/call", ["name": "get_me"], id: 9, session: session)
            #expect(quiet.map { ($0["method"] as? String) ?? "result" } == ["result"])
        }
    }

    @Test func toolErrorsAreResultsAndUnknownToolsAreProtocolErrors() async throws {
        try await withLiveStack { stack in
            let wire = try await signedIn(stack)
            let (session, _) = try await wire.initialize()
            let (_, listed) = try await wire.request("tools/list", session: session)
            let tools = (listed.last?["result"] as? [String: Any])?["tools"] as? [[String: Any]]
            #expect(tools?.compactMap { $0["name"] as? String } == ToolTable.standard.excluding(SearchTools.names).tools.map(\.name))
            let (_, unknown) = try await wire.request("tools/call", ["name": "drop_tables"], session: session)
            #expect((unknown.last?["error"] as? [String: Any])?["code"] as? Int == -32602)
            let (_, badArguments) = try await wire.request("tools/call", ["name": "get_me", "arguments": ["agent": 3]], session: session)
            let result = badArguments.last?["result"] as? [String: Any]
            #expect(result?["isError"] as? Bool == true)
            let text = ((result?["content"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
            #expect(text.contains("arguments.agent is not a parameter of this tool"))
        }
    }

    @Test func getStreamIsSingleAndDeleteEndsTheSession() async throws {
        try await withLiveStack { stack in
            let wire = try await signedIn(stack)
            let (session, _) = try await wire.initialize()
            let headers = [("Authorization", "Bearer \(wire.token)"), ("Accept", "text/event-stream"), ("Mcp-Session-Id", session)]
            let stream = try await EventStreamReader(stack.http, url: stack.baseURL + "/mcp", headers: headers)
            #expect(stream.status == 200)
            #expect(stream.headers["content-type"] == "text/event-stream")
            #expect(try await stream.read(until: { $0.contains(": keep-alive") }, timeout: .seconds(5)))
            let second = try await stack.http.send(.GET, stack.baseURL + "/mcp", headers: headers)
            #expect(second.status == 409)
            let deleted = try await stack.http.send(.DELETE, stack.baseURL + "/mcp", headers: headers)
            #expect(deleted.status == 200)
            #expect(try await stream.readToEnd(timeout: .seconds(5)))
            #expect(try await wire.request("ping", session: session).reply.status == 404)
        }
    }

    @Test func sessionsBelongToTheirAgent() async throws {
        try await withLiveStack { stack in
            let owner = try await signedIn(stack, agent: 0)
            let other = try await signedIn(stack, agent: 1)
            let sameAgentOtherClient = try await signedIn(stack, agent: 0)
            let (session, _) = try await owner.initialize()
            #expect(try await other.request("ping", session: session).reply.status == 404)
            #expect(try await sameAgentOtherClient.request("ping", session: session).reply.status == 200)
            #expect(try await owner.request("ping", session: session).reply.status == 200)
        }
    }

    @Test func idleSessionsExpire() async throws {
        let clock = ManualClock()
        try await withLiveStack(server: { $0.sessionIdleSeconds = 60 }, clock: clock) { stack in
            let wire = try await signedIn(stack)
            let (session, _) = try await wire.initialize()
            #expect(try await wire.request("ping", session: session).reply.status == 200)
            // The sweeper runs every 15 s of the clock; wait for it to finish each sweep before asking.
            await clock.waitForSleepers(1)
            clock.advance(by: .seconds(59))
            await clock.waitForSleepers(1)
            #expect(try await wire.request("ping", session: session).reply.status == 200, "59 s idle is not yet too long")
            clock.advance(by: .seconds(61))
            await clock.waitForSleepers(1)
            #expect(try await wire.request("ping", session: session).reply.status == 404)
        }
    }
}
