import Foundation
import GRDB

/// One published (or about to be published) index version, opened read-only: its `meta`, the
/// memory-mapped matrix and the SQLite tables. The one reader for the indexer, the server and the
/// `status` command.
///
/// Opening validates the version; a version that fails gets a typed `IndexFormatError` and is never
/// half-used. The object is immutable and can be shared by any number of concurrent queries.
public final class IndexVersion: Sendable {
    /// How much `open` checks.
    public enum Validation: Sendable {
        /// Header, sizes, `meta`, row and ticket counts: cheap, for `status`.
        case structure
        /// Everything in `.structure`, plus the payload checksums (which also page the scanned matrix
        /// in, and let the float32 one, read only for re-scoring, leave the page cache again) and that
        /// the tickets' row ranges tile the chunk rows: for serving and importing.
        case full
    }

    /// What the caller requires of the version (e.g. the server's embedder).
    public struct Expectation: Sendable, Equatable {
        /// The model id queries will be embedded with.
        public var modelID: String
        /// That model's dimension.
        public var dimension: Int

        /// Describes the required model.
        public init(modelID: String, dimension: Int) {
            self.modelID = modelID
            self.dimension = dimension
        }

        /// What `embedder` requires: its model and width. A remote model of unknown width is asked
        /// once with a probe (so the caller can tell a dimension mismatch from a model mismatch).
        public static func of(_ embedder: any Embedder) async throws -> Expectation {
            let dimension = embedder.dimension > 0 ? embedder.dimension : try await embedder.embed(["dimension probe"], role: .document).columns
            return Expectation(modelID: embedder.modelID, dimension: dimension)
        }
    }

    /// The version's directory.
    public let directory: URL
    /// The `meta` record.
    public let meta: IndexMeta
    /// The mapped float32 matrix.
    public let vectors: MappedVectors
    /// The mapped float16 matrix (format 2 on) that single queries scan before re-scoring from `vectors`.
    public let halfVectors: MappedVectors?
    private let database: DatabaseQueue

    /// Opens and validates the version in `directory`.
    public init(directory: URL, validation: Validation = .full, expecting expectation: Expectation? = nil) throws {
        self.directory = directory
        let databaseURL = directory.appendingPathComponent(IndexFormat.databaseFileName)
        guard FileManager.default.fileExists(atPath: databaseURL.path) else {
            throw IndexFormatError.missingFile(IndexFormat.databaseFileName)
        }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        do {
            database = try DatabaseQueue(path: databaseURL.path, configuration: configuration)
        } catch {
            throw IndexFormatError.database("\(error)")
        }
        meta = try IndexMeta(entries: Self.read(database) { db in
            guard try db.tableExists("meta") else { throw IndexFormatError.missingMeta("table meta") }
            return try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM meta").map {
                (row: Row) in (row["key"] as String, row["value"] as String)
            })
        })
        vectors = try MappedVectors(url: directory.appendingPathComponent(IndexFormat.vectorsFileName))
        halfVectors = meta.formatVersion >= 2
            ? try MappedVectors(url: directory.appendingPathComponent(IndexFormat.halfVectorsFileName)) : nil
        try validate(validation, expectation)
    }

    /// The version number `N` of `v<N>`.
    public var number: Int { meta.indexVersion }

    /// The ticket with `id`, if the version holds it.
    public func ticket(id: Int) throws -> IndexedTicket? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(IndexSchema.ticketColumns) FROM tickets WHERE id = ?", arguments: [id])
                .map(Self.ticket)
        }
    }

    /// The tickets with the given ids that the version holds, in no particular order.
    public func tickets(ids: some Collection<Int>) throws -> [IndexedTicket] {
        try rows(of: "tickets", columns: IndexSchema.ticketColumns, where: "id", in: ids).map(Self.ticket)
    }

    /// Every ticket, in row order (an incremental run's starting point; the search's ticket table).
    public func allTickets() throws -> [IndexedTicket] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(IndexSchema.ticketColumns) FROM tickets ORDER BY first_row").map(Self.ticket)
        }
    }

    /// The chunks of a ticket, in row order.
    public func chunks(ofTicket id: Int) throws -> [IndexedChunk] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(IndexSchema.chunkColumns) FROM chunks WHERE ticket_id = ? ORDER BY row", arguments: [id])
                .map(Self.chunk)
        }
    }

    /// The chunks stored at the given rows, in no particular order.
    public func chunks(rows: some Collection<Int>) throws -> [IndexedChunk] {
        try self.rows(of: "chunks", columns: IndexSchema.chunkColumns, where: "row", in: rows).map(Self.chunk)
    }

    /// The tickets indexed with fewer actions than HaloPSA counts, by ticket id.
    public func incompleteHistories() throws -> [IncompleteHistory] {
        try read { db in
            guard try db.tableExists(IndexSchema.incompleteHistoriesTable) else { return [] }
            return try Row.fetchAll(db, sql: "SELECT ticket_id, actions_received, record_count FROM incomplete_histories ORDER BY ticket_id")
                .map(Self.incompleteHistory)
        }
    }

    /// Whether, and how, the ticket's history was indexed short.
    public func incompleteHistory(ofTicket id: Int) throws -> IncompleteHistory? {
        try read { db in
            guard try db.tableExists(IndexSchema.incompleteHistoriesTable) else { return nil }
            return try Row.fetchOne(
                db, sql: "SELECT ticket_id, actions_received, record_count FROM incomplete_histories WHERE ticket_id = ?",
                arguments: [id]
            ).map(Self.incompleteHistory)
        }
    }

    /// A copy of the stored vector of a chunk with this content hash, when the version was embedded
    /// with `modelID`; the indexer reuses it instead of embedding the same text again.
    public func vector(forContentHash contentHash: String, modelID: String) throws -> [Float]? {
        guard modelID == meta.modelID else { return nil }
        let row = try read { db in
            try Int.fetchOne(db, sql: "SELECT row FROM chunks WHERE content_hash = ? LIMIT 1", arguments: [contentHash])
        }
        return row.map { Array(vectors.row($0)) }
    }

    /// Runs a read against the version's database, wrapping SQLite errors as `IndexFormatError.database`.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.read(database, body)
    }

    /// The rows of `table` whose `column` is one of `values`.
    private func rows(of table: String, columns: String, where column: String, in values: some Collection<Int>) throws -> [Row] {
        guard !values.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(columns) FROM \(table) WHERE \(column) IN (\(IndexSchema.placeholders(values.count)))",
                arguments: StatementArguments(Array(values))
            )
        }
    }

    private static func read<T>(_ database: DatabaseQueue, _ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as IndexFormatError {
            throw error
        } catch {
            throw IndexFormatError.database("\(error)")
        }
    }

    private func validate(_ validation: Validation, _ expectation: Expectation?) throws {
        let header = vectors.header
        guard header.dimension == meta.dimension else {
            throw IndexFormatError.dimensionMismatch(expected: meta.dimension, actual: header.dimension)
        }
        guard header.rows == meta.rowCount else { throw IndexFormatError.rowCountMismatch(expected: meta.rowCount, actual: header.rows) }
        guard header.checksum == meta.matrixChecksum, !vectors.isHalfPrecision else {
            throw IndexFormatError.checksumMismatch(expected: meta.matrixChecksum, actual: header.checksum)
        }
        if let halfVectors {
            let half = halfVectors.header
            guard half.dimension == meta.dimension else { throw IndexFormatError.dimensionMismatch(expected: meta.dimension, actual: half.dimension) }
            guard half.rows == meta.rowCount else { throw IndexFormatError.rowCountMismatch(expected: meta.rowCount, actual: half.rows) }
            guard halfVectors.isHalfPrecision, half.checksum == meta.halfMatrixChecksum else {
                throw IndexFormatError.checksumMismatch(expected: meta.halfMatrixChecksum ?? 0, actual: half.checksum)
            }
        }
        if let expectation {
            guard expectation.modelID == meta.modelID else {
                throw IndexFormatError.modelMismatch(expected: expectation.modelID, actual: meta.modelID)
            }
            guard expectation.dimension == meta.dimension else {
                throw IndexFormatError.dimensionMismatch(expected: expectation.dimension, actual: meta.dimension)
            }
        }
        let (chunkCount, lowestRow, highestRow, ticketCount) = try read { db in
            let chunks = try Row.fetchOne(db, sql: "SELECT count(*), min(row), max(row) FROM chunks")!
            let tickets = try Int.fetchOne(db, sql: "SELECT count(*) FROM tickets") ?? 0
            return (chunks[0] as Int, chunks[1] as Int?, chunks[2] as Int?, tickets)
        }
        guard chunkCount == meta.rowCount, chunkCount == 0 || (lowestRow == 0 && highestRow == chunkCount - 1) else {
            throw IndexFormatError.rowCountMismatch(expected: meta.rowCount, actual: chunkCount)
        }
        guard ticketCount == meta.ticketCount else {
            throw IndexFormatError.invalidMeta(key: IndexMeta.Key.ticketCount, value: "\(meta.ticketCount), table holds \(ticketCount)")
        }
        guard validation == .full else { return }
        try vectors.verifyChecksum()
        if let halfVectors {
            vectors.releasePages()
            try halfVectors.verifyChecksum()
        }
        try validateRows()
    }

    /// Reads every ticket and chunk once, in row order, through two cursors (never all rows at once):
    /// each row must decode, the tickets' ranges must tile the chunk rows, each chunk must lie in its
    /// own ticket's range, and its content hash must match its kind and text (and the ticket's summary).
    private func validateRows() throws {
        let rowCount = meta.rowCount
        try read { db in
            let tickets = try Row.fetchCursor(db, sql: "SELECT \(IndexSchema.ticketColumns) FROM tickets ORDER BY first_row, id")
            let chunks = try Row.fetchCursor(db, sql: "SELECT \(IndexSchema.chunkColumns) FROM chunks ORDER BY row")
            var nextRow = 0
            while let ticketRow = try tickets.next() {
                let ticket = try Self.ticket(ticketRow)
                guard ticket.rows.lowerBound == nextRow else {
                    throw IndexFormatError.database("ticket \(ticket.id) starts at row \(ticket.rows.lowerBound), expected \(nextRow)")
                }
                let quotedSummary = Chunker.quotedSummary(of: ticket.summary, version: meta.chunkerVersion)
                for expectedRow in ticket.rows {
                    guard let chunkRow = try chunks.next() else {
                        throw IndexFormatError.rowCountMismatch(expected: rowCount, actual: expectedRow)
                    }
                    try Self.check(Self.chunk(chunkRow), at: expectedRow, of: ticket.id, quotedSummary: quotedSummary)
                }
                nextRow = ticket.rows.upperBound
            }
            guard nextRow == rowCount else { throw IndexFormatError.rowCountMismatch(expected: rowCount, actual: nextRow) }
        }
    }

    /// A chunk read during validation must sit at `row`, belong to `ticketID` and carry its own hash
    /// (without the summary its heading quotes, `quotedSummary`).
    private static func check(_ stored: IndexedChunk, at row: Int, of ticketID: Int, quotedSummary: String?) throws {
        let chunk = stored.chunk
        let key = "row \(stored.row)"
        guard stored.row == row else {
            throw IndexFormatError.invalidRow(table: "chunks", key: key, column: "row", reason: "is out of sequence, expected \(row)")
        }
        guard chunk.ticketID == ticketID else {
            throw IndexFormatError.invalidRow(
                table: "chunks", key: key, column: "ticket_id", reason: "is \(chunk.ticketID), but the row lies in ticket \(ticketID)'s range")
        }
        guard chunk.contentHash == Chunk.contentHash(kind: chunk.kind, text: chunk.text, quotedSummary: quotedSummary) else {
            throw IndexFormatError.invalidRow(table: "chunks", key: key, column: "content_hash", reason: "does not match the chunk's kind and text")
        }
    }

    /// Decodes a `tickets` row strictly (see ``StoredRow``).
    private static func ticket(_ row: Row) throws -> IndexedTicket {
        let stored = StoredRow(row, table: "tickets", keyColumn: "id", keyName: "ticket")
        var ticket = IndexedTicket(
            id: try stored.integer("id"), summary: try stored.text("summary"), clientID: try stored.optionalInteger("client_id"),
            clientName: try stored.optionalText("client_name"), teamID: try stored.optionalInteger("team_id"),
            teamName: try stored.optionalText("team_name"), statusID: try stored.optionalInteger("status_id"),
            statusName: try stored.optionalText("status_name"), agentID: try stored.optionalInteger("agent_id"),
            isOpen: try stored.flag("is_open"), lastActionDate: try stored.optionalDate("last_action_date"),
            fingerprint: try stored.text("fingerprint")
        )
        let firstRow = try stored.count("first_row")
        let rowCount = try stored.count("row_count")
        guard rowCount <= Int.max - firstRow else { throw stored.invalid("row_count", "is \(rowCount), past the end of any matrix") }
        ticket.rows = firstRow ..< firstRow + rowCount
        return ticket
    }

    /// Decodes an `incomplete_histories` row strictly (see ``StoredRow``).
    private static func incompleteHistory(_ row: Row) throws -> IncompleteHistory {
        let stored = StoredRow(row, table: "incomplete_histories", keyColumn: "ticket_id", keyName: "ticket")
        return IncompleteHistory(
            ticketID: try stored.integer("ticket_id"), actionsReceived: try stored.count("actions_received"),
            recordCount: try stored.count("record_count"))
    }

    /// Decodes a `chunks` row strictly (see ``StoredRow``).
    private static func chunk(_ row: Row) throws -> IndexedChunk {
        let stored = StoredRow(row, table: "chunks", keyColumn: "row", keyName: "row")
        let kindName = try stored.text("kind")
        guard let kind = ChunkKind(rawValue: kindName) else {
            throw stored.invalid("kind", "is \(kindName.debugDescription), expected one of \(ChunkKind.allCases.map(\.rawValue))")
        }
        let chunk = Chunk(
            ticketID: try stored.integer("ticket_id"), kind: kind, actionID: try stored.optionalInteger("action_id"),
            ordinal: try stored.count("ordinal"), text: try stored.text("text"), isPrivate: try stored.flag("is_private"),
            contentHash: try stored.text("content_hash")
        )
        return IndexedChunk(row: try stored.integer("row"), chunk: chunk)
    }
}
