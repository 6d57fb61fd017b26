import Synchronization

/// A token bucket shared by every call to one HaloPSA tenant: `capacity` requests at once, refilled at
/// `capacity / window` per second. A caller over the limit waits its turn instead of failing.
public final class TokenBucket: Sendable {
    private struct State {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let capacity: Double
    private let refillPerSecond: Double
    private let state: Mutex<State>

    /// A full bucket of `capacity` requests per `window` seconds.
    public init(capacity: Int, window: Double) {
        self.capacity = Double(capacity)
        refillPerSecond = Double(capacity) / window
        state = Mutex(State(tokens: Double(capacity), updated: .now))
    }

    /// Takes one request's token, sleeping until it is available; reservations are served in call order.
    public func acquire() async throws {
        let wait = reserve()
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) }
    }

    /// Reserves a token and returns how long (in seconds) the caller must wait for it.
    func reserve() -> Double {
        state.withLock { state in
            let now = ContinuousClock.now
            let elapsed = now - state.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            state.tokens = min(capacity, state.tokens + seconds * refillPerSecond)
            state.updated = now
            state.tokens -= 1
            return state.tokens >= 0 ? 0 : -state.tokens / refillPerSecond
        }
    }

    /// Tokens available right now (negative when callers are queued).
    public var available: Double {
        state.withLock { $0.tokens }
    }
}

/// One bucket per tenant for the whole process, so every client of a tenant shares its limit.
enum TenantRateLimiters {
    private static let buckets = Mutex<[String: TokenBucket]>([:])

    static func bucket(for settings: HaloSettings) -> TokenBucket {
        let key = "\(settings.tenantKey)#\(settings.rateLimit)/\(settings.rateWindow)"
        return buckets.withLock { buckets in
            if let bucket = buckets[key] { return bucket }
            let bucket = TokenBucket(capacity: settings.rateLimit, window: settings.rateWindow)
            buckets[key] = bucket
            return bucket
        }
    }
}
