/// What every HaloPSA request waits on before it is sent: the tenant's request budget, kept in this
/// process (``RollingWindowLimiter``) or shared by every hmcp process on the host
/// (``SharedRequestBudget``).
protocol RequestGate: Sendable {
    /// Waits until a request may start; throws `CancellationError` when the task is cancelled.
    func acquire() async throws
    /// HaloPSA answered 429 (with this `Retry-After`, if usable).
    func noteRateLimited(retryAfter: Duration?)
    /// Requests started within the current window, and the limit.
    func usage() -> HaloBudgetUsage
}

/// How much of the tenant's HaloPSA request budget is in use.
public struct HaloBudgetUsage: Sendable, Equatable {
    /// Requests started within the last window (by every process sharing the budget).
    public let inUse: Int
    /// Of those, the ones background work (the indexer) started; nil when the budget is not shared.
    public let background: Int?
    /// Requests allowed per window.
    public let limit: Int
    /// The window length.
    public let window: Duration
    /// Whether every hmcp process on the host counts against it.
    public let shared: Bool
}

extension RollingWindowLimiter: RequestGate {
    /// The retry policy backs off after a 429; the in-process limiter keeps counting as before.
    func noteRateLimited(retryAfter: Duration?) {}

    func usage() -> HaloBudgetUsage {
        HaloBudgetUsage(inUse: inUse, background: nil, limit: limit, window: window, shared: false)
    }
}

extension SharedRequestBudget: RequestGate {
    func usage() -> HaloBudgetUsage {
        let usage = try? currentUsage()
        return HaloBudgetUsage(
            inUse: usage?.inUse ?? 0, background: usage?.background, limit: limit, window: window, shared: true)
    }
}
