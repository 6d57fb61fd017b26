import Logging
import Synchronization

/// Keeps a HaloPSA tenant under "N requests per rolling window" exactly, as HaloPSA counts them
/// (a rolling 5-minute window per tenant).
///
/// A request may start once the request N places before it started at least one window ago; callers
/// over the limit book the next free start and wait for it (in call order) instead of failing. Unlike a
/// token bucket holding N tokens, which lets 2N requests through in one window (a full bucket, then a
/// window's refill), this never exceeds N in any window, while still allowing the full N.
///
/// A cancelled task books nothing, and a waiter cancelled before its start gives its booking back, so
/// an abandoned search does not make other callers wait.
public final class RollingWindowLimiter: Sendable {
    let limit: Int
    let window: Duration
    private let clock: any WaitingClock
    /// Booked start times (past ones within the last window, and future ones), in order.
    private let bookings = Mutex<[ContinuousClock.Instant]>([])

    /// A limiter allowing `limit` requests per `window`, telling time by `clock`.
    public init(limit: Int, window: Duration, clock: any WaitingClock = ContinuousClock()) {
        self.limit = max(1, limit)
        self.window = window
        self.clock = clock
    }

    /// Waits until this request may start without exceeding the limit.
    /// - Throws: `CancellationError` when the task is cancelled before its start (its booking is returned).
    public func acquire() async throws {
        try Task.checkCancellation()
        let start = book()
        guard start > clock.now else { return }
        do {
            try await clock.sleep(until: start)
        } catch {
            release(start)
            throw error
        }
    }

    /// Requests started within the last window or booked to start later.
    public var inUse: Int {
        let now = clock.now
        return bookings.withLock { $0.count { $0 + window > now } }
    }

    /// Books the earliest start that keeps every window at or under the limit.
    private func book() -> ContinuousClock.Instant {
        let now = clock.now
        return bookings.withLock { bookings in
            bookings.removeAll { $0 + window <= now }
            let start = bookings.count < limit ? now : max(now, bookings[bookings.count - limit] + window)
            bookings.insert(start, at: bookings.firstIndex { $0 > start } ?? bookings.endIndex)
            return start
        }
    }

    /// Gives back a booking that will not be used.
    private func release(_ start: ContinuousClock.Instant) {
        bookings.withLock { bookings in
            if let index = bookings.lastIndex(of: start) { bookings.remove(at: index) }
        }
    }
}

/// One request gate per tenant for the whole process, so every client of a tenant shares its limit:
/// the budget file shared with the other hmcp processes when the settings name one, else an
/// in-process limiter.
enum TenantRequestGates {
    private static let gates = Mutex<[String: any RequestGate]>([:])

    static func gate(for settings: HaloSettings, logger: Logger) -> any RequestGate {
        let shared = settings.sharedBudget
        let key = "\(settings.tenantKey)#\(settings.rateLimit)/\(settings.rateWindow)#\(shared.map { "\($0.path)#\($0.role)#\($0.backgroundShare)" } ?? "-")"
        return gates.withLock { gates in
            if let gate = gates[key] { return gate }
            let window = Duration.milliseconds(Int64(settings.rateWindow * 1000))
            var gate: any RequestGate = RollingWindowLimiter(limit: settings.rateLimit, window: window)
            if let shared {
                do {
                    gate = try SharedRequestBudget(
                        path: shared.path, tenant: settings.tenantKey, limit: settings.rateLimit, window: window, role: shared.role,
                        backgroundShare: shared.backgroundShare)
                } catch {
                    logger.error(
                        "the shared HaloPSA budget file cannot be opened; this process keeps its own count",
                        metadata: ["path": "\(shared.path)", "error": "\(error)"])
                }
            }
            gates[key] = gate
            return gate
        }
    }
}
