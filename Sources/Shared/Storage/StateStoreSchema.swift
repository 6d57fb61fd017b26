import GRDB

/// The tables of `state.sqlite`, as GRDB migrations (run at open; each runs once).
enum StateStoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE clients (
                        client_id TEXT PRIMARY KEY,
                        client_name TEXT,
                        redirect_uris TEXT NOT NULL,
                        grant_types TEXT NOT NULL,
                        response_types TEXT NOT NULL,
                        token_endpoint_auth_method TEXT NOT NULL,
                        client_secret_digest TEXT,
                        issued_at REAL NOT NULL
                    );
                    CREATE TABLE authorizations (
                        id TEXT PRIMARY KEY,
                        client_id TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
                        redirect_uri TEXT NOT NULL,
                        redirect_uri_given INTEGER NOT NULL,
                        client_state TEXT,
                        code_challenge TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        resource TEXT NOT NULL,
                        phase TEXT NOT NULL,
                        secret_digest TEXT NOT NULL UNIQUE,
                        key_id TEXT,
                        sealed_verifier BLOB,
                        grant_id TEXT,
                        expires_at REAL NOT NULL
                    );
                    CREATE TABLE grants (
                        id TEXT PRIMARY KEY,
                        client_id TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
                        agent_id INTEGER NOT NULL,
                        agent_name TEXT,
                        scope TEXT NOT NULL,
                        resource TEXT NOT NULL,
                        key_id TEXT NOT NULL,
                        sealed_access BLOB NOT NULL,
                        sealed_refresh BLOB,
                        access_expires_at REAL NOT NULL,
                        revision INTEGER NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE tokens (
                        digest TEXT PRIMARY KEY,
                        kind TEXT NOT NULL,
                        grant_id TEXT NOT NULL REFERENCES grants(id) ON DELETE CASCADE,
                        client_id TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        resource TEXT NOT NULL,
                        expires_at REAL NOT NULL,
                        state TEXT NOT NULL
                    );
                    CREATE INDEX tokens_by_grant ON tokens(grant_id);
                    CREATE INDEX tokens_by_expiry ON tokens(expires_at);
                    CREATE INDEX authorizations_by_expiry ON authorizations(expires_at);
                    """)
        }
        migrator.registerMigration("oauth-field-hardening") { db in
            // A sign-in waiting for HaloPSA now carries the digest of its browser's cookie; the few in
            // flight at the upgrade have none and are dropped (their users start again). Clients get
            // the digest of their RFC 7592 registration access token (none for older clients).
            try db.execute(
                sql: """
                    ALTER TABLE authorizations ADD COLUMN browser_digest TEXT;
                    DELETE FROM authorizations WHERE phase = 'awaitingUpstream';
                    ALTER TABLE clients ADD COLUMN registration_token_digest TEXT;
                    """)
        }
        return migrator
    }
}
