import HMCPTesting
import Testing

@testable import Shared

/// The per-tenant limiter on a manual clock: no test waits for real time.
@Suite(.timeLimit(.minutes(1))) struct RollingWindowLimiterTests {
    /// Starts `acquire` in a task that reports the clock's time (since `origin`) when it was let through.
    private func acquiring(
        _ limiter: RollingWindowLimiter, clock: ManualClock, from origin: ContinuousClock.Instant,
        reporting starts: AsyncStream<Duration>.Continuation
    ) -> Task<Void, any Error> {
        Task {
            try await limiter.acquire()
            starts.yield(origin.duration(to: clock.now))
        }
    }

    @Test func neverExceedsTheLimitInAnyWindow() async throws {
        let clock = ManualClock()
        let origin = clock.now
        let limiter = RollingWindowLimiter(limit: 3, window: .seconds(10), clock: clock)
        let (starts, reporter) = AsyncStream.makeStream(of: Duration.self)
        var next = starts.makeAsyncIterator()
        var seen: [Duration] = []
        for _ in 0..<3 { _ = acquiring(limiter, clock: clock, from: origin, reporting: reporter) }
        for _ in 0..<3 { seen.append(try #require(await next.next())) }
        #expect(limiter.inUse == 3)
        for _ in 0..<4 { _ = acquiring(limiter, clock: clock, from: origin, reporting: reporter) }
        await clock.waitForSleepers(4)
        clock.advance(by: .seconds(10))
        #expect(clock.sleeping == 1, "three more at 10 s, the fourth waits for 20 s")
        for _ in 0..<3 { seen.append(try #require(await next.next())) }
        clock.advance(by: .seconds(10))
        seen.append(try #require(await next.next()))
        #expect(seen == [.zero, .zero, .zero, .seconds(10), .seconds(10), .seconds(10), .seconds(20)])
        clock.advance(by: .seconds(30))
        #expect(limiter.inUse == 0, "a quiet period frees the window again")
        _ = acquiring(limiter, clock: clock, from: origin, reporting: reporter)
        #expect(try #require(await next.next()) == .seconds(50))
    }

    @Test func aCancelledWaiterGivesItsSlotBack() async throws {
        let clock = ManualClock()
        let origin = clock.now
        let limiter = RollingWindowLimiter(limit: 1, window: .seconds(10), clock: clock)
        let (starts, reporter) = AsyncStream.makeStream(of: Duration.self)
        try await limiter.acquire()
        let abandoned = acquiring(limiter, clock: clock, from: origin, reporting: reporter)
        await clock.waitForSleepers(1)
        #expect(limiter.inUse == 2)
        abandoned.cancel()
        await #expect(throws: CancellationError.self) { try await abandoned.value }
        #expect(limiter.inUse == 1, "the cancelled booking is gone")

        _ = acquiring(limiter, clock: clock, from: origin, reporting: reporter)
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(10))
        var next = starts.makeAsyncIterator()
        #expect(await next.next() == .seconds(10), "the next caller starts where the cancelled one would have")
    }

    @Test func aCancelledTaskBooksNothing() async throws {
        let limiter = RollingWindowLimiter(limit: 1, window: .seconds(10), clock: ManualClock())
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await limiter.acquire()
        }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(limiter.inUse == 0)
    }
}
