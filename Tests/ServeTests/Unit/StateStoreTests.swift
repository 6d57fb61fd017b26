import Foundation
import GRDB
@testable import HMCPServe
@testable import Shared
import Testing

@Suite struct StateStoreTests {
    let directory: URL
    let store: SQLiteStateStore
    let sealed = SealedValue(keyID: "k1", bytes: Data([1, 2, 3]))

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-state-\(UUID().uuidString)")
        store = try SQLiteStateStore(path: directory.appendingPathComponent("state.sqlite").path)
    }

    private func client(_ id: String = "c1") -> RegisteredClient {
        RegisteredClient(
            clientID: id, clientName: "Test", redirectURIs: ["http://127.0.0.1/cb", "cursor://x/cb"],
            grantTypes: ["authorization_code"], responseTypes: ["code"], tokenEndpointAuthMethod: "none",
            clientSecretDigest: nil, issuedAt: Date(timeIntervalSince1970: 1_700_000_000), registrationTokenDigest: "rat")
    }

    private func authorization(_ phase: AuthorizationPhase, expires: TimeInterval = 600) -> AuthorizationRecord {
        AuthorizationRecord(
            id: "a1", clientID: "c1", redirectURI: "http://127.0.0.1/cb", redirectURIWasGiven: true, clientState: "s",
            codeChallenge: "challenge", scope: "halopsa", resource: "http://h/mcp", phase: phase,
            expiresAt: Date().addingTimeInterval(expires))
    }

    private func grant(_ id: String = "g1") -> HaloGrant {
        HaloGrant(
            id: id, clientID: "c1", agentID: 7, agentName: "A", scope: "halopsa", resource: "http://h",
            tokens: SealedHaloTokens(access: sealed, refresh: sealed, accessExpiresAt: Date()), createdAt: Date())
    }

    private func token(_ digest: String, _ kind: IssuedToken.Kind, expires: TimeInterval = 600) -> IssuedToken {
        IssuedToken(
            digest: digest, kind: kind, grantID: "g1", clientID: "c1", scope: "halopsa", resource: "http://h",
            expiresAt: Date().addingTimeInterval(expires))
    }

    @Test func clientRoundTrips() async throws {
        try await store.insertClient(client())
        #expect(try await store.client(id: "c1") == client())
        #expect(try await store.client(id: "nope") == nil)
    }

    @Test func authorizationAdvancesOnlyFromTheExpectedPhase() async throws {
        try await store.insertClient(client())
        try await store.insertAuthorization(authorization(.awaitingConsent(csrfDigest: "csrf")))
        let upstream = authorization(.awaitingUpstream(stateDigest: "state", verifier: sealed, browserDigest: "browser"))
        #expect(try await store.replaceAuthorization(upstream, expecting: .awaitingConsent))
        #expect(try await !store.replaceAuthorization(upstream, expecting: .awaitingConsent))
        let found = try await store.authorization(secretDigest: "state")
        #expect(found?.phase == .awaitingUpstream(stateDigest: "state", verifier: sealed, browserDigest: "browser"))
        #expect(try await store.authorization(secretDigest: "csrf") == nil)
    }

    @Test func olderDatabaseIsMigratedAndDropsSignInsWithoutABrowserBinding() async throws {
        let path = directory.appendingPathComponent("older.sqlite").path
        let older = try DatabasePool(path: path)
        try StateStoreSchema.migrator.migrate(older, upTo: "v1")
        try await older.write { db in
            try db.execute(
                sql: """
                    INSERT INTO clients (client_id, redirect_uris, grant_types, response_types, token_endpoint_auth_method, issued_at)
                    VALUES ('c1', '["http://127.0.0.1/cb"]', '["authorization_code"]', '["code"]', 'none', 1700000000);
                    INSERT INTO authorizations (id, client_id, redirect_uri, redirect_uri_given, code_challenge, scope, resource,
                        phase, secret_digest, key_id, sealed_verifier, expires_at)
                    VALUES ('consenting', 'c1', 'http://127.0.0.1/cb', 1, 'challenge', 'halopsa', 'http://h', 'awaitingConsent',
                            'csrf', NULL, NULL, 4000000000),
                           ('at-halo', 'c1', 'http://127.0.0.1/cb', 1, 'challenge', 'halopsa', 'http://h', 'awaitingUpstream',
                            'state', 'k1', x'010203', 4000000000);
                    """)
        }
        try older.close()
        let migrated = try SQLiteStateStore(path: path)
        #expect(try await migrated.authorization(id: "consenting")?.phase == .awaitingConsent(csrfDigest: "csrf"))
        #expect(try await migrated.authorization(id: "at-halo") == nil)
        let client = try #require(try await migrated.client(id: "c1"))
        #expect(client.registrationTokenDigest == nil)
    }

    @Test func refreshTokenRotatesOnce() async throws {
        try await store.insertClient(client())
        try await store.insertGrant(grant())
        try await store.insertTokens([token("r1", .refresh), token("a1", .access)])
        #expect(try await store.rotateRefreshToken(digest: "r1", replacements: [token("r2", .refresh)]))
        #expect(try await !store.rotateRefreshToken(digest: "r1", replacements: [token("r3", .refresh)]))
        #expect(try await store.token(digest: "r1")?.state == .rotated)
        #expect(try await store.token(digest: "r2")?.state == .active)
        #expect(try await store.token(digest: "r3") == nil)
        #expect(try await !store.rotateRefreshToken(digest: "a1", replacements: []))
    }

    @Test func grantTokensChangeOnlyAtTheExpectedRevision() async throws {
        try await store.insertClient(client())
        try await store.insertGrant(grant())
        let renewed = SealedHaloTokens(
            access: SealedValue(keyID: "k1", bytes: Data([9])), refresh: nil, accessExpiresAt: Date())
        #expect(try await store.replaceGrantTokens(id: "g1", tokens: renewed, expectedRevision: 0))
        #expect(try await !store.replaceGrantTokens(id: "g1", tokens: renewed, expectedRevision: 0))
        let stored = try await store.grant(id: "g1")
        #expect(stored?.revision == 1)
        #expect(stored?.tokens.access.bytes == Data([9]))
        #expect(stored?.tokens.refresh == nil)
    }

    @Test func deletingAGrantRevokesItsTokens() async throws {
        try await store.insertClient(client())
        try await store.insertGrant(grant())
        try await store.insertTokens([token("r1", .refresh), token("a1", .access)])
        try await store.deleteGrant(id: "g1")
        #expect(try await store.token(digest: "a1") == nil)
        #expect(try await store.token(digest: "r1") == nil)
    }

    @Test func cleanupRemovesExpiredRowsAndOrphans() async throws {
        try await store.insertClient(client())
        var unused = client("unused")
        unused.issuedAt = Date()
        try await store.insertClient(unused)
        try await store.insertGrant(grant())
        try await store.insertTokens([token("old", .access, expires: -1), token("live", .refresh)])
        try await store.insertAuthorization(authorization(.awaitingConsent(csrfDigest: "x"), expires: -1))
        let removed = try await store.removeExpired(now: Date(), unusedClientAge: -1)
        #expect(removed == 3)
        #expect(try await store.token(digest: "old") == nil)
        #expect(try await store.token(digest: "live") != nil)
        #expect(try await store.authorization(id: "a1") == nil)
        #expect(try await store.client(id: "unused") == nil)
        #expect(try await store.client(id: "c1") != nil)
        try await store.deleteToken(digest: "live")
        #expect(try await store.removeExpired(now: Date(), unusedClientAge: 86_400) == 2)
        #expect(try await store.grant(id: "g1") == nil)
        #expect(try await store.client(id: "c1") == nil)
    }

    @Test func theCleanerDropsARegistrationUnusedForADay() async throws {
        var stale = client("stale")
        stale.issuedAt = Date().addingTimeInterval(-25 * 3600)
        var fresh = client("fresh")
        fresh.issuedAt = Date().addingTimeInterval(-3600)
        try await store.insertClient(stale)
        try await store.insertClient(fresh)
        _ = try await store.removeExpired(now: Date(), unusedClientAge: StateStoreCleaner.unusedClientAge)
        #expect(try await store.client(id: "stale") == nil)
        #expect(try await store.client(id: "fresh") != nil)
    }
}
