import Foundation
import HMCPTesting
import Testing

@testable import Shared

/// One HaloPSA request budget shared through a file, here by two budgets on one file as two processes
/// would hold them, on a manual clock.
@Suite(.timeLimit(.minutes(1))) struct SharedRequestBudgetTests {
    private func withBudgetFile(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-budget-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory.appendingPathComponent("budget.sqlite").path)
    }

    /// The wall-clock time every budget's manual clock starts at, as processes on one host agree on it.
    private let start = Date()

    private func budget(_ path: String, _ role: SharedRequestBudget.Role, clock: ManualClock) throws -> SharedRequestBudget {
        try SharedRequestBudget(path: path, tenant: "acme", limit: 4, window: .seconds(10), role: role, clock: clock, wallTime: start)
    }

    @Test func twoHoldersNeverExceedTheLimitTogether() async throws {
        try await withBudgetFile { path in
            let clock = ManualClock()
            let first = try budget(path, .interactive, clock: clock)
            let second = try budget(path, .interactive, clock: clock)
            try await first.acquire()
            try await second.acquire()
            try await first.acquire()
            try await second.acquire()
            #expect(try first.currentUsage().inUse == 4)
            let waiting = Task { try await second.acquire() }
            await clock.waitForSleepers(1)
            #expect(try second.currentUsage().inUse == 4, "the fifth request waits for the window")
            clock.advance(by: .seconds(10))
            try await waiting.value
            #expect(try first.currentUsage().inUse == 1, "the first four aged out, the fifth started")
        }
    }

    @Test func theIndexerGetsItsShareWhileUsersAreActiveAndAllOfItOtherwise() async throws {
        try await withBudgetFile { path in
            let clock = ManualClock()
            let server = try budget(path, .interactive, clock: clock)
            let indexer = try budget(path, .background, clock: clock)
            for _ in 0..<4 { try await indexer.acquire() }
            #expect(try indexer.currentUsage().background == 4, "no user active: the whole window")

            clock.advance(by: .seconds(10))
            try await server.acquire()
            try await indexer.acquire()
            try await indexer.acquire()
            let third = Task { try await indexer.acquire() }
            await clock.waitForSleepers(1)
            #expect(try server.currentUsage() == SharedRequestBudget.Usage(
                interactive: 1, background: 2, limit: 4, window: .seconds(10), pausedFor: nil))
            try await server.acquire()
            #expect(try server.currentUsage().inUse == 4, "users still get the slot the indexer may not take")
            third.cancel()
            await #expect(throws: CancellationError.self) { try await third.value }
            #expect(try server.currentUsage().background == 2, "a cancelled waiter booked nothing")
        }
    }

    @Test func a429PausesEveryHolder() async throws {
        try await withBudgetFile { path in
            let clock = ManualClock()
            let server = try budget(path, .interactive, clock: clock)
            let indexer = try budget(path, .background, clock: clock)
            indexer.noteRateLimited(retryAfter: .seconds(5))
            #expect(try server.currentUsage().pausedFor == .seconds(5))
            let waiting = Task { try await server.acquire() }
            await clock.waitForSleepers(1)
            #expect(try server.currentUsage().inUse == 0)
            clock.advance(by: .seconds(5))
            try await waiting.value
            #expect(try server.currentUsage().inUse == 1 && server.currentUsage().pausedFor == nil)
        }
    }
}
