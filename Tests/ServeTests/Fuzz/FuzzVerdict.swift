import Foundation

/// Whether one answer of a fuzz case is clean: for a tool call, a JSON-RPC result (an `isError` one
/// included) or a protocol error, never an internal error nor text that leaks internals or the token;
/// for anything else, no 5xx.
enum FuzzVerdict: Sendable, Equatable {
    case result
    case toolError
    case refused
    case unclean(String)

    /// Text that must never reach a client.
    static func leaks(token: String) -> [String] {
        ["The tool failed inside the server", "Fatal error", "DecodingError", "Swift.", ".swift:", "/Sources/", token]
    }

    /// The verdict on `reply` for `expectation`.
    static func judge(_ reply: Reply, expecting expectation: FuzzRequest.Expectation, token: String) -> FuzzVerdict {
        if let leak = leaks(token: token).first(where: reply.body.contains) { return .unclean("the answer contains \"\(leak.prefix(20))\"") }
        guard case .toolAnswer(let id) = expectation else {
            return reply.status < 500 ? .refused : .unclean("HTTP \(reply.status): \(reply.body.prefix(300))")
        }
        let messages = reply.header("Content-Type")?.hasPrefix("text/event-stream") == true ? MCPWire.events(reply.body) : [reply.json]
        if reply.status == 400, let code = (messages.first?["error"] as? [String: Any])?["code"] as? Int, [-32700, -32600].contains(code) {
            return .refused
        }
        guard reply.status == 200 else { return .unclean("HTTP \(reply.status): \(reply.body.prefix(300))") }
        guard let answer = messages.first(where: { ($0["id"] as? Int) == id }) else {
            return .unclean("no JSON-RPC answer with id \(id): \(reply.body.prefix(300))")
        }
        if let error = answer["error"] as? [String: Any] {
            let code = error["code"] as? Int ?? 0
            return code == -32603 || code == 0 ? .unclean("JSON-RPC error \(code): \(error["message"] ?? "")") : .refused
        }
        guard let result = answer["result"] as? [String: Any], let content = result["content"] as? [[String: Any]], !content.isEmpty else {
            return .unclean("neither a result with content nor an error: \(reply.body.prefix(300))")
        }
        return result["isError"] as? Bool == true ? .toolError : .result
    }
}
