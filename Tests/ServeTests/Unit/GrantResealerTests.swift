import Foundation
@testable import HMCPServe
import HMCPTesting
import Logging
import Shared
import Testing

/// Key rotation: idle grants are re-sealed in the background, so the previous key can be retired.
@Suite(.timeLimit(.minutes(1))) struct GrantResealerTests {
    static let oldKey = String(repeating: "o", count: 40)
    static let newKey = String(repeating: "n", count: 40)
    static let strayKey = String(repeating: "s", count: 40)

    /// A store on a real SQLite file holding one client and `count` grants sealed with `key`.
    static func store(at directory: URL, grants ids: [String], sealedWith key: String) async throws -> SQLiteStateStore {
        let store = try SQLiteStateStore(path: directory.appendingPathComponent("state.sqlite").path)
        try await store.insertClient(RegisteredClient(
            clientID: "c1", clientName: "Test", redirectURIs: ["http://127.0.0.1/cb"], grantTypes: ["authorization_code"],
            responseTypes: ["code"], tokenEndpointAuthMethod: "none", clientSecretDigest: nil, issuedAt: Date()))
        try await insert(ids, sealedWith: key, into: store)
        return store
    }

    static func insert(_ ids: [String], sealedWith key: String, into store: SQLiteStateStore) async throws {
        let sealer = try TokenSealer(key: key)
        for id in ids {
            let tokens = try HaloGrantBroker.seal(
                access: "access-\(id)", refresh: id.hasSuffix("3") ? nil : "refresh-\(id)",
                accessExpiresAt: Date(timeIntervalSince1970: 1_800_000_000), grantID: id, with: sealer)
            try await store.insertGrant(HaloGrant(
                id: id, clientID: "c1", agentID: 7, agentName: "A", scope: "halopsa", resource: "http://h", tokens: tokens,
                createdAt: Date()))
        }
    }

    @Test func idleGrantsMoveToTheCurrentKeyInBatchesAndThePreviousKeyCanBeRetired() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-reseal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ids = (1...7).map { "grant-\($0)" }
        let store = try await Self.store(at: directory, grants: ids, sealedWith: Self.oldKey)
        try await Self.insert(["grant-stray"], sealedWith: Self.strayKey, into: store)
        let rotating = try TokenSealer(key: Self.newKey, previousKey: Self.oldKey)
        let resealer = GrantResealer(
            store: store, sealer: rotating, interval: .seconds(300), batchSize: 3, clock: ContinuousClock(),
            logger: Logger(label: "reseal-test"))

        #expect(try await resealer.resealAll() == .init(resealed: 7, skipped: 1), "the stray grant opens with neither key")
        #expect(try await resealer.resealAll() == .init(resealed: 0, skipped: 1), "a second pass finds nothing left to do")

        let retired = try TokenSealer(key: Self.newKey)
        for id in ids {
            let grant = try #require(try await store.grant(id: id))
            #expect(!retired.needsResealing(grant.tokens.access))
            #expect(try retired.open(grant.tokens.access, context: HaloGrantBroker.context(id, "halo-access")) == "access-\(id)")
            let refresh = try grant.tokens.refresh.map { try retired.open($0, context: HaloGrantBroker.context(id, "halo-refresh")) }
            #expect(refresh == (id.hasSuffix("3") ? nil : "refresh-\(id)"))
            #expect(grant.tokens.accessExpiresAt == Date(timeIntervalSince1970: 1_800_000_000))
        }
        let stray = try #require(try await store.grant(id: "grant-stray"))
        #expect(stray.revision == 0, "a grant that cannot be opened is left as it was")
    }

    @Test func theServiceMakesAPassAtStartAndAnotherEachIntervalOfItsClock() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-reseal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.store(at: directory, grants: ["grant-1"], sealedWith: Self.oldKey)
        let rotating = try TokenSealer(key: Self.newKey, previousKey: Self.oldKey)
        let clock = ManualClock()
        let resealer = GrantResealer(
            store: store, sealer: rotating, interval: .seconds(300), clock: clock, logger: Logger(label: "reseal-test"))
        let service = Task { try await resealer.run() }
        defer { service.cancel() }

        await clock.waitForSleepers(1)
        #expect(try await store.grantIDs(sealedWithKeyOtherThan: rotating.currentKeyID, after: nil, limit: 10).isEmpty)
        try await Self.insert(["grant-2"], sealedWith: Self.oldKey, into: store)
        clock.advance(by: .seconds(299))
        #expect(try await store.grantIDs(sealedWithKeyOtherThan: rotating.currentKeyID, after: nil, limit: 10) == ["grant-2"])
        clock.advance(by: .seconds(1))
        await clock.waitForSleepers(1)
        #expect(try await store.grantIDs(sealedWithKeyOtherThan: rotating.currentKeyID, after: nil, limit: 10).isEmpty)
    }
}
