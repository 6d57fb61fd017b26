import Synchronization

/// Counts something a test waits for (an action ran, a version was published), so the test waits on
/// the event itself rather than sleeping or polling. A wait ends when the count is reached or when the
/// waiting task is cancelled (a suite's `.timeLimit` cancels it), so it cannot hang.
public final class EventCounter: Sendable {
    private struct Waiter {
        let id: Int
        let count: Int
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var count = 0
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state = Mutex(State())

    /// A counter at zero.
    public init() {}

    /// How many events have been recorded.
    public var count: Int { state.withLock { $0.count } }

    /// Records one event, waking every wait its count reaches.
    public func record() {
        let reached = state.withLock { state in
            state.count += 1
            let count = state.count
            defer { state.waiters.removeAll { $0.count <= count } }
            return state.waiters.filter { $0.count <= count }
        }
        for waiter in reached { waiter.continuation.resume(returning: true) }
    }

    /// Returns `true` once `count` events have been recorded, `false` if the task is cancelled first.
    public func wait(for count: Int) async -> Bool {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let answer = state.withLock { state -> Bool? in
                    if state.count >= count { return true }
                    if Task.isCancelled { return false }
                    state.waiters.append(Waiter(id: id, count: count, continuation: continuation))
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: false)
        }
    }
}
