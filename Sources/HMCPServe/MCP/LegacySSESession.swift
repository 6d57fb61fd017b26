import Foundation
import Logging
import MCP
import Shared

/// One classic HTTP+SSE session (MCP 2024-11-05): the SDK `Transport` the SDK lacks for this style.
///
/// The client holds one GET stream open; it posts messages to `/messages?sessionId=…` and every
/// server message (replies, errors, notifications) travels on the stream as `event: message`. The
/// session also tells the SDK which HTTP request carried each request id, so tools find their caller.
actor LegacySSESession: Transport, HTTPContextProviding, ManagedSession {
    /// Most requests of one session that may await their replies at once.
    static let maximumPendingRequests = 32

    nonisolated let id: String
    nonisolated let owner: Int
    nonisolated let logger: Logger
    /// The tool narrowing the `GET /sse` that opened the session asked for; every message keeps it.
    nonisolated let openingNarrowing: ToolPolicy
    /// The event stream the client holds open.
    nonisolated let outbound = OutboundEventStream()
    private let incoming: AsyncThrowingStream<Data, any Swift.Error>
    private let incomingContinuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation
    private let scopes = RequestScopes()
    private var requests: [String: (context: MCP.HTTPRequest, tag: String)] = [:]
    private let clock: any InstantSource
    private var lifecycle: SessionLifecycle
    private var server: Server?

    private init(id: String, owner: Int, openingNarrowing: ToolPolicy, clock: any InstantSource, logger: Logger) {
        self.clock = clock
        lifecycle = SessionLifecycle(now: clock.now)
        self.id = id
        self.owner = owner
        self.openingNarrowing = openingNarrowing
        self.logger = logger
        (incoming, incomingContinuation) = AsyncThrowingStream<Data, any Swift.Error>.makeStream()
    }

    /// A started session with the id `id`, owned by `owner`, keeping the tool narrowing its opening request
    /// asked for and timing its activity by `clock`.
    static func open(
        id: String, owner: Int, openingNarrowing: ToolPolicy, core: MCPCore, clock: any InstantSource, logger: Logger
    ) async throws -> LegacySSESession {
        let session = LegacySSESession(id: id, owner: owner, openingNarrowing: openingNarrowing, clock: clock, logger: logger)
        let server = await core.makeServer { [scopes = session.scopes] in scopes.current() }
        try await server.start(transport: session)
        await session.attach(server)
        return session
    }

    private func attach(_ server: Server) {
        self.server = server
        lifecycle.handle(.initialized, at: clock.now)
    }

    // MARK: Transport

    /// Nothing to do: the stream is open once the session exists.
    func connect() async throws {}

    /// Ends the session.
    func disconnect() async {
        finish()
    }

    /// Writes a server message to the stream; a response also ends its request's scope.
    func send(_ data: Data) async throws {
        if case .success(let envelope) = JSONRPCEnvelope.parse(data), case .response(let id) = envelope.kind,
            let finished = requests.removeValue(forKey: id)
        {
            scopes.remove(finished.tag)
        }
        outbound.yield(SSEFrame.message(data))
    }

    /// The messages the client posted.
    func receive() -> AsyncThrowingStream<Data, any Swift.Error> { incoming }

    // MARK: HTTPContextProviding

    /// The HTTP request that carried request `id`, while it is being handled.
    func httpRequestContext(for id: ID) -> MCP.HTTPRequest? {
        requests[id.description]?.context
    }

    // MARK: Posting

    /// Accepts one message posted by `caller` (the reply goes on the stream); `false` if the session ended.
    /// - Throws: a 429 rejection when ``maximumPendingRequests`` requests already await their replies.
    func accept(_ request: MCP.HTTPRequest, body: Data, envelope: JSONRPCEnvelope, caller: AuthenticatedCaller)
        throws(JSONRPCRejection) -> Bool
    {
        guard lifecycle.handle(.requestReceived, at: clock.now) else { return false }
        if case .request(let requestID, _) = envelope.kind {
            guard requests.count < Self.maximumPendingRequests else {
                throw JSONRPCRejection(
                    status: .tooManyRequests, code: -32000,
                    message: "Too many requests in flight: \(Self.maximumPendingRequests) on this session already await "
                        + "their replies; wait for some before sending more")
            }
            let narrowing = openingNarrowing.narrowed(by: .requested(by: request.headers))
            let tag = scopes.register(
                RequestScope(caller: caller, narrowing: narrowing) { [outbound] in
                    outbound.yield(SSEFrame.message($0))
                })
            requests[requestID] = (HTTPAdapter.tagged(request, with: tag), tag)
        }
        incomingContinuation.yield(body)
        return true
    }

    // MARK: ManagedSession

    /// Whether the session has idled out: no message posted for `timeout`, even with its stream open.
    func isIdle(at now: ContinuousClock.Instant, timeout: Duration) -> Bool {
        lifecycle.isIdle(at: now, timeout: timeout)
    }

    /// Ends the session: stops the server and closes the stream.
    func close(_ reason: SessionCloseReason) async {
        guard !lifecycle.isClosed else { return }
        lifecycle.handle(.close(reason), at: clock.now)
        let server = self.server
        self.server = nil
        finish()
        await server?.stop()
    }

    private func finish() {
        incomingContinuation.finish()
        outbound.finish()
        for (_, request) in requests { scopes.remove(request.tag) }
        requests.removeAll()
    }
}
