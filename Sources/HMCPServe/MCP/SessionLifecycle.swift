/// Why a session ended.
enum SessionCloseReason: String, Sendable {
    /// The client sent `DELETE /mcp`.
    case clientDeleted
    /// No request and no open stream for the idle timeout.
    case idleTimeout
    /// The classic SSE stream closed (the client left).
    case streamEnded
    /// The `initialize` request failed.
    case initializeFailed
    /// The server is shutting down.
    case shutdown
}

/// The state machine of one MCP session: initializing → active → closed. Activity is the time of the
/// last request; a request's open response stream keeps a session from idling out, a stream that only
/// waits for server messages (GET) does not.
struct SessionLifecycle: Sendable, Equatable {
    /// Where the session stands.
    enum State: Sendable, Equatable {
        /// Created by an `initialize` request that has not been answered yet.
        case initializing(since: ContinuousClock.Instant)
        /// Serving requests.
        case active(lastActivity: ContinuousClock.Instant, openStreams: Int)
        /// Ended; every later request gets 404.
        case closed(SessionCloseReason)
    }

    /// What happened.
    enum Event: Sendable {
        /// The `initialize` request was accepted.
        case initialized
        /// A request arrived.
        case requestReceived
        /// A request's response stream opened.
        case streamOpened
        /// A request's response stream ended.
        case streamClosed
        /// The session must end.
        case close(SessionCloseReason)
    }

    private(set) var state: State

    /// A session being initialized at `now`.
    init(now: ContinuousClock.Instant) {
        state = .initializing(since: now)
    }

    /// Applies `event` at `now`; returns `true` if the session is still open afterwards.
    @discardableResult
    mutating func handle(_ event: Event, at now: ContinuousClock.Instant) -> Bool {
        switch (state, event) {
        case (.closed, _):
            return false
        case (_, .close(let reason)):
            state = .closed(reason)
            return false
        case (.initializing, .initialized):
            state = .active(lastActivity: now, openStreams: 0)
        case (.initializing, _):
            break
        case (.active(_, let streams), .requestReceived), (.active(_, let streams), .initialized):
            state = .active(lastActivity: now, openStreams: streams)
        case (.active(let last, let streams), .streamOpened):
            state = .active(lastActivity: last, openStreams: streams + 1)
        case (.active(_, let streams), .streamClosed):
            state = .active(lastActivity: now, openStreams: max(streams - 1, 0))
        }
        return true
    }

    /// Whether the session has been idle (or stuck initializing) for longer than `timeout` at `now`.
    func isIdle(at now: ContinuousClock.Instant, timeout: Duration) -> Bool {
        switch state {
        case .initializing(let since): now - since > timeout
        case .active(let last, let streams): streams == 0 && now - last > timeout
        case .closed: true
        }
    }

    /// Whether the session has ended.
    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }
}
