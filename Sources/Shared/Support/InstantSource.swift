import Foundation

/// Where "now" comes from for anything that expires or limits by time: the continuous clock in the
/// programs, a clock a test moves by hand (so no test waits for time to pass).
public protocol InstantSource: Sendable {
    /// The current instant.
    var now: ContinuousClock.Instant { get }

    /// The current wall-clock time, for what is stored or sent as a date (token expiry, timestamps); a
    /// clock a test moves by hand moves it too.
    var date: Date { get }
}

extension ContinuousClock: InstantSource {
    /// The system's wall-clock time.
    public var date: Date { Date() }
}
