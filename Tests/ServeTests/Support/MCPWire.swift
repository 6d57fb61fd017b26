import AsyncHTTPClient
import Foundation

/// Raw Streamable HTTP exchanges with `/mcp`, for tests that check the wire format itself.
struct MCPWire: Sendable {
    let stack: any RunningServer
    let token: String

    static let acceptBoth = ("Accept", "application/json, text/event-stream")

    /// Headers of a JSON-RPC POST with the bearer token and, when given, the session.
    func headers(session: String? = nil) -> [(String, String)] {
        var headers = [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json"), Self.acceptBoth]
        if let session { headers.append(("Mcp-Session-Id", session)) }
        return headers
    }

    /// POSTs `message` to `/mcp`.
    func post(_ message: [String: Any], session: String? = nil) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: message)
        return try await stack.http.send(
            .POST, stack.baseURL + "/mcp", headers: headers(session: session), body: String(decoding: data, as: UTF8.self))
    }

    /// Initializes a session and sends `notifications/initialized`; returns the session id and the result.
    func initialize(protocolVersion: String = "2025-11-25") async throws -> (session: String, result: [String: Any]) {
        let reply = try await post([
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": [
                "protocolVersion": protocolVersion, "capabilities": [:] as [String: Any],
                "clientInfo": ["name": "wire-test", "version": "1"],
            ],
        ])
        guard reply.status == 200, let session = reply.header("Mcp-Session-Id"),
            let result = Self.events(reply.body).first(where: { $0["id"] != nil })?["result"] as? [String: Any]
        else { throw StackError("initialize failed: \(reply.status) \(reply.body)") }
        let initialized = try await post(["jsonrpc": "2.0", "method": "notifications/initialized"], session: session)
        guard initialized.status == 202 else { throw StackError("initialized notification: \(initialized.status)") }
        return (session, result)
    }

    /// Sends request `method` on `session`; returns every JSON-RPC message of the response stream, in order.
    func request(_ method: String, _ params: [String: Any] = [:], id: Int = 2, session: String) async throws
        -> (reply: Reply, messages: [[String: Any]])
    {
        let reply = try await post(["jsonrpc": "2.0", "id": id, "method": method, "params": params], session: session)
        return (reply, Self.events(reply.body))
    }

    /// The JSON `data:` payloads of an event-stream body (comments and empty priming events skipped).
    static func events(_ body: String) -> [[String: Any]] {
        body.components(separatedBy: "\n\n").compactMap { event in
            let data = event.split(separator: "\n").filter { $0.hasPrefix("data:") }
                .map { $0.dropFirst(5).trimmingCharacters(in: .whitespaces) }.joined()
            guard !data.isEmpty else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any]
        }
    }
}
