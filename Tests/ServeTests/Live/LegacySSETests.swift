import Foundation
import Testing

/// Interop checklist 19–20: the classic HTTP+SSE transport.
@Suite(.timeLimit(.minutes(2))) struct LegacySSETests {
    private struct Connection {
        let stream: EventStreamReader
        let messagesURL: String
        let token: String
    }

    private func connect(_ stack: LiveStack, agent index: Int = 0, headers extra: [(String, String)] = []) async throws
        -> Connection
    {
        let tokens = try await OAuthDriver(stack: stack, resourcePath: "/sse").tokens(for: stack.simulator.seeded.agents[index].username)
        let stream = try await EventStreamReader(
            stack.http, url: stack.baseURL + "/sse",
            headers: [("Authorization", "Bearer \(tokens.access)"), ("Accept", "text/event-stream")] + extra)
        #expect(stream.status == 200)
        #expect(stream.headers["content-type"] == "text/event-stream")
        #expect(try await stream.read(until: { $0.contains("\n\n") }))
        let first = stream.text.components(separatedBy: "\n\n")[0]
        let lines = first.split(separator: "\n")
        #expect(lines.first == "event: endpoint")
        let path = String(lines.last?.dropFirst("data: ".count) ?? "")
        #expect(path.hasPrefix("/messages?sessionId="))
        #expect(UUID(uuidString: String(path.dropFirst("/messages?sessionId=".count))) != nil)
        return Connection(stream: stream, messagesURL: stack.baseURL + path, token: tokens.access)
    }

    private func post(
        _ stack: LiveStack, _ connection: Connection, _ message: String, token: String? = nil, headers extra: [(String, String)] = []
    ) async throws -> Reply {
        try await stack.http.send(
            .POST, connection.messagesURL,
            headers: [("Authorization", "Bearer \(token ?? connection.token)"), ("Content-Type", "application/json")] + extra,
            body: message)
    }

    /// Whether the stream `text` holds complete answers to every request id in `ids`.
    private static func answered(_ ids: [Int], in text: String) -> Bool {
        let received = Set(MCPWire.events(text).compactMap { $0["id"] as? Int })
        return ids.allSatisfy(received.contains)
    }

    @Test func theOpeningRequestsNarrowingHoldsForEveryMessage() async throws {
        try await withLiveStack { stack in
            let connection = try await connect(stack, headers: [("X-MCP-Readonly", "true")])
            #expect(try await post(
                stack, connection,
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
            ).status == 202)
            #expect(try await post(stack, connection, #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).status == 202)
            #expect(try await post(stack, connection, #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#).status == 202)
            #expect(try await connection.stream.read(until: { Self.answered([2], in: $0) }))
            let listed = (connection.stream.messages.first { $0["id"] as? Int == 2 }?["result"] as? [String: Any])?["tools"]
            let names = (listed as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(!names.isEmpty && !names.contains("create_ticket") && names.contains("get_ticket"), "\(names)")
            let narrower = [("X-MCP-Tools", "get_me,create_ticket")]
            #expect(try await post(stack, connection, #"{"jsonrpc":"2.0","id":3,"method":"tools/list"}"#, headers: narrower).status == 202)
            let call = #"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"create_ticket","arguments":{"summary":"x"}}}"#
            #expect(try await post(stack, connection, call, headers: [("X-MCP-Readonly", "false")]).status == 202)
            #expect(try await connection.stream.read(until: { Self.answered([3, 4], in: $0) }))
            let narrowed = (connection.stream.messages.first { $0["id"] as? Int == 3 }?["result"] as? [String: Any])?["tools"]
            #expect((narrowed as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } == ["get_me"])
            let refused = connection.stream.messages.first { $0["id"] as? Int == 4 }?["error"] as? [String: Any]
            #expect(refused?["code"] as? Int == -32602, "a later message cannot lift the opening request's read-only mode")
        }
    }

    @Test func repliesTravelOnTheStreamAndPostsAreAccepted() async throws {
        try await withLiveStack { stack in
            let connection = try await connect(stack)
            let initialize = try await post(
                stack, connection,
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#)
            #expect(initialize.status == 202)
            #expect(initialize.body == "Accepted")
            #expect(try await connection.stream.read(until: { Self.answered([1], in: $0) }))
            #expect(connection.stream.text.contains("event: message\ndata: {"))
            #expect(try await post(stack, connection, #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).status == 202)
            #expect(try await post(stack, connection, #"{"jsonrpc":"2.0","id":2,"method":"server/discover"}"#).status == 202)
            #expect(try await connection.stream.read(until: { Self.answered([2], in: $0) }))
            let discover = connection.stream.messages.first { $0["id"] as? Int == 2 }
            #expect((discover?["error"] as? [String: Any])?["code"] as? Int == -32601)
            #expect(try await post(stack, connection, #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_me","_meta":{"progressToken":9}}}"#).status == 202)
            #expect(try await connection.stream.read(until: { Self.answered([3], in: $0) }))
            let call = connection.stream.messages.first { $0["id"] as? Int == 3 }
            let structured = (call?["result"] as? [String: Any])?["structuredContent"] as? [String: Any]
            #expect(structured?["id"] as? Int == stack.simulator.seeded.agents[0].id)
            #expect(connection.stream.messages.filter { $0["method"] as? String == "notifications/progress" }.count == 2)
            #expect(try await connection.stream.read(until: { $0.contains(": keep-alive") }, timeout: .seconds(5)))
        }
    }

    @Test func postsAreCheckedForSessionAndOwner() async throws {
        try await withLiveStack { stack in
            let connection = try await connect(stack, agent: 0)
            let other = try await OAuthDriver(stack: stack, resourcePath: "/sse").tokens(for: stack.simulator.seeded.agents[1].username)
            let ping = #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#
            #expect(try await post(stack, connection, ping, token: other.access).status == 404)
            let noSession = try await stack.http.send(
                .POST, stack.baseURL + "/messages",
                headers: [("Authorization", "Bearer \(connection.token)"), ("Content-Type", "application/json")], body: ping)
            #expect(noSession.status == 400)
            let unknown = try await stack.http.send(
                .POST, stack.baseURL + "/messages?sessionId=\(UUID().uuidString)",
                headers: [("Authorization", "Bearer \(connection.token)"), ("Content-Type", "application/json")], body: ping)
            #expect(unknown.status == 404)
            #expect(try await post(stack, connection, "not json").status == 400)
            let unauthenticated = try await stack.http.send(
                .POST, connection.messagesURL, headers: [("Content-Type", "application/json")], body: ping)
            #expect(unauthenticated.status == 401)
            #expect(unauthenticated.header("WWW-Authenticate")?.contains("oauth-protected-resource/sse") == true)
        }
    }
}
