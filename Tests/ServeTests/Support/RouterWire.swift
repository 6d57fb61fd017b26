import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// MCP over Streamable HTTP through Hummingbird's router test client: the same messages
/// ``MCPWire`` posts over loopback, without a socket.
struct RouterWire {
    let client: any TestClientProtocol
    let token: String

    /// One answer: its status, headers and the JSON-RPC messages its event stream carried.
    struct Answer {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var messages: [[String: Any]] { MCPWire.events(body) }
        /// The result or error of the JSON-RPC response in the stream.
        var response: [String: Any]? { messages.first { $0["id"] != nil } }
    }

    /// POSTs `message` (raw JSON text) to `/mcp`, in `session` when given.
    func post(json message: String, session: String? = nil, extraHeaders: HTTPFields = [:]) async throws -> Answer {
        var headers: HTTPFields = [
            .authorization: "Bearer \(token)", .contentType: "application/json", .accept: "application/json, text/event-stream",
        ]
        if let session { headers[HTTPField.Name("Mcp-Session-Id")!] = session }
        headers.append(contentsOf: extraHeaders)
        return try await client.execute(uri: "/mcp", method: .post, headers: headers, body: ByteBuffer(string: message)) {
            Answer(status: $0.status, headers: $0.headers, body: String(buffer: $0.body))
        }
    }

    /// POSTs a JSON object to `/mcp`.
    func post(_ message: [String: Any], session: String? = nil) async throws -> Answer {
        try await post(json: String(decoding: try JSONSerialization.data(withJSONObject: message), as: UTF8.self), session: session)
    }

    /// Opens a session: `initialize`, then `notifications/initialized`; returns the session id.
    func initialize() async throws -> String {
        let answer = try await post([
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": [
                "protocolVersion": "2025-11-25", "capabilities": [:] as [String: Any],
                "clientInfo": ["name": "router-test", "version": "1"],
            ],
        ])
        guard answer.status == .ok, let session = answer.headers[HTTPField.Name("Mcp-Session-Id")!], answer.response?["result"] != nil
        else { throw StackError("initialize failed: \(answer.status) \(answer.body)") }
        let initialized = try await post(["jsonrpc": "2.0", "method": "notifications/initialized"], session: session)
        guard initialized.status == .accepted else { throw StackError("initialized notification: \(initialized.status)") }
        return session
    }

    /// Calls tool `name` with `arguments` in `session`; returns the `result` object.
    func callTool(_ name: String, _ arguments: [String: Any], session: String, id: Int = 2) async throws -> [String: Any] {
        let answer = try await post(
            ["jsonrpc": "2.0", "id": id, "method": "tools/call", "params": ["name": name, "arguments": arguments]], session: session)
        guard let result = answer.response?["result"] as? [String: Any] else {
            throw StackError("tools/call \(name): \(answer.status) \(answer.body)")
        }
        return result
    }
}
