import Synchronization

/// Counts the HaloPSA requests sent while a piece of work runs (each attempt of each request, token
/// requests included), in whatever child tasks it spawns: what one tool call spends of the tenant's
/// request budget.
public final class HaloRequestTally: Sendable {
    @TaskLocal static var current: HaloRequestTally?

    private let sent = Atomic<Int>(0)

    /// A tally at zero.
    public init() {}

    /// Requests counted so far.
    public var count: Int { sent.load(ordering: .relaxed) }

    /// Runs `body`, counting the HaloPSA requests it sends on this tally.
    public func counting<T>(_ body: () async throws -> T) async rethrows -> T {
        try await Self.$current.withValue(self) { try await body() }
    }

    /// Counts one request on the tally of the running work, if it has one.
    static func record() {
        current?.sent.add(1, ordering: .relaxed)
    }
}
