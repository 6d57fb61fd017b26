import Foundation
import Synchronization

/// The simulator's "now": the system's wall-clock time plus however far `/_sim/clock` has moved it, so a
/// test sees tokens expire, codes lapse and rate windows roll without waiting for real time to pass.
final class SimulatedTime: Sendable {
    private let offset = Mutex<Double>(0)

    /// Time as it really is.
    init() {}

    /// Seconds since 1970, as the simulator tells them.
    var seconds: Double { Date().timeIntervalSince1970 + offset.withLock { $0 } }

    /// Whole seconds since 1970, as the simulator tells them.
    var wholeSeconds: Int { Int(seconds) }

    /// How far the simulator's time runs ahead of the system's, in seconds.
    var aheadBy: Double { offset.withLock { $0 } }

    /// Moves the simulator's time forward by `seconds` (never back: stamps stay increasing).
    func advance(by seconds: Double) {
        offset.withLock { $0 += max(seconds, 0) }
    }
}
