/// The SQL of `index.sqlite`. Rows of `chunks` are numbered like the rows of `vectors.f32`; every
/// ticket's chunks are contiguous (`first_row ..< first_row + row_count`).
enum IndexSchema {
    /// Tables created before the first row is written.
    static let tables = """
        CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            summary TEXT NOT NULL,
            client_id INTEGER, client_name TEXT,
            team_id INTEGER, team_name TEXT,
            status_id INTEGER, status_name TEXT,
            agent_id INTEGER,
            is_open INTEGER NOT NULL,
            last_action_date TEXT,
            fingerprint TEXT NOT NULL,
            first_row INTEGER NOT NULL,
            row_count INTEGER NOT NULL
        );
        CREATE TABLE chunks (
            row INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            action_id INTEGER,
            ordinal INTEGER NOT NULL,
            is_private INTEGER NOT NULL,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL
        );
        CREATE TABLE incomplete_histories (
            ticket_id INTEGER PRIMARY KEY,
            actions_received INTEGER NOT NULL,
            record_count INTEGER NOT NULL
        );
        """

    /// Indexes and the keyword table, built once all rows are in (faster than maintaining them per insert).
    static let finishing = """
        CREATE INDEX chunks_by_ticket ON chunks(ticket_id);
        CREATE INDEX chunks_by_content_hash ON chunks(content_hash);
        CREATE VIRTUAL TABLE chunks_fts USING fts5(
            text, content='chunks', content_rowid='row', tokenize='porter unicode61 remove_diacritics 2'
        );
        INSERT INTO chunks_fts(chunks_fts) VALUES('rebuild');
        """

    static let insertTicket = """
        INSERT INTO tickets (id, summary, client_id, client_name, team_id, team_name, status_id, status_name,
            agent_id, is_open, last_action_date, fingerprint, first_row, row_count)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let insertChunk = """
        INSERT INTO chunks (row, ticket_id, kind, action_id, ordinal, is_private, text, content_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let insertIncompleteHistory = """
        INSERT INTO incomplete_histories (ticket_id, actions_received, record_count) VALUES (?, ?, ?)
        """

    /// Table of the tickets whose history HaloPSA returned short; versions written before it have none.
    static let incompleteHistoriesTable = "incomplete_histories"

    static let ticketColumns = """
        id, summary, client_id, client_name, team_id, team_name, status_id, status_name, agent_id, is_open,
        last_action_date, fingerprint, first_row, row_count
        """

    static let chunkColumns = "row, ticket_id, kind, action_id, ordinal, is_private, text, content_hash"

    /// `count` comma-separated `?` placeholders for an `IN (...)` list.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ",")
    }
}
