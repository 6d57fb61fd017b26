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
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO clients (client_id, client_name, redirect_uris, grant_types, response_types,
                        token_endpoint_auth_method, client_secret_digest, issued_at, registration_token_digest)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    client.clientID, client.clientName, try Self.jsonList(client.redirectURIs),
                    try Self.jsonList(client.grantTypes), try Self.jsonList(client.responseTypes),
                    client.tokenEndpointAuthMethod, client.clientSecretDigest, client.issuedAt.timeIntervalSince1970,
                    client.registrationTokenDigest,
                ])
        }
    }

    public func client(id: String) async throws -> RegisteredClient? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM clients WHERE client_id = ?", arguments: [id])
            else { return nil }
            return RegisteredClient(
                clientID: row["client_id"], clientName: row["client_name"],
                redirectURIs: try Self.list(row["redirect_uris"]), grantTypes: try Self.list(row["grant_types"]),
                responseTypes: try Self.list(row["response_types"]),
                tokenEndpointAuthMethod: row["token_endpoint_auth_method"],
                clientSecretDigest: row["client_secret_digest"],
                issuedAt: Date(timeIntervalSince1970: row["issued_at"]),
                registrationTokenDigest: row["registration_token_digest"])
        }
    }

    // MARK: Authorizations

    public func insertAuthorization(_ authorization: AuthorizationRecord) async throws {
        try await database.write { db in
            var arguments = Self.authorizationArguments(authorization)
            arguments += [authorization.id]
            try db.execute(
                sql: """
                    INSERT INTO authorizations (client_id, redirect_uri, redirect_uri_given, client_state,
                        code_challenge, scope, resource, phase, secret_digest, key_id, sealed_verifier, browser_digest,
                        grant_id, expires_at, id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments)
        }
    }

    public func authorization(id: String) async throws -> AuthorizationRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM authorizations WHERE id = ?", arguments: [id])
                .map(Self.authorization(from:))
        }
    }

    public func authorization(secretDigest: String) async throws -> AuthorizationRecord? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM authorizations WHERE secret_digest = ?", arguments: [secretDigest])
                .map(Self.authorization(from:))
        }
    }

    public func replaceAuthorization(
        _ authorization: AuthorizationRecord, expecting expected: AuthorizationPhase.Kind
    ) async throws -> Bool {
        try await database.write { db in
            var arguments = Self.authorizationArguments(authorization)
            arguments += [authorization.id, expected.rawValue]
            try db.execute(
                sql: """
                    UPDATE authorizations SET client_id = ?, redirect_uri = ?, redirect_uri_given = ?,
                        client_state = ?, code_challenge = ?, scope = ?, resource = ?, phase = ?, secret_digest = ?,
                        key_id = ?, sealed_verifier = ?, browser_digest = ?, grant_id = ?, expires_at = ?
                    WHERE id = ? AND phase = ?
                    """,
                arguments: arguments)
            return db.changesCount == 1
        }
    }

    public func deleteAuthorization(id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM authorizations WHERE id = ?", arguments: [id])
        }
    }

    private static func authorizationArguments(_ record: AuthorizationRecord) -> StatementArguments {
        var keyID: String?
        var verifier: Data?
        var browserDigest: String?
        if case .awaitingUpstream(_, let sealed, let browser) = record.phase {
            keyID = sealed.keyID
            verifier = sealed.bytes
            browserDigest = browser
        }
        return [
            record.clientID, record.redirectURI, record.redirectURIWasGiven, record.clientState,
            record.codeChallenge, record.scope, record.resource, record.phase.kind.rawValue,
            record.phase.secretDigest, keyID, verifier, browserDigest, record.phase.grantID,
            record.expiresAt.timeIntervalSince1970,
        ]
    }

    private static func authorization(from row: Row) throws -> AuthorizationRecord {
        let digest: String = row["secret_digest"]
        let phase: AuthorizationPhase
        switch AuthorizationPhase.Kind(rawValue: row["phase"]) {
        case .awaitingConsent:
            phase = .awaitingConsent(csrfDigest: digest)
        case .awaitingUpstream:
            guard let keyID: String = row["key_id"], let bytes: Data = row["sealed_verifier"],
                let browserDigest: String = row["browser_digest"]
            else { throw StateStoreError.corruptRow("authorization without its sealed verifier or browser binding") }
            phase = .awaitingUpstream(
                stateDigest: digest, verifier: SealedValue(keyID: keyID, bytes: bytes), browserDigest: browserDigest)
        case .codeIssued:
            phase = .codeIssued(codeDigest: digest, grantID: try required(row, "grant_id"))
        case .exchanged:
            phase = .exchanged(codeDigest: digest, grantID: try required(row, "grant_id"))
        case nil:
            throw StateStoreError.corruptRow("unknown authorization phase")
        }
        return AuthorizationRecord(
            id: row["id"], clientID: row["client_id"], redirectURI: row["redirect_uri"],
            redirectURIWasGiven: row["redirect_uri_given"], clientState: row["client_state"],
            codeChallenge: row["code_challenge"], scope: row["scope"], resource: row["resource"], phase: phase,
            expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
    }

    // MARK: Grants

    public func insertGrant(_ grant: HaloGrant) async throws {
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO grants (id, client_id, agent_id, agent_name, scope, resource, key_id, sealed_access,
                        sealed_refresh, access_expires_at, revision, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    grant.id, grant.clientID, grant.agentID, grant.agentName, grant.scope, grant.resource,
                    grant.tokens.access.keyID, grant.tokens.access.bytes, grant.tokens.refresh?.bytes,
                    grant.tokens.accessExpiresAt.timeIntervalSince1970, grant.revision,
                    grant.createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func grant(id: String) async throws -> HaloGrant? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM grants WHERE id = ?", arguments: [id]) else {
                return nil
            }
            let keyID: String = row["key_id"]
            let refresh: Data? = row["sealed_refresh"]
            let tokens = SealedHaloTokens(
                access: SealedValue(keyID: keyID, bytes: row["sealed_access"]),
                refresh: refresh.map { SealedValue(keyID: keyID, bytes: $0) },
                accessExpiresAt: Date(timeIntervalSince1970: row["access_expires_at"]))
            return HaloGrant(
                id: row["id"], clientID: row["client_id"], agentID: row["agent_id"], agentName: row["agent_name"],
                scope: row["scope"], resource: row["resource"], tokens: tokens, revision: row["revision"],
                createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
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
        try await database.write { db in
            try db.execute(sql: "DELETE FROM grants WHERE id = ?", arguments: [id])
        }
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
            for token in tokens { try Self.insert(token, into: db) }
        }
    }

    public func token(digest: String) async throws -> IssuedToken? {
        try await database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE digest = ?", arguments: [digest])
            else { return nil }
            guard let kind = IssuedToken.Kind(rawValue: row["kind"]), let state = IssuedToken.State(rawValue: row["state"])
            else { throw StateStoreError.corruptRow("unknown token kind or state") }
            return IssuedToken(
                digest: row["digest"], kind: kind, grantID: row["grant_id"], clientID: row["client_id"],
                scope: row["scope"], resource: row["resource"],
                expiresAt: Date(timeIntervalSince1970: row["expires_at"]), state: state)
        }
    }

    public func rotateRefreshToken(digest: String, replacements: [IssuedToken]) async throws -> Bool {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE tokens SET state = 'rotated' WHERE digest = ? AND kind = 'refresh' AND state = 'active'",
                arguments: [digest])
            guard db.changesCount == 1 else { return false }
            for token in replacements { try Self.insert(token, into: db) }
            return true
        }
    }

    public func deleteToken(digest: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM tokens WHERE digest = ?", arguments: [digest])
        }
    }

    private static func insert(_ token: IssuedToken, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO tokens (digest, kind, grant_id, client_id, scope, resource, expires_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                token.digest, token.kind.rawValue, token.grantID, token.clientID, token.scope, token.resource,
                token.expiresAt.timeIntervalSince1970, token.state.rawValue,
            ])
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

    // MARK: Encoding helpers

    private static func jsonList(_ values: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }

    private static func list(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    private static func required(_ row: Row, _ column: String) throws -> String {
        guard let value: String = row[column] else { throw StateStoreError.corruptRow("\(column) missing") }
        return value
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
