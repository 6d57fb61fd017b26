import Foundation
import GRDB

/// ``StateStore`` on a local SQLite file (`state.sqlite` in the data directory), through GRDB in WAL mode.
public final class SQLiteStateStore: StateStore {
    private let database: DatabasePool

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = GRDB.Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        database = try DatabasePool(path: path, configuration: configuration)
        try StateStoreSchema.migrator.migrate(database)
    }

    // MARK: Clients

    public func insertClient(_ client: RegisteredClient) async throws {
        try await database.write { db in try client.insert(db) }
    }

    public func client(id: String) async throws -> RegisteredClient? {
        try await database.read { db in try RegisteredClient.fetchOne(db, key: id) }
    }

    // MARK: Authorizations

    public func insertAuthorization(_ authorization: AuthorizationRecord) async throws {
        try await database.write { db in try authorization.insert(db) }
    }

    public func authorization(id: String) async throws -> AuthorizationRecord? {
        try await database.read { db in try AuthorizationRecord.fetchOne(db, key: id) }
    }

    public func authorization(secretDigest: String) async throws -> AuthorizationRecord? {
        try await database.read { db in
            try AuthorizationRecord.filter(Column("secret_digest") == secretDigest).fetchOne(db)
        }
    }

    public func replaceAuthorization(
        _ authorization: AuthorizationRecord, expecting expected: AuthorizationPhase.Kind
    ) async throws -> Bool {
        try await database.write { db in
            // One UPDATE guarded by the expected phase, so two processes cannot both move it on.
            let changed = try AuthorizationRecord.filter(key: authorization.id).filter(Column("phase") == expected.rawValue)
                .updateAll(db, authorization.databaseDictionary.map { Column($0.key).set(to: $0.value) })
            return changed == 1
        }
    }

    public func deleteAuthorization(id: String) async throws {
        try await database.write { db in _ = try AuthorizationRecord.deleteOne(db, key: id) }
    }

    // MARK: Grants

    public func insertGrant(_ grant: HaloGrant) async throws {
        try await database.write { db in try grant.insert(db) }
    }

    public func grant(id: String) async throws -> HaloGrant? {
        try await database.read { db in try HaloGrant.fetchOne(db, key: id) }
    }

    public func replaceGrantTokens(id: String, tokens: SealedHaloTokens, expectedRevision: Int) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: """
                    UPDATE grants SET key_id = ?, sealed_access = ?, sealed_refresh = ?, access_expires_at = ?,
                        revision = revision + 1
                    WHERE id = ? AND revision = ?
                    """,
                arguments: [
                    tokens.access.keyID, tokens.access.bytes, tokens.refresh?.bytes,
                    tokens.accessExpiresAt.timeIntervalSince1970, id, expectedRevision,
                ])
            return db.changesCount == 1
        }
    }

    public func deleteGrant(id: String) async throws {
        try await database.write { db in _ = try HaloGrant.deleteOne(db, key: id) }
    }

    public func grantIDs(sealedWithKeyOtherThan keyID: String, after: String?, limit: Int) async throws -> [String] {
        try await database.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM grants WHERE key_id != ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [keyID, after ?? "", limit])
        }
    }

    // MARK: Tokens

    public func insertTokens(_ tokens: [IssuedToken]) async throws {
        try await database.write { db in
            for token in tokens { try token.insert(db) }
        }
    }

    public func token(digest: String) async throws -> IssuedToken? {
        try await database.read { db in try IssuedToken.fetchOne(db, key: digest) }
    }

    public func rotateRefreshToken(digest: String, replacements: [IssuedToken]) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE tokens SET state = 'rotated' WHERE digest = ? AND kind = 'refresh' AND state = 'active'",
                arguments: [digest])
            guard db.changesCount == 1 else { return false }
            for token in replacements { try token.insert(db) }
            return true
        }
    }

    public func deleteToken(digest: String) async throws {
        try await database.write { db in _ = try IssuedToken.deleteOne(db, key: digest) }
    }

    // MARK: Maintenance

    public func removeExpired(now: Date, unusedClientAge: TimeInterval) async throws -> Int {
        try await database.write { db in
            let time = now.timeIntervalSince1970
            var removed = 0
            try db.execute(sql: "DELETE FROM tokens WHERE expires_at <= ?", arguments: [time])
            removed += db.changesCount
            try db.execute(sql: "DELETE FROM authorizations WHERE expires_at <= ?", arguments: [time])
            removed += db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM grants WHERE id NOT IN (SELECT grant_id FROM tokens)
                        AND id NOT IN (SELECT grant_id FROM authorizations WHERE grant_id IS NOT NULL)
                    """)
            removed += db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM clients WHERE issued_at <= ?
                        AND client_id NOT IN (SELECT client_id FROM grants)
                        AND client_id NOT IN (SELECT client_id FROM authorizations)
                    """,
                arguments: [time - unusedClientAge])
            removed += db.changesCount
            return removed
        }
    }

    public func checkAvailable() async throws {
        _ = try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM clients") }
    }
}

/// A state store failure that is not SQLite's own.
public enum StateStoreError: Error, CustomStringConvertible {
    /// A row does not have the shape this version writes.
    case corruptRow(String)

    /// One line.
    public var description: String {
        switch self {
        case .corruptRow(let detail): "state.sqlite holds an unreadable row: \(detail)"
        }
    }
}
