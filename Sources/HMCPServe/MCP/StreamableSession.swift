import Foundation
import Hummingbird
import Logging
import MCP
import Shared

/// One Streamable HTTP session: our ``StreamableTransport`` and the SDK's `Server`, bound to the agent
/// who initialized it.
///
/// The transport sends notifications raised during a request to the session's GET stream (keeping the
/// latest for replay when none is open). Here every POST response stream is ours: the transport's
/// stream is copied into it and the request's tools write their progress and log notifications
/// straight into it, so they arrive on the stream of the request they belong to, before its result.
actor StreamableSession: ManagedSession {
    nonisolated let id: String
    nonisolated let owner: Int
    private let transport: StreamableTransport
    private let server: Server
    private let scopes: RequestScopes
    private let keepAlive: Duration
    private let clock: any InstantSource
    private var lifecycle: SessionLifecycle

    private init(
        id: String, owner: Int, transport: StreamableTransport, server: Server, scopes: RequestScopes,
        keepAlive: Duration, clock: any InstantSource
    ) {
        self.id = id
        self.owner = owner
        self.transport = transport
        self.server = server
        self.scopes = scopes
        self.keepAlive = keepAlive
        self.clock = clock
        lifecycle = SessionLifecycle(now: clock.now)
    }

    /// A started session with the id `id`, owned by `owner`, timing its activity by `clock`.
    static func open(
        id: String, owner: Int, core: MCPCore, keepAlive: Duration, clock: any InstantSource, logger: Logger
    ) async throws -> StreamableSession
    {
        let transport = StreamableTransport(sessionID: id, logger: logger)
        let scopes = RequestScopes()
        let server = await core.makeServer { scopes.current() }
        try await server.start(transport: transport)
        return StreamableSession(
            id: id, owner: owner, transport: transport, server: server, scopes: scopes, keepAlive: keepAlive, clock: clock)
    }

    /// Handles one HTTP request for this session (POST, GET or DELETE).
    func handle(_ request: MCP.HTTPRequest, caller: AuthenticatedCaller, envelope: JSONRPCEnvelope?) async -> Response {
        guard lifecycle.handle(.requestReceived, at: clock.now) else {
            return JSONRPCRejection(status: .notFound, code: -32600, message: "Session not found").response
        }
        let outbound = OutboundEventStream()
        var scopeTag: String?
        if case .request = envelope?.kind {
            scopeTag = scopes.register(
                RequestScope(caller: caller, narrowing: .requested(by: request.headers)) {
                    outbound.yield(SSEFrame.message($0))
                })
        }
        let tag = scopeTag
        let reply = await transport.handle(tag.map { HTTPAdapter.tagged(request, with: $0) } ?? request, envelope: envelope)
        if envelope?.isInitialize == true {
            if case .stream = reply { lifecycle.handle(.initialized, at: clock.now) }
        }
        if request.method == "DELETE", reply.statusCode == 200 {
            await close(.clientDeleted)
        }
        guard case .stream(let source, let headers) = reply else {
            if let tag { scopes.remove(tag) }
            return HTTPAdapter.response(reply)
        }
        // Only a request's response stream holds the session open; an idle GET stream does not.
        let awaitsResponse = tag != nil
        if awaitsResponse { lifecycle.handle(.streamOpened, at: clock.now) }
        outbound.pump(from: source)
        let body = outbound.responseBody(keepAlive: keepAlive) { [scopes] in
            if let tag { scopes.remove(tag) }
            if awaitsResponse { await self.streamEnded() }
        }
        return Response(status: .ok, headers: HTTPAdapter.eventStreamFields(headers), body: body)
    }

    private func streamEnded() {
        lifecycle.handle(.streamClosed, at: clock.now)
    }

    /// Whether the session has idled out.
    func isIdle(at now: ContinuousClock.Instant, timeout: Duration) -> Bool {
        lifecycle.isIdle(at: now, timeout: timeout)
    }

    /// Whether `initialize` succeeded (a failed one leaves the session to be dropped).
    var isInitialized: Bool {
        if case .active = lifecycle.state { return true }
        return false
    }

    /// Ends the session: closes its streams and stops its server.
    func close(_ reason: SessionCloseReason) async {
        guard !lifecycle.isClosed else { return }
        lifecycle.handle(.close(reason), at: clock.now)
        await server.stop()
    }
}
