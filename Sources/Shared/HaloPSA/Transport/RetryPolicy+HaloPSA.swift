extension RetryPolicy {
    /// The HaloPSA client's policy from its settings: `maxRetries` retries after the first try, waits
    /// from 0.5 s doubling to at most `maxBackoff`, each try bounded by `requestTimeout`.
    init(halo settings: HaloSettings) {
        self.init(
            maxAttempts: settings.maxRetries + 1, initialDelay: .milliseconds(500),
            maxDelay: .seconds(settings.maxBackoff), requestTimeout: .seconds(settings.requestTimeout))
    }

    /// Whether try number `attempt` (counted from 1) may be followed by another after `error`.
    /// POSTs are retried only after a 429 (HaloPSA refused them before doing anything), so nothing is created twice.
    func allowsRetry(after error: HaloAPIError, attempt: Int, isIdempotent: Bool) -> Bool {
        guard allowsRetry(afterAttempt: attempt), error.isRetryable else { return false }
        return isIdempotent || error.kind == .rateLimited
    }
}
