/// A session the registry can look up, idle out and close.
protocol ManagedSession: Actor {
    /// The session id (a CSPRNG UUID).
    nonisolated var id: String { get }
    /// The HaloPSA agent the session belongs to; only their tokens may use it.
    nonisolated var owner: Int { get }
    /// Whether the session has idled out at `now`.
    func isIdle(at now: ContinuousClock.Instant, timeout: Duration) -> Bool
    /// Ends the session and its streams.
    func close(_ reason: SessionCloseReason) async
}

/// The open sessions of one transport, by id. Holds no state another replica would need: a session
/// lives on the replica its client talks to.
actor SessionRegistry<Session: ManagedSession> {
    private var sessions: [String: Session] = [:]

    /// Adds a session.
    func insert(_ session: Session) {
        sessions[session.id] = session
    }

    /// The session `id` if it belongs to `owner`; someone else's session is reported as absent.
    func session(id: String, owner: Int) -> Session? {
        guard let session = sessions[id], session.owner == owner else { return nil }
        return session
    }

    /// Removes a session (its owner closes it).
    func remove(id: String) {
        sessions[id] = nil
    }

    /// How many sessions are open.
    var count: Int { sessions.count }

    /// Closes and removes the sessions idle at `now`; returns how many.
    @discardableResult
    func closeIdle(at now: ContinuousClock.Instant, timeout: Duration) async -> Int {
        var closed = 0
        for (id, session) in sessions where await session.isIdle(at: now, timeout: timeout) {
            sessions[id] = nil
            await session.close(.idleTimeout)
            closed += 1
        }
        return closed
    }

    /// Closes every session (shutdown).
    func closeAll() async {
        let all = sessions.values
        sessions.removeAll()
        for session in all { await session.close(.shutdown) }
    }
}
