import Foundation
import GRDB
import Testing
@testable import Shared

/// Full validation reads every column of every row: a value the format does not allow is refused
/// with an error naming the table, the row and the column, never a trap.
@Suite("Index format: every row and column is validated")
struct IndexRowValidationTests {
    /// What a damaged row's error names: table, row, column.
    struct Culprit: Equatable, CustomStringConvertible {
        let table: String, key: String, column: String
        var description: String { "\(table) \(key) \(column)" }
    }

    /// Writes the fixture version (tickets 1…5; ticket 1 holds rows 0–1, 2 rows 2–4, 3 row 5, 4 rows
    /// 6–7, 5 rows 8–10), applies `sql` and returns what full validation blames.
    private func culprit(_ sql: String, allowingNullIn nullable: (table: String, column: String, type: String)? = nil) throws -> Culprit? {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try IndexFormatFixtures.writeVersion(in: scratch.url)
        let path = scratch.url.appendingPathComponent("index.sqlite").path
        if let nullable { try Self.dropNotNull(nullable.column, nullable.type, of: nullable.table, at: path) }
        let database = try DatabaseQueue(path: path)
        try database.write { try $0.execute(sql: sql) }
        try database.close()
        do {
            _ = try IndexVersion(directory: scratch.url, validation: .full)
            return nil
        } catch let IndexFormatError.invalidRow(table, key, column, _) {
            return Culprit(table: table, key: key, column: column)
        }
    }

    /// Rewrites the table's schema without the column's `NOT NULL`, as a foreign tool might have built it.
    static func dropNotNull(_ column: String, _ type: String = "TEXT", of table: String, at path: String) throws {
        let database = try DatabaseQueue(path: path)
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(
                sql: "UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE name = ?",
                arguments: ["\(column) \(type) NOT NULL", "\(column) \(type)", table])
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        try database.close()
    }

    @Test("a NULL chunk text is refused, naming the row and the column")
    func nullText() throws {
        let expected = Culprit(table: "chunks", key: "row 3", column: "text")
        #expect(try culprit("UPDATE chunks SET text = NULL WHERE row = 3", allowingNullIn: ("chunks", "text", "TEXT")) == expected)
    }

    @Test("a chunk column with a value its column cannot hold", arguments: [
        ("UPDATE chunks SET kind = 'attachment' WHERE row = 5", "row 5", "kind"),
        ("UPDATE chunks SET content_hash = 'abc' WHERE row = 7", "row 7", "content_hash"),
        ("UPDATE chunks SET text = 'edited after hashing' WHERE row = 1", "row 1", "content_hash"),
        ("UPDATE chunks SET text = X'00FF' WHERE row = 9", "row 9", "text"),
        ("UPDATE chunks SET ticket_id = 'abc' WHERE row = 2", "row 2", "ticket_id"),
        ("UPDATE chunks SET ticket_id = 2 WHERE row = 0", "row 0", "ticket_id"),
        ("UPDATE chunks SET is_private = 2 WHERE row = 4", "row 4", "is_private"),
        ("UPDATE chunks SET ordinal = 1.5 WHERE row = 6", "row 6", "ordinal"),
        ("UPDATE chunks SET action_id = 'seven' WHERE row = 10", "row 10", "action_id"),
    ])
    func badChunkValue(sql: String, key: String, column: String) throws {
        #expect(try culprit(sql) == Culprit(table: "chunks", key: key, column: column))
    }

    @Test("a ticket column with a value its column cannot hold", arguments: [
        ("UPDATE tickets SET is_open = 'yes' WHERE id = 2", "ticket 2", "is_open"),
        ("UPDATE tickets SET client_id = 1.5 WHERE id = 1", "ticket 1", "client_id"),
        ("UPDATE tickets SET last_action_date = 'soon' WHERE id = 3", "ticket 3", "last_action_date"),
        ("UPDATE tickets SET team_name = X'01' WHERE id = 5", "ticket 5", "team_name"),
    ])
    func badTicketValue(sql: String, key: String, column: String) throws {
        #expect(try culprit(sql) == Culprit(table: "tickets", key: key, column: column))
    }

    @Test("values the old reader trapped on: a NULL summary, a negative row count")
    func formerTraps() throws {
        #expect(try culprit("UPDATE tickets SET summary = NULL WHERE id = 4", allowingNullIn: ("tickets", "summary", "TEXT"))
            == Culprit(table: "tickets", key: "ticket 4", column: "summary"))
        #expect(try culprit("UPDATE tickets SET row_count = -1 WHERE id = 5") == Culprit(table: "tickets", key: "ticket 5", column: "row_count"))
    }

    @Test("reading an undecodable row of a version opened without full validation throws instead of trapping")
    func readingABadRowThrows() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try IndexFormatFixtures.writeVersion(in: scratch.url)
        let path = scratch.url.appendingPathComponent("index.sqlite").path
        try Self.dropNotNull("text", of: "chunks", at: path)
        let database = try DatabaseQueue(path: path)
        try database.write { try $0.execute(sql: "UPDATE chunks SET text = NULL WHERE row = 3") }
        try database.close()
        let version = try IndexVersion(directory: scratch.url, validation: .structure)
        #expect(throws: IndexFormatError.invalidRow(table: "chunks", key: "row 3", column: "text", reason: "is NULL, expected text")) {
            try version.chunks(rows: [2, 3])
        }
        #expect(try version.chunks(rows: [2]).map(\.row) == [2], "the good rows still read")
    }

    @Test("the search's ticket table throws on an undecodable ticket row instead of trapping")
    func ticketTableThrows() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try IndexFormatFixtures.writeVersion(in: scratch.url)
        let path = scratch.url.appendingPathComponent("index.sqlite").path
        try Self.dropNotNull("row_count", "INTEGER", of: "tickets", at: path)
        let database = try DatabaseQueue(path: path)
        try database.write { try $0.execute(sql: "UPDATE tickets SET row_count = NULL WHERE id = 2") }
        try database.close()
        let version = try IndexVersion(directory: scratch.url, validation: .structure)
        #expect(throws: IndexFormatError.self) { try TicketTable(version: version) }
        #expect(throws: IndexFormatError.self) { try IndexVersion(directory: scratch.url, validation: .full) }
    }

    @Test("the message names the table, the row and the column")
    func message() {
        let error = IndexFormatError.invalidRow(table: "chunks", key: "row 3", column: "text", reason: "is NULL, expected text")
        #expect(error.description == "index table chunks, row 3, column text is NULL, expected text")
    }
}
