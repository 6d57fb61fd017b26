import Foundation
import Shared
import Synchronization

/// A clock that stands still until a test moves it. Sleepers wake when `advance` reaches their
/// instant, or at once with `CancellationError` when their task is cancelled.
public final class ManualClock: WaitingClock {
    private struct Sleeper {
        let id: Int
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: ContinuousClock.Instant
        var date: Date
        var sleepers: [Sleeper] = []
        var nextID = 0
        var sleepWatchers: [(id: Int, count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: Mutex<State>

    /// A clock at an arbitrary instant, showing the real wall-clock time until it is moved.
    public init() {
        state = Mutex(State(now: ContinuousClock.now, date: Date()))
    }

    /// The instant the clock shows.
    public var now: ContinuousClock.Instant { state.withLock { $0.now } }

    /// The wall-clock time the clock shows: the real time it was made at, plus every `advance` since.
    public var date: Date { state.withLock { $0.date } }

    /// How many tasks are sleeping on the clock.
    public var sleeping: Int { state.withLock { $0.sleepers.count } }

    /// Moves the clock forward by `duration`, waking every sleeper whose instant it reaches.
    public func advance(by duration: Duration) {
        let due = state.withLock { state in
            state.now += duration
            state.date += duration.inSeconds
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Returns once at least `count` tasks sleep on the clock, or at once when the waiting task is
    /// cancelled (a suite's `.timeLimit` cancels it), so a wait for a sleeper that never comes cannot hang.
    public func waitForSleepers(_ count: Int) async {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state in
                    if state.sleepers.count >= count || Task.isCancelled { return true }
                    state.sleepWatchers.append((id, count, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let watcher = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.sleepWatchers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepWatchers.remove(at: index).continuation
            }
            watcher?.resume()
        }
    }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (outcome, watchers) = state.withLock { state -> (Result<Void, any Error>?, [CheckedContinuation<Void, Never>]) in
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if deadline <= state.now { return (.success(()), []) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    let count = state.sleepers.count
                    let ready = state.sleepWatchers.filter { $0.count <= count }.map(\.continuation)
                    state.sleepWatchers.removeAll { $0.count <= count }
                    return (nil, ready)
                }
                for watcher in watchers { watcher.resume() }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
