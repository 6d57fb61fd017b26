/// How a remote embedding provider is retried: which answers, how often, how long to wait.
public struct ProviderRetryPolicy: Sendable, Equatable {
    /// Total tries of one request (the first included).
    public var maxAttempts: Int
    /// The wait before the first retry; doubled for each later one (with jitter).
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

    /// Whether an HTTP status is worth another try: 408, 429 and every 5xx.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    /// The wait before try `attempt + 1` (attempt counts from 1): the server's `Retry-After` if it
    /// gave one, else exponential backoff with jitter; never more than `maxDelay`.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxDelay) }
        let exponential = initialDelay * (1 << min(attempt - 1, 16))
        return min(exponential * Double.random(in: 0.5...1.0), maxDelay)
    }
}
