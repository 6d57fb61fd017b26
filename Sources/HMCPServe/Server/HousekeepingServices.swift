import Foundation
import Logging
import ServiceLifecycle
import Shared

/// Closes idle MCP sessions periodically (as `clock` tells time), and every session (with its streams)
/// when the server shuts down, so in-flight responses finish and long-lived streams do not hold the
/// shutdown up.
struct SessionSweeper: Service {
    let streamable: SessionRegistry<StreamableSession>
    let legacy: SessionRegistry<LegacySSESession>
    let idleTimeout: Duration
    let clock: any WaitingClock
    let logger: Logger

    func run() async throws {
        let interval = min(idleTimeout / 4, .seconds(30))
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await clock.sleep(until: clock.now + interval)
                let now = clock.now
                let closed = await streamable.closeIdle(at: now, timeout: idleTimeout)
                    + legacy.closeIdle(at: now, timeout: idleTimeout)
                if closed > 0 { logger.info("idle MCP sessions closed", metadata: ["count": "\(closed)"]) }
            }
        }
        await streamable.closeAll()
        await legacy.closeAll()
    }
}

/// Removes expired authorizations, codes and tokens, orphaned grants and unused clients from the state
/// store every `interval` of `clock`.
struct StateStoreCleaner: Service {
    let store: any StateStore
    let interval: Duration
    /// Tells the time records expire by, and times the passes.
    let clock: any WaitingClock
    let logger: Logger

    /// Registered clients without a grant or a pending sign-in are dropped a day after registering.
    static let unusedClientAge: TimeInterval = 86_400

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let removed = try await store.removeExpired(now: clock.date, unusedClientAge: Self.unusedClientAge)
                    if removed > 0 { logger.debug("expired state removed", metadata: ["rows": "\(removed)"]) }
                } catch {
                    logger.error("state cleanup failed", metadata: ["error": "\(error)"])
                }
                try await clock.sleep(until: clock.now + interval)
            }
        }
    }
}
