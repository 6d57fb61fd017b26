import Foundation

/// The `meta` table of a version: what was built, with which model, from where, up to when.
public struct IndexMeta: Sendable, Equatable {
    /// Layout version of the files (`IndexFormat.version`).
    public var formatVersion: Int
    /// The version number `N` of `index/v<N>`.
    public var indexVersion: Int
    /// When the writer finished.
    public var createdAt: Date
    /// Embedding provider, e.g. `local`, `openai`, `ollama`.
    public var embeddingProvider: String
    /// The embedder's model id; queries must be embedded with the same model.
    public var modelID: String
    /// Components per vector.
    public var dimension: Int
    /// Rows in `vectors.f32` and in `chunks`.
    public var rowCount: Int
    /// Rows in `tickets`.
    public var ticketCount: Int
    /// XXH64 of the `vectors.f32` payload (also in its header).
    public var matrixChecksum: UInt64
    /// XXH64 of the `vectors.f16` payload (also in its header); `nil` in format 1, which has no such file.
    public var halfMatrixChecksum: UInt64?
    /// `Chunker.version` the chunks were cut with.
    public var chunkerVersion: Int
    /// The latest `lastactiondate` seen in HaloPSA; the next incremental run starts from it.
    public var highWaterMark: Date?
    /// The HaloPSA base URL the tickets came from.
    public var sourceURL: String

    /// Creates a meta record.
    public init(
        formatVersion: Int = IndexFormat.version, indexVersion: Int, createdAt: Date, embeddingProvider: String,
        modelID: String, dimension: Int, rowCount: Int, ticketCount: Int, matrixChecksum: UInt64,
        halfMatrixChecksum: UInt64? = nil, chunkerVersion: Int, highWaterMark: Date?, sourceURL: String
    ) {
        self.formatVersion = formatVersion
        self.indexVersion = indexVersion
        self.createdAt = createdAt
        self.embeddingProvider = embeddingProvider
        self.modelID = modelID
        self.dimension = dimension
        self.rowCount = rowCount
        self.ticketCount = ticketCount
        self.matrixChecksum = matrixChecksum
        self.halfMatrixChecksum = halfMatrixChecksum
        self.chunkerVersion = chunkerVersion
        self.highWaterMark = highWaterMark
        self.sourceURL = sourceURL
    }

    /// The key/value pairs stored in `meta` (the high-water mark only when known).
    var entries: [String: String] {
        var entries = [
            Key.formatVersion: String(formatVersion), Key.indexVersion: String(indexVersion),
            Key.createdAt: Self.timestamp.format(createdAt), Key.embeddingProvider: embeddingProvider,
            Key.modelID: modelID, Key.dimension: String(dimension), Key.rowCount: String(rowCount),
            Key.ticketCount: String(ticketCount), Key.matrixChecksum: String(matrixChecksum, radix: 16),
            Key.chunkerVersion: String(chunkerVersion), Key.sourceURL: sourceURL,
        ]
        if let highWaterMark { entries[Key.highWaterMark] = Self.timestamp.format(highWaterMark) }
        if let halfMatrixChecksum { entries[Key.halfMatrixChecksum] = String(halfMatrixChecksum, radix: 16) }
        return entries
    }

    /// Parses the key/value pairs of `meta`, naming the first missing or invalid key.
    init(entries: [String: String]) throws {
        func value(_ key: String) throws -> String {
            guard let value = entries[key] else { throw IndexFormatError.missingMeta(key) }
            return value
        }
        func integer(_ key: String) throws -> Int {
            let text = try value(key)
            guard let number = Int(text), number >= 0 else { throw IndexFormatError.invalidMeta(key: key, value: text) }
            return number
        }
        func date(_ key: String) throws -> Date {
            let text = try value(key)
            guard let date = try? Self.timestamp.parse(text) else { throw IndexFormatError.invalidMeta(key: key, value: text) }
            return date
        }
        formatVersion = try integer(Key.formatVersion)
        guard IndexFormat.readableVersions.contains(formatVersion) else { throw IndexFormatError.unsupportedFormatVersion(formatVersion) }
        indexVersion = try integer(Key.indexVersion)
        createdAt = try date(Key.createdAt)
        embeddingProvider = try value(Key.embeddingProvider)
        modelID = try value(Key.modelID)
        dimension = try integer(Key.dimension)
        rowCount = try integer(Key.rowCount)
        ticketCount = try integer(Key.ticketCount)
        func checksum(_ key: String) throws -> UInt64 {
            let text = try value(key)
            guard let checksum = UInt64(text, radix: 16) else { throw IndexFormatError.invalidMeta(key: key, value: text) }
            return checksum
        }
        matrixChecksum = try checksum(Key.matrixChecksum)
        halfMatrixChecksum = formatVersion >= 2 ? try checksum(Key.halfMatrixChecksum) : nil
        chunkerVersion = try integer(Key.chunkerVersion)
        highWaterMark = entries[Key.highWaterMark] == nil ? nil : try date(Key.highWaterMark)
        sourceURL = try value(Key.sourceURL)
    }

    /// The names of the `meta` keys.
    enum Key {
        static let formatVersion = "format_version"
        static let indexVersion = "index_version"
        static let createdAt = "created_at"
        static let embeddingProvider = "embedding_provider"
        static let modelID = "model_id"
        static let dimension = "dimension"
        static let rowCount = "row_count"
        static let ticketCount = "ticket_count"
        static let matrixChecksum = "matrix_checksum"
        static let halfMatrixChecksum = "half_matrix_checksum"
        static let chunkerVersion = "chunker_version"
        static let highWaterMark = "high_water_mark"
        static let sourceURL = "source_url"
    }

    /// ISO 8601 with milliseconds, UTC.
    static let timestamp = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
