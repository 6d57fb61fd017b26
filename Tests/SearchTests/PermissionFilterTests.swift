import HMCPTesting
import Synchronization
import Testing

@testable import Shared

@Suite("Permission filter")
struct PermissionFilterTests {
    /// Candidates 1...n in score order.
    private func ranked(_ n: Int) -> (Int) async throws -> [Int] {
        { count in Array((1...n).prefix(count)) }
    }

    /// A filter with the default cap whose clock stands still, so no deadline passes unless a test moves it.
    private func filter(ttl: Duration = .seconds(60), candidateCap: Int = PermissionFilter.defaultCandidateCap) -> PermissionFilter {
        PermissionFilter(ttl: ttl, candidateCap: candidateCap, clock: ManualClock())
    }

    /// A check answering one ticket at a time, at most `concurrency` at once.
    private func perTicket(
        _ concurrency: Int, _ answer: @escaping @Sendable (Int) async throws -> PermissionFilter.Visibility
    ) -> PermissionCheck {
        .perTicket(concurrency: concurrency, answer)
    }

    /// The batches a check was asked.
    final class Asked: Sendable {
        let batches = Mutex<[[Int]]>([])
    }

    /// A check answering batches of `size` from `visible`, recording each batch it was asked.
    private func batches(of size: Int, visible: Set<Int>, asked: Asked = Asked()) -> PermissionCheck {
        PermissionCheck(batchSize: size) { ids in
            asked.batches.withLock { $0.append(ids) }
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, visible.contains($0) ? .visible : .hidden) })
        }
    }

    @Test func keepsScoreOrderAndFillsUpToTheLimit() async throws {
        let filter = self.filter()
        let visible: Set<Int> = [2, 5, 6, 9, 40, 77]
        let result = try await filter.visibleTickets(limit: 5, user: "a", candidates: ranked(100), check: perTicket(3) { id in
            visible.contains(id) ? .visible : .hidden
        })
        #expect(result == PermissionFilter.Outcome(ids: [2, 5, 6, 9, 40], examined: 40, stop: nil))
    }

    @Test func overFetchesUntilCandidatesRunOut() async throws {
        let filter = self.filter()
        let asked = Mutex<[Int]>([])
        let result = try await filter.visibleTickets(
            limit: 3, user: "a",
            candidates: { count in
                asked.withLock { $0.append(count) }
                return Array((1...30).prefix(count))
            }, check: perTicket(4) { $0 == 29 ? .visible : .hidden })
        #expect(result.ids == [29] && result.stop == nil)
        #expect(asked.withLock { $0 } == [6, 12, 24, 48], "doubles the request until fewer candidates come back")
    }

    @Test func oneBatchAnswersAWholeWindowOfCandidates() async throws {
        let filter = self.filter()
        let asked = Asked()
        let visible = Set([3, 150, 151, 260])
        let result = try await filter.visibleTickets(
            limit: 10, user: "a", candidates: ranked(1000), check: batches(of: 100, visible: visible, asked: asked))
        #expect(result.ids == [3, 150, 151, 260])
        #expect(asked.batches.withLock { $0 }.map(\.count) == [100, 100, 100], "300 candidates, three requests")
        #expect(result.stop == PermissionFilter.Stop.candidateCap && result.examined == PermissionFilter.defaultCandidateCap)
    }

    @Test func batchAndPerTicketChecksAgree() async throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<40 {
            let total = Int.random(in: 1...400, using: &generator)
            let visible = Set((1...total).filter { _ in Int.random(in: 0..<100, using: &generator) < [1, 10, 50, 100][round % 4] })
            let limit = Int.random(in: 1...50, using: &generator)
            let batched = try await self.filter().visibleTickets(
                limit: limit, user: "a", candidates: ranked(total), check: batches(of: 100, visible: visible))
            let single = try await self.filter().visibleTickets(
                limit: limit, user: "a", candidates: ranked(total), check: perTicket(8) { visible.contains($0) ? .visible : .hidden })
            #expect(batched.ids == single.ids, "round \(round): \(total) candidates, limit \(limit)")
            #expect(batched.ids == Array((1...min(total, PermissionFilter.defaultCandidateCap)).filter(visible.contains).prefix(limit)))
            #expect(batched.stop == single.stop)
        }
    }

    @Test func theCandidateCapBoundsTheChecksAndSaysSo() async throws {
        let filter = self.filter(candidateCap: 50)
        let calls = Mutex(0)
        let result = try await filter.visibleTickets(limit: 5, user: "a", candidates: ranked(10_000), check: perTicket(8) { _ in
            calls.withLock { $0 += 1 }
            return .hidden
        })
        #expect(result == PermissionFilter.Outcome(ids: [], examined: 50, stop: .candidateCap))
        #expect(calls.withLock { $0 } == 50)

        let few = try await filter.visibleTickets(limit: 5, user: "b", candidates: ranked(50), check: perTicket(8) { _ in .hidden })
        #expect(few.stop == nil, "running out of candidates exactly at the cap is not hitting it")
    }

    @Test func noCheckStartsAfterTheDeadline() async throws {
        let clock = ManualClock()
        let filter = PermissionFilter(candidateCap: 1000, deadline: .seconds(25), clock: clock)
        let batchesAsked = Mutex(0)
        let result = try await filter.visibleTickets(
            limit: 10, user: "a", candidates: ranked(1000),
            check: PermissionCheck(batchSize: 100) { ids in
                batchesAsked.withLock { $0 += 1 }
                clock.advance(by: .seconds(10))
                return Dictionary(uniqueKeysWithValues: ids.map { ($0, $0 == 7 ? .visible : .hidden) })
            })
        #expect(result == PermissionFilter.Outcome(ids: [7], examined: 300, stop: .deadline))
        #expect(batchesAsked.withLock { $0 } == 3, "checks at 0 s, 10 s and 20 s; none at 30 s")
    }

    @Test func cancellationStopsTheSearchAtOnce() async throws {
        let clock = ManualClock()
        let filter = self.filter()
        let started = Mutex(0)
        let search = Task {
            try await filter.visibleTickets(limit: 10, user: "a", candidates: ranked(1000), check: perTicket(4) { _ in
                started.withLock { $0 += 1 }
                try await clock.sleep(until: clock.now + .seconds(60))
                return .hidden
            })
        }
        await clock.waitForSleepers(4)
        search.cancel()
        await #expect(throws: CancellationError.self) { try await search.value }
        #expect(started.withLock { $0 } == 4, "no check starts once the search is cancelled")
        #expect(clock.sleeping == 0)
    }

    @Test func errorsMeanHiddenAndAreNotCached() async throws {
        let filter = self.filter()
        let calls = Mutex(0)
        let flaky = perTicket(2) { id in
            calls.withLock { $0 += 1 }
            return id == 1 ? .unknown : .visible
        }
        #expect(try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(3), check: flaky).ids == [2, 3])
        #expect(try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(3), check: flaky).ids == [2, 3])
        #expect(calls.withLock { $0 } == 4, "2 and 3 came from the cache, 1 was asked again")
    }

    @Test func aThrowingCheckEndsTheSearch() async throws {
        let filter = self.filter()
        let refused = HaloAPIError(kind: .unauthorized, status: 401, message: "expired")
        await #expect(throws: refused) {
            try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(3), check: perTicket(2) { _ in throw refused })
        }
    }

    @Test func cacheIsPerUserAndExpires() async throws {
        let clock = ManualClock()
        let filter = PermissionFilter(ttl: .seconds(2), clock: clock)
        let calls = Mutex(0)
        let check = perTicket(2) { _ in
            calls.withLock { $0 += 1 }
            return .visible
        }
        _ = try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(2), check: check)
        _ = try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(2), check: check)
        #expect(calls.withLock { $0 } == 2)
        _ = try await filter.visibleTickets(limit: 2, user: "b", candidates: ranked(2), check: check)
        #expect(calls.withLock { $0 } == 4, "another user's answers are never reused")
        clock.advance(by: .milliseconds(2300))
        _ = try await filter.visibleTickets(limit: 2, user: "a", candidates: ranked(2), check: check)
        #expect(calls.withLock { $0 } == 6, "expired answers are asked again")
    }

    @Test func neverRunsMoreChecksAtOnceThanAllowed() async throws {
        let clock = ManualClock()
        let filter = self.filter()
        let running = Mutex((now: 0, peak: 0, started: 0))
        let search = Task {
            try await filter.visibleTickets(limit: 20, user: "a", candidates: ranked(40), check: perTicket(3) { id in
                running.withLock { $0.now += 1; $0.started += 1; $0.peak = max($0.peak, $0.now) }
                if id <= 3 { try await clock.sleep(until: clock.now + .seconds(1)) }
                running.withLock { $0.now -= 1 }
                return .hidden
            })
        }
        await clock.waitForSleepers(3)
        for _ in 0..<100 { await Task.yield() }
        #expect(running.withLock { $0.started } == 3, "a fourth check waits for one of the first three")
        clock.advance(by: .seconds(1))
        #expect(try await search.value.ids.isEmpty)
        #expect(running.withLock { $0.peak } == 3)
        #expect(running.withLock { $0.started } == 40)
    }
}
