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
    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/sse") { request, _ in await openStream(request) }
        router.post("/messages") { request, _ in await post(request) }
    }

    private func openStream(_ request: Request) async -> Response {
        let caller: AuthenticatedCaller
        switch await authenticator.authenticate(request, for: .sse) {
        case .success(let authenticated): caller = authenticated
        case .failure(let rejection): return rejection.response(urls: authenticator.origin.urls)
        }
        if let accept = request.headers[.accept]?.lowercased(), !accept.contains("text/event-stream"), !accept.contains("*/*") {
            return JSONRPCRejection(status: .notAcceptable, code: -32600, message: "Not Acceptable: Accept must include text/event-stream")
                .response
        }
        let id = RandomSecret.uuid()
        let session: LegacySSESession
        do {
            session = try await LegacySSESession.open(id: id, owner: caller.agentID, core: core, logger: logger)
        } catch {
            logger.error("SSE session could not start", metadata: ["error": "\(error)"])
            return JSONRPCRejection(status: .internalServerError, code: -32603, message: "Session could not start").response
        }
        await registry.insert(session)
        await session.streamOpened()
        session.outbound.yield(SSEFrame.endpoint("/messages?sessionId=\(id)"))
        logger.info("MCP session opened", metadata: ["transport": "sse", "agent": "\(caller.agentID)"])
        let body = session.outbound.responseBody(keepAlive: keepAlive) { [registry] in
            await registry.remove(id: id)
            await session.close(.streamEnded)
        }
        return Response(status: .ok, headers: HTTPAdapter.eventStreamFields(), body: body)
    }

    private func post(_ request: Request) async -> Response {
        let caller: AuthenticatedCaller
        switch await authenticator.authenticate(request, for: .sse) {
        case .success(let authenticated): caller = authenticated
        case .failure(let rejection): return rejection.response(urls: authenticator.origin.urls)
        }
        let query = FormFields(encoded: request.uri.query)
        guard let sessionID = (try? query.value("sessionId")) ?? (try? query.value("session_id")) ?? nil else {
            return JSONRPCRejection(status: .badRequest, code: -32600, message: "sessionId query parameter required").response
        }
        guard let session = await registry.session(id: sessionID, owner: caller.agentID) else {
            return JSONRPCRejection(status: .notFound, code: -32600, message: "Session not found").response
        }
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            return JSONRPCRejection(
                status: .unsupportedMediaType, code: -32600, message: "Unsupported Media Type: Content-Type must be application/json"
            ).response
        }
        var request = request
        guard let buffer = try? await request.collectBody(upTo: StreamableHTTPEndpoint.maximumBodySize) else {
            return JSONRPCRejection(status: .contentTooLarge, code: -32600, message: "Request body too large").response
        }
        let body = Data(buffer: buffer)
        let envelope: JSONRPCEnvelope
        switch JSONRPCEnvelope.parse(body) {
        case .success(let parsed): envelope = parsed
        case .failure(let rejection): return rejection.response
        }
        guard await session.accept(HTTPAdapter.sdkRequest(request, body: body), body: body, envelope: envelope, caller: caller)
        else {
            return JSONRPCRejection(status: .notFound, code: -32600, message: "Session not found").response
        }
        return Response(status: .accepted, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "Accepted")))
    }
}
