import Foundation
import MCP
import Shared
import Synchronization

/// What a tool call knows about the HTTP request that carried it: the authenticated caller, the tool
/// narrowing its headers asked for, and where its notifications go (the stream that will carry its response).
struct RequestScope: Sendable {
    /// Who sent the request.
    let caller: AuthenticatedCaller
    /// The tool narrowing the request asked for (`X-MCP-Readonly`, `X-MCP-Tools`; for classic SSE also
    /// what the `GET /sse` that opened the session asked for).
    let narrowing: ToolPolicy
    /// Sends a JSON-RPC notification on the request's response stream.
    let notify: @Sendable (Data) -> Void
}

/// The scopes of a session's in-flight requests, keyed by a tag we add to the request we hand the SDK.
///
/// The SDK gives a handler only the originating HTTP request (`Server.currentHandlerContext`), so the
/// tag header is how a handler finds its caller and its stream. A client-sent header of the same name
/// is always replaced.
final class RequestScopes: Sendable {
    /// The header carrying the tag inside the server (never accepted from clients).
    static let tagHeader = "x-hmcp-request-scope"

    private let scopes = Mutex<[String: RequestScope]>([:])

    /// Registers `scope` and returns its tag.
    func register(_ scope: RequestScope) -> String {
        let tag = RandomSecret.token(byteCount: 16)
        scopes.withLock { $0[tag] = scope }
        return tag
    }

    /// Forgets a finished request.
    func remove(_ tag: String) {
        _ = scopes.withLock { $0.removeValue(forKey: tag) }
    }

    /// The scope of the request the current handler is serving, if it is one of ours.
    func current() -> RequestScope? {
        guard let tag = Server.currentHandlerContext?.httpContext?.header(Self.tagHeader) else { return nil }
        return scopes.withLock { $0[tag] }
    }
}
