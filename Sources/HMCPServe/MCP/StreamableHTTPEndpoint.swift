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

    /// Registers POST, GET and DELETE on `/mcp`.
    func addRoutes(to router: Router<ServeRequestContext>) {
        let origin = authenticator.origin
        router.post("/mcp") { request, _ in await MCPRequestReading.answering(origin) { try await post(request) } }
        router.get("/mcp") { request, _ in await MCPRequestReading.answering(origin) { try await getOrDelete(request) } }
        router.delete("/mcp") { request, _ in await MCPRequestReading.answering(origin) { try await getOrDelete(request) } }
    }

    private func post(_ request: Request) async throws -> Response {
        let caller = try await MCPRequestReading.caller(of: request, for: .mcp, authenticator)
        try Self.requireAcceptBoth(request)
        try MCPRequestReading.requireJSONContent(request)
        let (body, envelope) = try await MCPRequestReading.message(request)
        let sdkRequest = HTTPAdapter.sdkRequest(request, body: body)
        guard let sessionID = request.headers[.mcpSessionID] else {
            guard envelope.isInitialize else {
                throw JSONRPCRejection(
                    status: .badRequest, code: -32600, message: "Bad Request: no Mcp-Session-Id header; start a session with initialize")
            }
            return try await initialize(sdkRequest, caller: caller, envelope: envelope)
        }
        guard let session = await registry.session(id: sessionID, owner: caller.agentID) else {
            throw MCPRequestReading.sessionNotFound
        }
        return await session.handle(sdkRequest, caller: caller, envelope: envelope)
    }

    private func initialize(_ request: MCP.HTTPRequest, caller: AuthenticatedCaller, envelope: JSONRPCEnvelope) async throws
        -> Response
    {
        let session = try await registry.opening(for: caller.agentID) {
            try await StreamableSession.open(
                id: RandomSecret.uuid(), owner: caller.agentID, core: core, keepAlive: keepAlive, clock: registry.clock,
                logger: logger)
        }
        let response = await session.handle(request, caller: caller, envelope: envelope)
        guard await session.isInitialized else {
            registry.cancelReservation(for: caller.agentID)
            await session.close(.initializeFailed)
            return response
        }
        await registry.insert(session)
        logger.info("MCP session opened", metadata: ["transport": "streamable-http", "agent": "\(caller.agentID)"])
        return response
    }

    private func getOrDelete(_ request: Request) async throws -> Response {
        let caller = try await MCPRequestReading.caller(of: request, for: .mcp, authenticator)
        guard let sessionID = request.headers[.mcpSessionID] else {
            throw JSONRPCRejection(status: .badRequest, code: -32600, message: "Bad Request: Mcp-Session-Id header required")
        }
        guard let session = await registry.session(id: sessionID, owner: caller.agentID) else {
            throw MCPRequestReading.sessionNotFound
        }
        let response = await session.handle(HTTPAdapter.sdkRequest(request, body: nil), caller: caller, envelope: nil)
        if request.method == .delete, response.status == .ok {
            await registry.remove(id: sessionID)
        }
        return response
    }

    /// 406 unless `Accept` names both JSON and event streams.
    private static func requireAcceptBoth(_ request: Request) throws {
        let accepted = (request.headers[.accept] ?? "").lowercased()
        guard accepted.contains("application/json"), accepted.contains("text/event-stream") else {
            throw JSONRPCRejection(
                status: .notAcceptable, code: -32600, message: "Not Acceptable: Accept must include application/json and text/event-stream")
        }
    }
}
