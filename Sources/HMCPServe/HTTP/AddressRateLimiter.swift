import Shared
import Synchronization

/// A budget of requests per minute for each client address: a burst of up to the budget, then one
/// request per `60 s / budget` (a token bucket per address). At most ``rememberedAddresses`` are
/// remembered: past that, addresses back to a full budget are forgotten, and if that is not enough
/// (a flood from many addresses, each of which has its own budget anyway) all are.
final class AddressRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Requests one address may make per minute.
    let perMinute: Int
    /// Addresses remembered before the ones with a full budget are forgotten.
    static let rememberedAddresses = 10_000

    private let clock: any InstantSource
    private let buckets = Mutex<[String: Bucket]>([:])

    /// A limiter of `perMinute` requests per address, timed by `clock`.
    init(perMinute: Int, clock: any InstantSource) {
        self.perMinute = perMinute
        self.clock = clock
    }

    /// How many addresses are remembered now.
    var rememberedCount: Int { buckets.withLock { $0.count } }

    /// `nil` when `address` may go ahead (the request is counted), else how long until it may.
    func admit(_ address: String) -> Duration? {
        let now = clock.now
        let capacity = Double(perMinute)
        let refill = Duration.seconds(60) / perMinute
        func refilled(_ bucket: Bucket) -> Double { min(capacity, bucket.tokens + (now - bucket.updated) / refill) }
        return buckets.withLock { buckets in
            if buckets.count >= Self.rememberedAddresses {
                buckets = buckets.filter { refilled($0.value) < capacity }
                if buckets.count >= Self.rememberedAddresses { buckets.removeAll() }
            }
            var bucket = buckets[address].map { Bucket(tokens: refilled($0), updated: now) } ?? Bucket(tokens: capacity, updated: now)
            defer { buckets[address] = bucket }
            guard bucket.tokens >= 1 else { return refill * (1 - bucket.tokens) }
            bucket.tokens -= 1
            return nil
        }
    }
}
