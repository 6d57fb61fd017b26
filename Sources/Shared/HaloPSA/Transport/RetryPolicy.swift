import Foundation

/// When and how long to wait before retrying a HaloPSA request.
struct RetryPolicy: Sendable {
    /// Retries after the first attempt.
    let maxRetries: Int
    /// First backoff, in seconds; it doubles each retry.
    let baseDelay: Double
    /// Longest single wait, in seconds.
    let maxDelay: Double

    /// Whether attempt number `attempt` (0 = first) may be followed by another after `error`.
    /// POSTs are retried only after a 429 (HaloPSA refused them before doing anything), so nothing is created twice.
    func shouldRetry(_ error: HaloAPIError, attempt: Int, isIdempotent: Bool) -> Bool {
        guard attempt < maxRetries, error.isRetryable else { return false }
        return isIdempotent || error.kind == .rateLimited
    }

    /// The wait before retry `attempt + 1`: `Retry-After` when HaloPSA sent one, else exponential with jitter.
    func delay(after error: HaloAPIError, attempt: Int) -> Double {
        if let retryAfter = error.retryAfter { return min(retryAfter.inSeconds, maxDelay) }
        let exponential = min(maxDelay, baseDelay * pow(2, Double(attempt)))
        return exponential / 2 + Double.random(in: 0...(exponential / 2))
    }
}
