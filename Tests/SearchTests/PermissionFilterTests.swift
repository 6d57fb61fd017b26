import Synchronization
import Testing

@testable import Shared

@Suite("Permission filter")
struct PermissionFilterTests {
    /// Candidates 1...n in score order; the user sees the ids in `visible`.
    private func ranked(_ n: Int) -> (Int) async throws -> [Int] {
        { count in Array((1...n).prefix(count)) }
    }

    @Test func keepsScoreOrderAndFillsUpToTheLimit() async throws {
        let filter = PermissionFilter(concurrency: 3)
        let visible: Set<Int> = [2, 5, 6, 9, 40, 77]
        let result = try await filter.visibleTickets(limit: 5, user: "a", candidates: ranked(100)) { id in
            visible.contains(id) ? .visible : .hidden
        }
        #expect(result == [2, 5, 6, 9, 40])
    }

    @Test func overFetchesUntilCandidatesRunOut() async throws {
        let filter = PermissionFilter(concurrency: 4)
        let asked = Mutex<[Int]>([])
        let result = try await filter.visibleTickets(
            limit: 3, user: "a",
            candidates: { count in
                asked.withLock { $0.append(count) }
                return Array((1...30).prefix(count))
            }, check: { $0 == 29 ? .visible : .hidden })
        #expect(result == [29])
        #expect(asked.withLock { $0 } == [6, 12, 24, 48], "doubles the request until fewer candidates come back")
    }

    @Test func errorsMeanHiddenAndAreNotCached() async throws {
        let filter = PermissionFilter(concurrency: 2)
        let calls = Mutex(0)
        let flaky: @Sendable (Int) async -> PermissionFilter.Visibility = { id in
            calls.withLock { $0 += 1 }
            return id == 1 ? .unknown : .visible
        }
        #expect(try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(3), check: flaky) == [2, 3])
        #expect(try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(3), check: flaky) == [2, 3])
        #expect(calls.withLock { $0 } == 4, "2 and 3 came from the cache, 1 was asked again")
    }

    @Test func cacheIsPerUserAndExpires() async throws {
        let filter = PermissionFilter(ttl: .seconds(2), concurrency: 2)
        let calls = Mutex(0)
        let check: @Sendable (Int) async -> PermissionFilter.Visibility = { _ in
            calls.withLock { $0 += 1 }
            return .visible
        }
        _ = try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(2), check: check)
        _ = try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(2), check: check)
        #expect(calls.withLock { $0 } == 2)
        _ = try await filter.visibleTickets(limit: 2, user: "b", candidates: ranked(2), check: check)
        #expect(calls.withLock { $0 } == 4, "another user's answers are never reused")
        try await Task.sleep(for: .milliseconds(2300))
        _ = try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(2), check: check)
        #expect(calls.withLock { $0 } == 6, "expired answers are asked again")
    }

    @Test func neverRunsMoreChecksAtOnceThanAllowed() async throws {
        let filter = PermissionFilter(concurrency: 3)
        let running = Mutex((now: 0, peak: 0))
        _ = try await filter.visibleTickets(limit: 20, user: "a", candidates: ranked(40)) { _ in
            running.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            try? await Task.sleep(for: .milliseconds(5))
            running.withLock { $0.now -= 1 }
            return .hidden
        }
        #expect(running.withLock { $0.peak } <= 3)
        #expect(running.withLock { $0.peak } >= 2)
    }
}
