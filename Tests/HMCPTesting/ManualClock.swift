import Shared
import Synchronization

/// A clock that stands still until a test moves it.
public final class ManualClock: InstantSource {
    private let current: Mutex<ContinuousClock.Instant>

    /// A clock at an arbitrary instant.
    public init() {
        current = Mutex(ContinuousClock.now)
    }

    /// The instant the clock shows.
    public var now: ContinuousClock.Instant { current.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        current.withLock { $0 += duration }
    }
}
