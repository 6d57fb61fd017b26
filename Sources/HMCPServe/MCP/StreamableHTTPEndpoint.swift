import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MCP
import Shared

/// `/mcp`: the Streamable HTTP transport (MCP 2025-03-26 … 2025-11-25).
///
/// Every request is authenticated first. A POST without a session may only be `initialize` (anything
/// else gets 400 / -32600, which is also what makes 2026-era clients fall back to the handshake); the
/// session id comes from the CSPRNG and the session belongs to the agent who created it — another
/// agent's token gets 404, as for an unknown session.
struct StreamableHTTPEndpoint: Sendable {
    let authenticator: BearerAuthenticator
    let registry: SessionRegistry<StreamableSession>
    let core: MCPCore
    let keepAlive: Duration
    let logger: Logger

    /// Largest JSON-RPC message accepted.
    static let maximumBodySize = 4 * 1024 * 1024

    /// Registers POST, GET and DELETE on `/mcp`.
    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/mcp") { request, _ in await post(request) }
        router.get("/mcp") { request, _ in await getOrDelete(request) }
        router.delete("/mcp") { request, _ in await getOrDelete(request) }
    }

    private func post(_ request: Request) async -> Response {
        let caller: AuthenticatedCaller
        switch await authenticator.authenticate(request, for: .mcp) {
        case .success(let authenticated): caller = authenticated
        case .failure(let rejection): return rejection.response(urls: authenticator.origin.urls)
        }
        if let refusal = Self.refusal(accept: request.headers[.accept], contentType: request.headers[.contentType]) {
            return refusal.response
        }
        var request = request
        guard let buffer = try? await request.collectBody(upTo: Self.maximumBodySize) else {
            return JSONRPCRejection(status: .contentTooLarge, code: -32600, message: "Request body too large").response
        }
        let body = Data(buffer: buffer)
        let envelope: JSONRPCEnvelope
        switch JSONRPCEnvelope.parse(body) {
        case .success(let parsed): envelope = parsed
        case .failure(let rejection): return rejection.response
        }
        let sdkRequest = HTTPAdapter.sdkRequest(request, body: body)
        guard let sessionID = request.headers[.mcpSessionID] else {
            guard envelope.isInitialize else {
                return JSONRPCRejection(
                    status: .badRequest, code: -32600,
                    message: "Bad Request: no Mcp-Session-Id header; start a session with initialize").response
            }
            return await initialize(sdkRequest, caller: caller, envelope: envelope)
        }
        guard let session = await registry.session(id: sessionID, owner: caller.agentID) else {
            return JSONRPCRejection(status: .notFound, code: -32600, message: "Session not found").response
        }
        return await session.handle(sdkRequest, caller: caller, envelope: envelope)
    }

    private func initialize(_ request: MCP.HTTPRequest, caller: AuthenticatedCaller, envelope: JSONRPCEnvelope) async
        -> Response
    {
        let id = RandomSecret.uuid()
        do {
            let session = try await StreamableSession.open(
                id: id, owner: caller.agentID, core: core, keepAlive: keepAlive, logger: logger)
            let response = await session.handle(request, caller: caller, envelope: envelope)
            guard await session.isInitialized else {
                await session.close(.initializeFailed)
                return response
            }
            await registry.insert(session)
            logger.info("MCP session opened", metadata: ["transport": "streamable-http", "agent": "\(caller.agentID)"])
            return response
        } catch {
            logger.error("MCP session could not start", metadata: ["error": "\(error)"])
            return JSONRPCRejection(status: .internalServerError, code: -32603, message: "Session could not start").response
        }
    }

    private func getOrDelete(_ request: Request) async -> Response {
        let caller: AuthenticatedCaller
        switch await authenticator.authenticate(request, for: .mcp) {
        case .success(let authenticated): caller = authenticated
        case .failure(let rejection): return rejection.response(urls: authenticator.origin.urls)
        }
        guard let sessionID = request.headers[.mcpSessionID] else {
            return JSONRPCRejection(status: .badRequest, code: -32600, message: "Bad Request: Mcp-Session-Id header required")
                .response
        }
        guard let session = await registry.session(id: sessionID, owner: caller.agentID) else {
            return JSONRPCRejection(status: .notFound, code: -32600, message: "Session not found").response
        }
        let response = await session.handle(HTTPAdapter.sdkRequest(request, body: nil), caller: caller, envelope: nil)
        if request.method == .delete, response.status == .ok {
            await registry.remove(id: sessionID)
        }
        return response
    }

    /// 406 unless `Accept` names both JSON and event streams; 415 unless the body is JSON.
    static func refusal(accept: String?, contentType: String?) -> JSONRPCRejection? {
        let accepted = (accept ?? "").lowercased()
        guard accepted.contains("application/json"), accepted.contains("text/event-stream") else {
            return JSONRPCRejection(
                status: .notAcceptable, code: -32600,
                message: "Not Acceptable: Accept must include application/json and text/event-stream")
        }
        let mediaType = (contentType ?? "").split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            return JSONRPCRejection(
                status: .unsupportedMediaType, code: -32600, message: "Unsupported Media Type: Content-Type must be application/json")
        }
        return nil
    }
}
