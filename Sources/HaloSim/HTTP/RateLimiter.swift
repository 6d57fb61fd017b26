import Foundation
import Hummingbird
import Synchronization

/// Hosted Halo's rolling-window limit: at most `requests` accepted requests in any `windowSeconds`.
/// One window for the whole simulator (= one tenant); refused requests do not count.
final class RateLimiter: Sendable {
    private struct State {
        var limit: RateLimit?
        var accepted: [Double] = []
    }

    private let state: Mutex<State>

    /// A limiter enforcing `limit` (none when nil).
    init(limit: RateLimit?) { state = Mutex(State(limit: limit)) }

    /// The current limit.
    var limit: RateLimit? { state.withLock { $0.limit } }

    /// Replaces the limit and forgets the window.
    func update(_ limit: RateLimit?) { state.withLock { $0 = State(limit: limit) } }

    /// Admits a request at `now` (seconds), or returns the limit and the seconds until a slot frees.
    func admit(now: Double) -> (limit: RateLimit, retryAfter: Int)? {
        state.withLock { state in
            guard let limit = state.limit else { return nil }
            let windowStart = now - Double(limit.windowSeconds)
            if let firstKept = state.accepted.firstIndex(where: { $0 > windowStart }) {
                state.accepted.removeFirst(firstKept)
            } else {
                state.accepted.removeAll()
            }
            guard state.accepted.count >= limit.requests else {
                state.accepted.append(now)
                return nil
            }
            let wait = (state.accepted.first ?? now) + Double(limit.windowSeconds) - now
            return (limit, max(1, Int(wait.rounded(.up))))
        }
    }
}

/// Answers 429 once the window is full.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = SimulatorContext
    let limiter: RateLimiter
    let time: SimulatedTime

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let (limit, retryAfter) = limiter.admit(now: time.seconds) {
            throw HaloHTTPError.rateLimited(limit: limit.requests, retryAfter: limit.sendsRetryAfter ? String(retryAfter) : nil)
        }
        return try await next(request, context)
    }
}
