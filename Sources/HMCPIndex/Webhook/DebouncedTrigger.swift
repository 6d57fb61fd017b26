import Shared

/// Runs an action once things have been quiet for `delay`: a burst of webhooks leads to one indexer
/// run, and signals that arrive during a run lead to exactly one more run after it.
public actor DebouncedTrigger {
    private let delay: Duration
    private let clock: any WaitingClock
    private let action: @Sendable () async -> Void
    private var timer: Task<Void, Never>?
    private var isRunning = false
    private var isRunRequested = false

    /// A trigger that runs `action` `delay` after the last signal, as `clock` tells time.
    public init(delay: Duration, clock: any WaitingClock = ContinuousClock(), action: @escaping @Sendable () async -> Void) {
        self.delay = delay
        self.clock = clock
        self.action = action
    }

    /// Notes that there is work; (re)starts the quiet-time countdown.
    public func signal() {
        timer?.cancel()
        timer = Task { [delay, clock] in
            try? await clock.sleep(until: clock.now + delay)
            guard !Task.isCancelled else { return }
            await self.fire()
        }
    }

    private func fire() async {
        guard !isRunning else {
            isRunRequested = true
            return
        }
        isRunning = true
        await action()
        isRunning = false
        if isRunRequested {
            isRunRequested = false
            signal()
        }
    }
}
