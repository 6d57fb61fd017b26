import Shared

/// An answer worked out at most once per `lifetime`: callers within it get the same answer, and
/// callers that arrive while it is being worked out wait for that one instead of starting another.
actor CachedAnswer<Value: Sendable> {
    private let lifetime: Duration
    private let clock: any InstantSource
    private let work: @Sendable () async -> Value
    private var latest: (answer: Task<Value, Never>, startedAt: ContinuousClock.Instant)?

    /// A cache of `work`'s answer that keeps each answer for `lifetime` by `clock`.
    init(lifetime: Duration, clock: any InstantSource, work: @escaping @Sendable () async -> Value) {
        self.lifetime = lifetime
        self.clock = clock
        self.work = work
    }

    /// The current answer, worked out anew once the last one is `lifetime` old.
    func value() async -> Value {
        let now = clock.now
        if let latest, now - latest.startedAt < lifetime { return await latest.answer.value }
        let answer = Task(operation: work)
        latest = (answer, now)
        return await answer.value
    }
}
