/// A source of "now" that can also wait for an instant: the continuous clock in the programs, a clock
/// a test moves by hand (so a waiter wakes when the test says so, never after real time passes).
public protocol WaitingClock: InstantSource {
    /// Returns at `deadline`; throws `CancellationError` at once when the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

extension ContinuousClock: WaitingClock {
    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await sleep(until: deadline, tolerance: nil)
    }
}
