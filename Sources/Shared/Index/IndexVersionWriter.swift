import Foundation
import GRDB

/// Writes one index version into a private directory (normally `index/.tmp-v<N>`): ticket rows,
/// their chunks and one vector per chunk, then `finish` records `meta`, builds the keyword table and
/// flushes everything to disk. Publishing the directory is `IndexPublisher`'s job.
///
/// Each ticket's chunks occupy consecutive rows, in the order appended. Not thread-safe: one task
/// drives a writer.
public final class IndexVersionWriter {
    /// The directory being written.
    public let directory: URL
    /// The version number recorded in `meta`.
    public let indexVersion: Int
    /// Provider, model, dimension and source of this build.
    public let build: IndexBuild
    /// Rows written so far.
    public var rowCount: Int { vectors.rows }
    /// Tickets written so far.
    public var ticketCount: Int { ticketIDs.count }
    private let database: DatabaseQueue
    private let vectors: VectorFileWriter
    private let halfVectors: VectorFileWriter
    private var ticketIDs: Set<Int> = []
    /// Tickets written with an incomplete-history record so far.
    public private(set) var incompleteHistoryCount = 0
    private var finished = false

    /// Creates the three files of a version in `directory` (which must exist and should be empty).
    public init(directory: URL, indexVersion: Int, build: IndexBuild) throws {
        self.directory = directory
        self.indexVersion = indexVersion
        self.build = build
        let databaseURL = directory.appendingPathComponent(IndexFormat.databaseFileName)
        try FileSystem.remove(databaseURL)
        var configuration = GRDB.Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF")
        }
        do {
            database = try DatabaseQueue(path: databaseURL.path, configuration: configuration)
            try database.write { try $0.execute(sql: IndexSchema.tables) }
        } catch {
            throw IndexFormatError.database("\(error)")
        }
        vectors = try VectorFileWriter(url: directory.appendingPathComponent(IndexFormat.vectorsFileName), dimension: build.dimension)
        halfVectors = try VectorFileWriter(
            url: directory.appendingPathComponent(IndexFormat.halfVectorsFileName), dimension: build.dimension,
            dataType: VectorFileHeader.float16)
    }

    /// Appends a ticket with its chunks and their vectors (row `i` of `vectors` belongs to `chunks[i]`);
    /// `incompleteHistory` records that HaloPSA returned fewer of its actions than it counts.
    public func append(
        ticket: IndexedTicket, chunks: [Chunk], vectors matrix: Matrix, incompleteHistory: IncompleteHistory? = nil
    ) throws {
        try checkOpen()
        guard matrix.rows == chunks.count else {
            throw IndexFormatError.invalidInput("ticket \(ticket.id) has \(chunks.count) chunks but \(matrix.rows) vectors")
        }
        guard matrix.columns == build.dimension else {
            throw IndexFormatError.dimensionMismatch(expected: build.dimension, actual: matrix.columns)
        }
        if let stray = chunks.first(where: { $0.ticketID != ticket.id }) {
            throw IndexFormatError.invalidInput("a chunk of ticket \(stray.ticketID) was appended under ticket \(ticket.id)")
        }
        try matrix.values.withUnsafeBufferPointer { values in
            try append(ticket: ticket, chunks: chunks, incompleteHistory: incompleteHistory) { index in
                UnsafeBufferPointer(rebasing: values[index * matrix.columns ..< (index + 1) * matrix.columns])
            }
        }
    }

    /// Copies a ticket's row, chunks, vectors and incomplete-history record unchanged from `previous` (an
    /// incremental run's unchanged ticket). Returns false when `previous` does not hold the ticket.
    @discardableResult
    public func appendCopy(ofTicket id: Int, from previous: IndexVersion) throws -> Bool {
        try checkOpen()
        guard previous.meta.modelID == build.modelID else {
            throw IndexFormatError.modelMismatch(expected: build.modelID, actual: previous.meta.modelID)
        }
        guard previous.meta.chunkerVersion == build.chunkerVersion else {
            throw IndexFormatError.invalidInput(
                "cannot copy ticket \(id): chunker version \(previous.meta.chunkerVersion) differs from \(build.chunkerVersion)"
            )
        }
        guard let ticket = try previous.ticket(id: id) else { return false }
        let chunks = try previous.chunks(ofTicket: id)
        try append(ticket: ticket, chunks: chunks.map(\.chunk), incompleteHistory: try previous.incompleteHistory(ofTicket: id)) {
            index in previous.vectors.row(chunks[index].row)
        }
        return true
    }

    /// Records `meta`, builds the indexes and the FTS5 table, and flushes both files and the
    /// directory to disk. The version is complete (and can be published) once this returns.
    @discardableResult
    public func finish(highWaterMark: Date?) throws -> IndexMeta {
        try checkOpen()
        finished = true
        let header = try vectors.finish()
        let halfHeader = try halfVectors.finish()
        let built = IndexMeta(
            indexVersion: indexVersion, createdAt: Date(), embeddingProvider: build.embeddingProvider,
            modelID: build.modelID, dimension: build.dimension, rowCount: header.rows, ticketCount: ticketIDs.count,
            matrixChecksum: header.checksum, halfMatrixChecksum: halfHeader.checksum, chunkerVersion: build.chunkerVersion, highWaterMark: highWaterMark,
            sourceURL: build.sourceURL
        )
        // As stored (timestamps to the millisecond), so it equals what a reader of the version gets.
        let meta = try IndexMeta(entries: built.entries)
        do {
            try database.write { db in
                for (key, value) in built.entries {
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
                }
                try db.execute(sql: IndexSchema.finishing)
            }
            try database.close()
        } catch {
            throw IndexFormatError.database("\(error)")
        }
        try FileSystem.sync(directory.appendingPathComponent(IndexFormat.databaseFileName))
        try FileSystem.sync(directory)
        return meta
    }

    private func append(
        ticket: IndexedTicket, chunks: [Chunk], incompleteHistory: IncompleteHistory?, vector: (Int) -> UnsafeBufferPointer<Float>
    ) throws {
        if let incompleteHistory, incompleteHistory.ticketID != ticket.id {
            throw IndexFormatError.invalidInput("the history record of ticket \(incompleteHistory.ticketID) was appended under ticket \(ticket.id)")
        }
        guard !ticketIDs.contains(ticket.id) else { throw IndexFormatError.invalidInput("ticket \(ticket.id) was appended twice") }
        for index in chunks.indices { try vectors.validate(vector(index)) }
        let firstRow = vectors.rows
        for index in chunks.indices {
            try vectors.append(vector(index))
            try halfVectors.append(vector(index))
        }
        var stored = ticket
        stored.rows = firstRow ..< firstRow + chunks.count
        do {
            try database.write { db in
                try Self.insert(stored, chunks: chunks, into: db)
                if let incompleteHistory {
                    try db.cachedStatement(sql: IndexSchema.insertIncompleteHistory).execute(arguments: [
                        incompleteHistory.ticketID, incompleteHistory.actionsReceived, incompleteHistory.recordCount,
                    ])
                }
            }
        } catch {
            throw IndexFormatError.database("\(error)")
        }
        ticketIDs.insert(ticket.id)
        if incompleteHistory != nil { incompleteHistoryCount += 1 }
    }

    private static func insert(_ ticket: IndexedTicket, chunks: [Chunk], into db: Database) throws {
        try db.cachedStatement(sql: IndexSchema.insertTicket).execute(arguments: [
            ticket.id, ticket.summary, ticket.clientID, ticket.clientName, ticket.teamID, ticket.teamName,
            ticket.statusID, ticket.statusName, ticket.agentID, ticket.isOpen, ticket.lastActionDate,
            ticket.fingerprint, ticket.rows.lowerBound, ticket.rows.count,
        ])
        let insertChunk = try db.cachedStatement(sql: IndexSchema.insertChunk)
        for (offset, chunk) in chunks.enumerated() {
            try insertChunk.execute(arguments: [
                ticket.rows.lowerBound + offset, chunk.ticketID, chunk.kind.rawValue, chunk.actionID, chunk.ordinal,
                chunk.isPrivate, chunk.text, chunk.contentHash,
            ])
        }
    }

    private func checkOpen() throws {
        guard !finished else { throw IndexFormatError.invalidInput("the version in \(directory.lastPathComponent) is already finished") }
    }
}
