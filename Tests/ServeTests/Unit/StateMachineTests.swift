import Foundation
@testable import HMCPServe
import Shared
import Testing

@Suite struct AuthorizationLifecycleTests {
    let sealed = SealedValue(keyID: "k", bytes: Data([1]))

    private func record(_ phase: AuthorizationPhase, expiresIn: TimeInterval = 60) -> AuthorizationRecord {
        AuthorizationRecord(
            id: "a", clientID: "c", redirectURI: "http://127.0.0.1/cb", redirectURIWasGiven: true, clientState: nil,
            codeChallenge: "x", scope: "halopsa", resource: "http://h", phase: phase,
            expiresAt: Date().addingTimeInterval(expiresIn))
    }

    @Test func flowRunsConsentUpstreamCodeExchanged() throws {
        let now = Date()
        let consented = try record(.awaitingConsent(csrfDigest: "c"))
            .applying(.consentApproved(stateDigest: "s", verifier: sealed, browserDigest: "b"), now: now, lifetime: 600)
        #expect(consented.phase == .awaitingUpstream(stateDigest: "s", verifier: sealed, browserDigest: "b"))
        #expect(consented.expiresAt == now.addingTimeInterval(600))
        let signedIn = try consented.applying(.haloSignedIn(codeDigest: "d", grantID: "g"), now: now, lifetime: 300)
        #expect(signedIn.phase == .codeIssued(codeDigest: "d", grantID: "g"))
        let redeemed = try signedIn.applying(.codeRedeemed, now: now, lifetime: 0)
        #expect(redeemed.phase == .exchanged(codeDigest: "d", grantID: "g"))
        #expect(redeemed.expiresAt == signedIn.expiresAt)
    }

    @Test func eventsOutOfOrderAreRefused() {
        #expect(throws: AuthorizationTransitionError.outOfOrder(.awaitingConsent)) {
            try record(.awaitingConsent(csrfDigest: "c")).applying(.codeRedeemed, now: Date(), lifetime: 0)
        }
        #expect(throws: AuthorizationTransitionError.outOfOrder(.exchanged)) {
            try record(.exchanged(codeDigest: "d", grantID: "g")).applying(.codeRedeemed, now: Date(), lifetime: 0)
        }
        #expect(throws: AuthorizationTransitionError.outOfOrder(.codeIssued)) {
            try record(.codeIssued(codeDigest: "d", grantID: "g"))
                .applying(.consentApproved(stateDigest: "s", verifier: sealed, browserDigest: "b"), now: Date(), lifetime: 0)
        }
    }

    @Test func expiredPhaseIsRefused() {
        #expect(throws: AuthorizationTransitionError.expired) {
            try record(.codeIssued(codeDigest: "d", grantID: "g"), expiresIn: -1).applying(.codeRedeemed, now: Date(), lifetime: 0)
        }
    }
}

@Suite struct SessionLifecycleTests {
    @Test func sessionIdlesOutOnlyWithoutActivityAndStreams() {
        let start = ContinuousClock.now
        var lifecycle = SessionLifecycle(now: start)
        #expect(!lifecycle.isIdle(at: start + .seconds(5), timeout: .seconds(10)))
        #expect(lifecycle.isIdle(at: start + .seconds(11), timeout: .seconds(10)))
        lifecycle.handle(.initialized, at: start)
        lifecycle.handle(.streamOpened, at: start)
        #expect(!lifecycle.isIdle(at: start + .seconds(100), timeout: .seconds(10)))
        lifecycle.handle(.streamClosed, at: start + .seconds(100))
        #expect(!lifecycle.isIdle(at: start + .seconds(105), timeout: .seconds(10)))
        #expect(lifecycle.isIdle(at: start + .seconds(111), timeout: .seconds(10)))
        lifecycle.handle(.requestReceived, at: start + .seconds(111))
        #expect(!lifecycle.isIdle(at: start + .seconds(115), timeout: .seconds(10)))
    }

    @Test func closedSessionRefusesEverything() {
        var lifecycle = SessionLifecycle(now: .now)
        lifecycle.handle(.initialized, at: .now)
        let openAfterClose = lifecycle.handle(.close(.clientDeleted), at: .now)
        #expect(!openAfterClose)
        #expect(lifecycle.state == .closed(.clientDeleted))
        let acceptsRequest = lifecycle.handle(.requestReceived, at: .now)
        #expect(!acceptsRequest)
        lifecycle.handle(.close(.idleTimeout), at: .now)
        #expect(lifecycle.state == .closed(.clientDeleted))
    }
}
