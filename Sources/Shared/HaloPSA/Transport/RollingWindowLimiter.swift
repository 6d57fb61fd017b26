import Synchronization

/// Keeps a HaloPSA tenant under "N requests per rolling window" exactly, as HaloPSA counts them
/// (halopsa-api.md §8.3: a rolling 5-minute window per tenant).
///
/// A request may start once the request N places before it started at least one window ago; callers
/// over the limit wait their turn (in call order) instead of failing. Unlike a token bucket holding
/// N tokens, which lets 2N requests through in one window (a full bucket, then a window's refill),
/// this never exceeds N in any window, while still allowing the full N.
public final class RollingWindowLimiter: Sendable {
    private struct State {
        /// Start times granted to the last `limit` requests, oldest first (a ring).
        var grants: [ContinuousClock.Instant]
        var oldest = 0
    }

    private let limit: Int
    private let window: Duration
    private let state: Mutex<State>

    /// A limiter allowing `limit` requests per `window` seconds.
    public init(limit: Int, window: Double) {
        self.limit = max(1, limit)
        self.window = .milliseconds(Int64(window * 1000))
        let longAgo = ContinuousClock.now - .seconds(window * 2 + 1)
        state = Mutex(State(grants: Array(repeating: longAgo, count: max(1, limit))))
    }

    /// Waits until this request may start without exceeding the limit.
    public func acquire() async throws {
        let wait = reserve()
        if wait > .zero { try await Task.sleep(for: wait) }
    }

    /// Reserves the next start time and returns how long the caller must wait for it.
    func reserve(now: ContinuousClock.Instant = .now) -> Duration {
        state.withLock { state in
            let start = max(now, state.grants[state.oldest] + window)
            state.grants[state.oldest] = start
            state.oldest = (state.oldest + 1) % limit
            return now.duration(to: start)
        }
    }
}

/// One limiter per tenant for the whole process, so every client of a tenant shares its limit.
enum TenantRateLimiters {
    private static let limiters = Mutex<[String: RollingWindowLimiter]>([:])

    static func limiter(for settings: HaloSettings) -> RollingWindowLimiter {
        let key = "\(settings.tenantKey)#\(settings.rateLimit)/\(settings.rateWindow)"
        return limiters.withLock { limiters in
            if let limiter = limiters[key] { return limiter }
            let limiter = RollingWindowLimiter(limit: settings.rateLimit, window: settings.rateWindow)
            limiters[key] = limiter
            return limiter
        }
    }
}
