/// How a request to a remote service is tried again: how many tries, each try's deadline, and the
/// wait between tries (the server's `Retry-After` when it sent one, capped; else exponential backoff
/// with jitter). The HaloPSA client and the remote embedding providers both use it; each decides for
/// itself which failures are worth another try.
public struct RetryPolicy: Sendable, Equatable {
    /// Total tries of one request (the first included).
    public var maxAttempts: Int
    /// The ceiling of the wait before the first retry; doubled for each later one.
    public var initialDelay: Duration
    /// The longest wait, also the cap on a server's `Retry-After`.
    public var maxDelay: Duration
    /// The deadline of each single try.
    public var requestTimeout: Duration

    /// A policy; the defaults suit a hosted API (4 tries, 0.5 s doubling to at most 30 s, 60 s per try).
    public init(
        maxAttempts: Int = 4, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        requestTimeout: Duration = .seconds(60)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.requestTimeout = requestTimeout
    }

    /// Whether another try may follow try number `attempt` (counted from 1).
    public func allowsRetry(afterAttempt attempt: Int) -> Bool {
        attempt < maxAttempts
    }

    /// The wait before try `attempt + 1` (attempt counts from 1): the server's `Retry-After` if it gave
    /// one, else a random wait between half and all of `initialDelay` doubled per earlier retry; never
    /// more than `maxDelay`.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxDelay) }
        let ceiling = min(initialDelay * (1 << min(max(attempt - 1, 0), 16)), maxDelay)
        return ceiling * Double.random(in: 0.5...1.0)
    }
}
