import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MCP
import Shared

/// `/sse` + `/messages`: the classic HTTP+SSE transport (MCP 2024-11-05), for clients that still use it.
///
/// `GET /sse` opens a session owned by the caller's agent and streams an `endpoint` event naming
/// `/messages?sessionId=<uuid>`, then every server message, with keep-alive comments in between.
/// `POST /messages` answers 202 for every well-formed message (replies and JSON-RPC errors go on the
/// stream); the poster's token must belong to the session's agent.
struct LegacySSEEndpoint: Sendable {
    let authenticator: BearerAuthenticator
    let registry: SessionRegistry<LegacySSESession>
    let core: MCPCore
    let keepAlive: Duration
    let logger: Logger

    /// Registers `GET /sse` and `POST /messages`.
    func addRoutes(to router: Router<ServeRequestContext>) {
        let origin = authenticator.origin
        router.get("/sse") { request, _ in await MCPRequestReading.answering(origin) { try await openStream(request) } }
        router.post("/messages") { request, _ in await MCPRequestReading.answering(origin) { try await post(request) } }
    }

    private func openStream(_ request: Request) async throws -> Response {
        let caller = try await MCPRequestReading.caller(of: request, for: .sse, authenticator)
        if let accept = request.headers[.accept]?.lowercased(), !accept.contains("text/event-stream"), !accept.contains("*/*") {
            throw JSONRPCRejection(status: .notAcceptable, code: -32600, message: "Not Acceptable: Accept must include text/event-stream")
        }
        let id = RandomSecret.uuid()
        let narrowing = ToolPolicy.requested(by: HTTPAdapter.sdkRequest(request, body: nil).headers)
        let session = try await registry.opening(for: caller.agentID) {
            try await LegacySSESession.open(
                id: id, owner: caller.agentID, openingNarrowing: narrowing, core: core, clock: registry.clock, logger: logger)
        }
        await registry.insert(session)
        session.outbound.yield(SSEFrame.endpoint("/messages?sessionId=\(id)"))
        logger.info("MCP session opened", metadata: ["transport": "sse", "agent": "\(caller.agentID)"])
        let body = session.outbound.responseBody(keepAlive: keepAlive) { [registry] in
            await registry.remove(id: id)
            await session.close(.streamEnded)
        }
        return Response(status: .ok, headers: HTTPAdapter.eventStreamFields(), body: body)
    }

    private func post(_ request: Request) async throws -> Response {
        let caller = try await MCPRequestReading.caller(of: request, for: .sse, authenticator)
        let query = FormFields(encoded: request.uri.query)
        guard let sessionID = (try? query.value("sessionId")) ?? (try? query.value("session_id")) ?? nil else {
            throw JSONRPCRejection(status: .badRequest, code: -32600, message: "sessionId query parameter required")
        }
        guard let session = await registry.session(id: sessionID, owner: caller.agentID) else {
            throw MCPRequestReading.sessionNotFound
        }
        try MCPRequestReading.requireJSONContent(request)
        let (body, envelope) = try await MCPRequestReading.message(request)
        let accepted = try await session.accept(
            HTTPAdapter.sdkRequest(request, body: body), body: body, envelope: envelope, caller: caller)
        guard accepted else { throw MCPRequestReading.sessionNotFound }
        return Response(
            status: .accepted, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "Accepted")))
    }
}
