import Foundation
import Logging
import ServiceLifecycle
import Shared

/// Re-seals, in the background, the HaloPSA tokens of grants sealed with an older key, so that after a
/// key rotation every grant (the idle ones too, which no refresh touches) moves to the current key and
/// `HMCP_ENCRYPTION_KEY_PREVIOUS` can be removed. One pass at start, then one every `interval` of `clock`; each
/// pass walks the grants in batches of `batchSize`. A grant changes only through the store's revision
/// check, so a refresh running at the same time wins and its own (current-key) sealing stands.
struct GrantResealer: Service {
    /// What one pass did.
    struct Outcome: Equatable {
        /// Grants now sealed with the current key.
        var resealed = 0
        /// Grants that neither key opens (they need a new sign-in) or that a refresh changed meanwhile.
        var skipped = 0
    }

    let store: any StateStore
    let sealer: TokenSealer
    let interval: Duration
    var batchSize = 100
    let clock: any WaitingClock
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let outcome = try await resealAll()
                    if outcome.resealed + outcome.skipped > 0 {
                        logger.info(
                            "grants re-sealed with the current key",
                            metadata: ["resealed": "\(outcome.resealed)", "skipped": "\(outcome.skipped)"])
                    }
                } catch {
                    logger.error("re-sealing grants failed", metadata: ["error": "\(error)"])
                }
                try await clock.sleep(until: clock.now + interval)
            }
        }
    }

    /// One pass over every grant not sealed with the current key.
    func resealAll() async throws -> Outcome {
        var outcome = Outcome()
        var after: String?
        while true {
            let ids = try await store.grantIDs(sealedWithKeyOtherThan: sealer.currentKeyID, after: after, limit: batchSize)
            for id in ids {
                if try await reseal(grantID: id) { outcome.resealed += 1 } else { outcome.skipped += 1 }
            }
            guard ids.count == batchSize, let last = ids.last else { return outcome }
            after = last
        }
    }

    /// Opens the grant's tokens with whichever key sealed them and stores them sealed with the current
    /// key, unchanged otherwise; false when the grant cannot be opened or changed meanwhile.
    private func reseal(grantID id: String) async throws -> Bool {
        guard let grant = try await store.grant(id: id), sealer.needsResealing(grant.tokens.access) else { return false }
        let tokens: SealedHaloTokens
        do {
            let access = try sealer.open(grant.tokens.access, context: HaloGrantBroker.context(id, "halo-access"))
            let refresh = try grant.tokens.refresh.map { try sealer.open($0, context: HaloGrantBroker.context(id, "halo-refresh")) }
            tokens = try HaloGrantBroker.seal(
                access: access, refresh: refresh, accessExpiresAt: grant.tokens.accessExpiresAt, grantID: id, with: sealer)
        } catch let error as SealingError {
            logger.warning("grant cannot be re-sealed", metadata: ["grant": "\(id.prefix(8))", "error": "\(error)"])
            return false
        }
        return try await store.replaceGrantTokens(id: id, tokens: tokens, expectedRevision: grant.revision)
    }
}
