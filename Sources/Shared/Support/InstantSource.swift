/// Where "now" comes from for anything that expires or limits by time: the continuous clock in the
/// programs, a clock a test moves by hand (so no test waits for time to pass).
public protocol InstantSource: Sendable {
    /// The current instant.
    var now: ContinuousClock.Instant { get }
}

extension ContinuousClock: InstantSource {}
