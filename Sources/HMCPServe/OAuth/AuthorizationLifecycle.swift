import Foundation
import Shared

/// What can happen to an authorization in progress.
enum AuthorizationEvent: Sendable {
    /// The user approved on our consent page; we go to HaloPSA with this state and (sealed) verifier,
    /// and the callback must come back to the browser holding the sign-in cookie with `browserDigest`.
    case consentApproved(stateDigest: String, verifier: SealedValue, browserDigest: String)
    /// HaloPSA signed the user in; their tokens are stored under `grantID` and our code was issued.
    case haloSignedIn(codeDigest: String, grantID: String)
    /// The client redeemed our code at `/token`.
    case codeRedeemed
}

/// Why an event does not apply.
enum AuthorizationTransitionError: Error, Equatable {
    /// The current phase ran out of time.
    case expired
    /// The event does not follow the current phase (a replay, or steps out of order).
    case outOfOrder(AuthorizationPhase.Kind)
}

extension AuthorizationRecord {
    /// The record after `event` at `now`, with the next phase lasting `lifetime` seconds.
    ///
    /// The only paths are awaitingConsent → awaitingUpstream → codeIssued → exchanged; each secret
    /// (CSRF token, HaloPSA state, our code) moves the flow on once.
    func applying(_ event: AuthorizationEvent, now: Date, lifetime: TimeInterval) throws(AuthorizationTransitionError)
        -> AuthorizationRecord
    {
        guard expiresAt > now else { throw .expired }
        var next = self
        switch (phase, event) {
        case (.awaitingConsent, .consentApproved(let stateDigest, let verifier, let browserDigest)):
            next.phase = .awaitingUpstream(stateDigest: stateDigest, verifier: verifier, browserDigest: browserDigest)
            next.expiresAt = now.addingTimeInterval(lifetime)
        case (.awaitingUpstream, .haloSignedIn(let codeDigest, let grantID)):
            next.phase = .codeIssued(codeDigest: codeDigest, grantID: grantID)
            next.expiresAt = now.addingTimeInterval(lifetime)
        case (.codeIssued(let codeDigest, let grantID), .codeRedeemed):
            next.phase = .exchanged(codeDigest: codeDigest, grantID: grantID)
        default:
            throw .outOfOrder(phase.kind)
        }
        return next
    }
}
