import Shared

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
///
/// A session is opened through ``opening(for:_:)``, which takes it a slot of the shared
/// ``SessionQuota``; the slot is given back when the session is removed (or with
/// ``cancelReservation(for:)`` when it never became usable).
actor SessionRegistry<Session: ManagedSession> {
    private let quota: SessionQuota
    private var sessions: [String: Session] = [:]
    /// What tells the sessions' activity times, and so when they idle out.
    nonisolated let clock: any InstantSource

    /// An empty registry whose sessions count against `quota` and tell time by `clock`.
    init(quota: SessionQuota, clock: any InstantSource) {
        self.quota = quota
        self.clock = clock
    }

    /// The session `open` creates for `owner`, within the caps: throws the 503 that names the cap
    /// reached before opening anything, and gives the slot back if opening fails.
    nonisolated func opening(for owner: Int, _ open: () async throws -> Session) async throws -> Session {
        try quota.reserve(for: owner)
        do {
            return try await open()
        } catch {
            quota.release(for: owner)
            throw error
        }
    }

    /// Gives back the slot of a session that opened but never became usable.
    nonisolated func cancelReservation(for owner: Int) {
        quota.release(for: owner)
    }

    /// Adds a session whose slot was reserved.
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
        guard let session = sessions.removeValue(forKey: id) else { return }
        quota.release(for: session.owner)
    }

    /// How many sessions are open.
    var count: Int { sessions.count }

    /// Closes and removes the sessions idle at `now`; returns how many.
    @discardableResult
    func closeIdle(at now: ContinuousClock.Instant, timeout: Duration) async -> Int {
        var closed = 0
        for (id, session) in sessions where await session.isIdle(at: now, timeout: timeout) {
            remove(id: id)
            await session.close(.idleTimeout)
            closed += 1
        }
        return closed
    }

    /// Closes every session (shutdown).
    func closeAll() async {
        let all = sessions.values
        for session in all {
            remove(id: session.id)
            await session.close(.shutdown)
        }
    }
}
