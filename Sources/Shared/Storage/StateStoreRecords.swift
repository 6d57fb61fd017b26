import Foundation
import GRDB

// The rows of `state.sqlite` as GRDB records: each type says once how it maps to its table's columns
// (names in snake_case, dates as seconds since 1970, lists as JSON text, sealed values as key id and
// bytes), and the store reads and writes whole records.

extension RegisteredClient: FetchableRecord, PersistableRecord {
    /// The `clients` table (its columns are the coding keys).
    public static let databaseTableName = "clients"

    /// Dates are seconds since 1970 (REAL), as the schema has always kept them.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    /// Dates are seconds since 1970 (REAL).
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
}

extension IssuedToken: FetchableRecord, PersistableRecord {
    /// The `tokens` table (its columns are the coding keys).
    public static let databaseTableName = "tokens"

    /// Dates are seconds since 1970 (REAL), as the schema has always kept them.
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
    /// Dates are seconds since 1970 (REAL).
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
}

extension HaloGrant: FetchableRecord, PersistableRecord {
    /// The `grants` table.
    public static let databaseTableName = "grants"

    /// A grant from its row; both sealed tokens carry the row's one key id.
    public init(row: Row) throws {
        let keyID: String = row["key_id"]
        let refresh: Data? = row["sealed_refresh"]
        self.init(
            id: row["id"], clientID: row["client_id"], agentID: row["agent_id"], agentName: row["agent_name"],
            scope: row["scope"], resource: row["resource"],
            tokens: SealedHaloTokens(
                access: SealedValue(keyID: keyID, bytes: row["sealed_access"]),
                refresh: refresh.map { SealedValue(keyID: keyID, bytes: $0) },
                accessExpiresAt: Date(timeIntervalSince1970: row["access_expires_at"])),
            revision: row["revision"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    /// The grant's columns.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["client_id"] = clientID
        container["agent_id"] = agentID
        container["agent_name"] = agentName
        container["scope"] = scope
        container["resource"] = resource
        container["key_id"] = tokens.access.keyID
        container["sealed_access"] = tokens.access.bytes
        container["sealed_refresh"] = tokens.refresh?.bytes
        container["access_expires_at"] = tokens.accessExpiresAt.timeIntervalSince1970
        container["revision"] = revision
        container["created_at"] = createdAt.timeIntervalSince1970
    }
}

extension AuthorizationRecord: FetchableRecord, PersistableRecord {
    /// The `authorizations` table.
    public static let databaseTableName = "authorizations"

    /// An authorization from its row: the phase is rebuilt from its kind, its digest and the columns
    /// only that phase fills.
    /// - Throws: ``StateStoreError/corruptRow(_:)`` for a phase this version does not know or one
    ///   missing its columns.
    public init(row: Row) throws {
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
            phase = .codeIssued(codeDigest: digest, grantID: try Self.grantID(in: row))
        case .exchanged:
            phase = .exchanged(codeDigest: digest, grantID: try Self.grantID(in: row))
        case nil:
            throw StateStoreError.corruptRow("unknown authorization phase")
        }
        self.init(
            id: row["id"], clientID: row["client_id"], redirectURI: row["redirect_uri"],
            redirectURIWasGiven: row["redirect_uri_given"], clientState: row["client_state"],
            codeChallenge: row["code_challenge"], scope: row["scope"], resource: row["resource"], phase: phase,
            expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
    }

    /// The authorization's columns; the phase's own columns are empty in the other phases.
    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["client_id"] = clientID
        container["redirect_uri"] = redirectURI
        container["redirect_uri_given"] = redirectURIWasGiven
        container["client_state"] = clientState
        container["code_challenge"] = codeChallenge
        container["scope"] = scope
        container["resource"] = resource
        container["phase"] = phase.kind.rawValue
        container["secret_digest"] = phase.secretDigest
        container["grant_id"] = phase.grantID
        container["expires_at"] = expiresAt.timeIntervalSince1970
        if case .awaitingUpstream(_, let verifier, let browserDigest) = phase {
            container["key_id"] = verifier.keyID
            container["sealed_verifier"] = verifier.bytes
            container["browser_digest"] = browserDigest
        } else {
            container["key_id"] = String?.none
            container["sealed_verifier"] = Data?.none
            container["browser_digest"] = String?.none
        }
    }

    private static func grantID(in row: Row) throws -> String {
        guard let value: String = row["grant_id"] else { throw StateStoreError.corruptRow("grant_id missing") }
        return value
    }
}
