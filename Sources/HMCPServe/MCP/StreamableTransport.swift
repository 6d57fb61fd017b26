import Foundation
import Logging
import MCP

/// The SDK `Transport` of one Streamable HTTP session, ours instead of the SDK's
/// `StatefulHTTPServerTransport`, which keeps every message it ever sent until the session ends. The wire
/// behaviour is the same (a response stream per request with a priming event, one GET stream for
/// server-initiated messages, `Last-Event-ID` resumption, DELETE), but only a bounded ``ReplayBuffer``
/// of recent events is kept, so memory stays flat over a long session.
actor StreamableTransport: Transport, HTTPContextProviding {
    private typealias Continuation = AsyncThrowingStream<Data, any Swift.Error>.Continuation

    /// The replay stream id of the GET stream (request ids name the others).
    private static let standaloneStreamID = "_GET_stream"

    nonisolated let logger: Logger
    private let sessionID: String
    private let validation = StandardValidationPipeline(validators: [
        AcceptHeaderValidator(mode: .sseRequired), ContentTypeValidator(), ProtocolVersionValidator(), SessionValidator(),
    ])
    private let incoming: AsyncThrowingStream<Data, any Swift.Error>
    private let incomingContinuation: Continuation
    private var initialized = false
    private var terminated = false
    private var requestStreams: [String: Continuation] = [:]
    private var requestContexts: [String: MCP.HTTPRequest] = [:]
    private var standaloneStream: Continuation?
    private var replay: ReplayBuffer

    /// A transport for the session `sessionID`, keeping `replay` for resumption.
    init(sessionID: String, replay: ReplayBuffer = ReplayBuffer(), logger: Logger) {
        self.sessionID = sessionID
        self.replay = replay
        self.logger = logger
        (incoming, incomingContinuation) = AsyncThrowingStream<Data, any Swift.Error>.makeStream()
    }

    // MARK: Transport

    /// Nothing to do: requests arrive through ``handle(_:)``.
    func connect() async throws {}

    /// Ends the session.
    func disconnect() async {
        terminate()
    }

    /// Sends a server message: a response on its request's stream (which it ends), anything else on the
    /// GET stream.
    func send(_ data: Data) async throws {
        guard !terminated else { throw MCPError.connectionClosed }
        guard case .success(let envelope) = JSONRPCEnvelope.parse(data) else {
            logger.warning("outgoing MCP message not routable: not a JSON-RPC message")
            return
        }
        guard case .response(let id) = envelope.kind else {
            deliver(data, on: Self.standaloneStreamID, to: standaloneStream)
            return
        }
        deliver(data, on: id, to: requestStreams[id])
        requestStreams.removeValue(forKey: id)?.finish()
        requestContexts[id] = nil
    }

    /// The messages the client posted.
    func receive() -> AsyncThrowingStream<Data, any Swift.Error> { incoming }

    // MARK: HTTPContextProviding

    /// The HTTP request that carried request `id`, until its response is sent.
    func httpRequestContext(for id: ID) -> MCP.HTTPRequest? {
        requestContexts[id.description]
    }

    // MARK: HTTP

    /// Answers one HTTP request of the session (POST, GET or DELETE); a POST comes with its body's
    /// envelope, parsed once by the endpoint.
    func handle(_ request: MCP.HTTPRequest, envelope: JSONRPCEnvelope?) -> MCP.HTTPResponse {
        guard !terminated else {
            return .error(statusCode: 404, .invalidRequest("Not Found: Session has been terminated"), sessionID: sessionID)
        }
        switch request.method.uppercased() {
        case "POST": return post(request, envelope: envelope)
        case "GET": return get(request)
        case "DELETE": return delete(request)
        default:
            return .error(
                statusCode: 405, .invalidRequest("Method Not Allowed"), sessionID: sessionID,
                extraHeaders: [HTTPHeaderName.allow: "GET, POST, DELETE"])
        }
    }

    private func post(_ request: MCP.HTTPRequest, envelope: JSONRPCEnvelope?) -> MCP.HTTPResponse {
        guard let body = request.body, let envelope else {
            return .error(statusCode: 400, .parseError("Invalid JSON-RPC message"), sessionID: establishedID)
        }
        if let refusal = validate(request, method: "POST", initializing: envelope.isInitialize) { return refusal }
        if envelope.isInitialize {
            guard !initialized else {
                return .error(statusCode: 400, .invalidRequest("Bad Request: Session already initialized"), sessionID: sessionID)
            }
            initialized = true
        }
        guard case .request(let id, _) = envelope.kind else {
            incomingContinuation.yield(body)
            return .accepted(headers: sessionHeaders)
        }
        let (stream, continuation) = AsyncThrowingStream<Data, any Swift.Error>.makeStream()
        requestStreams[id] = continuation
        requestContexts[id] = request
        prime(id, continuation, protocolVersion: envelope.requestedProtocolVersion ?? Self.protocolVersion(of: request))
        incomingContinuation.yield(body)
        return .stream(stream, headers: streamHeaders)
    }

    private func get(_ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        if let refusal = validate(request, method: "GET", initializing: false) { return refusal }
        if let lastEventID = request.header(HTTPHeaderName.lastEventID) { return resume(after: lastEventID, request) }
        guard standaloneStream == nil else {
            return .error(
                statusCode: 409, .invalidRequest("Conflict: Only one SSE stream is allowed per session"), sessionID: sessionID)
        }
        let (stream, continuation) = AsyncThrowingStream<Data, any Swift.Error>.makeStream()
        standaloneStream = continuation
        prime(Self.standaloneStreamID, continuation, protocolVersion: Self.protocolVersion(of: request))
        return .stream(stream, headers: streamHeaders)
    }

    private func delete(_ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        if let refusal = validate(request, method: "DELETE", initializing: false) { return refusal }
        terminate()
        return .ok(headers: sessionHeaders)
    }

    /// Replays what the stream of `lastEventID` missed and carries on with it; a request whose response
    /// was already sent gets its stream ended after the replay.
    private func resume(after lastEventID: String, _ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        guard let missed = replay.messages(after: lastEventID) else {
            return .error(statusCode: 400, .invalidRequest("Invalid Last-Event-ID"), sessionID: sessionID)
        }
        let (stream, continuation) = AsyncThrowingStream<Data, any Swift.Error>.makeStream()
        for (eventID, message) in missed.messages { continuation.yield(SSEFrame.message(message, id: eventID)) }
        prime(missed.streamID, continuation, protocolVersion: Self.protocolVersion(of: request))
        if missed.streamID == Self.standaloneStreamID {
            standaloneStream?.finish()
            standaloneStream = continuation
        } else if requestContexts[missed.streamID] != nil {
            requestStreams[missed.streamID]?.finish()
            requestStreams[missed.streamID] = continuation
        } else {
            continuation.finish()
        }
        return .stream(stream, headers: streamHeaders)
    }

    // MARK: Helpers

    private var establishedID: String? { initialized ? sessionID : nil }

    private var sessionHeaders: [String: String] {
        establishedID.map { [HTTPHeaderName.sessionID: $0] } ?? [:]
    }

    private var streamHeaders: [String: String] {
        sessionHeaders.merging([HTTPHeaderName.contentType: "text/event-stream"]) { current, _ in current }
    }

    private func validate(_ request: MCP.HTTPRequest, method: String, initializing: Bool) -> MCP.HTTPResponse? {
        validation.validate(
            request,
            context: HTTPValidationContext(
                httpMethod: method, sessionID: establishedID, isInitializationRequest: initializing,
                supportedProtocolVersions: Version.supported))
    }

    /// Records `message` for replay and writes it to `stream` (if that stream is open).
    private func deliver(_ message: Data, on streamID: String, to stream: Continuation?) {
        let eventID = replay.append(streamID: streamID, message: message)
        stream?.yield(SSEFrame.message(message, id: eventID))
    }

    /// Starts a stream with a priming event (only clients of 2025-03-26 or later understand one).
    private func prime(_ streamID: String, _ stream: Continuation, protocolVersion: String) {
        guard protocolVersion >= "2025-03-26" else { return }
        stream.yield(SSEFrame.priming(id: replay.append(streamID: streamID, message: nil)))
    }

    /// The protocol version a request's headers say (the latest when they say none).
    private static func protocolVersion(of request: MCP.HTTPRequest) -> String {
        request.header(HTTPHeaderName.protocolVersion) ?? Version.latest
    }

    private func terminate() {
        guard !terminated else { return }
        terminated = true
        for stream in requestStreams.values { stream.finish() }
        requestStreams.removeAll()
        requestContexts.removeAll()
        standaloneStream?.finish()
        standaloneStream = nil
        replay.removeAll()
        incomingContinuation.finish()
    }
}
