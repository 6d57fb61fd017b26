import Foundation
import GRDB
import Testing
@testable import Shared

@Suite("Index format: every corruption gets its typed error")
struct IndexFormatCorruptionTests {
    /// Writes a good version, lets `damage` change it, and returns what opening it throws.
    private func openingError(validation: IndexVersion.Validation = .full, expecting: IndexVersion.Expectation? = nil,
                              damage: (URL) throws -> Void) throws -> IndexFormatError? {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try IndexFormatFixtures.writeVersion(in: scratch.url)
        try damage(scratch.url)
        do {
            _ = try IndexVersion(directory: scratch.url, validation: validation, expecting: expecting)
            return nil
        } catch let error as IndexFormatError {
            return error
        }
    }

    private func patchVectors(_ directory: URL, at offset: UInt64, with bytes: [UInt8]) throws {
        let handle = try FileHandle(forWritingTo: directory.appendingPathComponent("vectors.f32"))
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
    }

    private func updateDatabase(_ directory: URL, _ sql: String) throws {
        let database = try DatabaseQueue(path: directory.appendingPathComponent("index.sqlite").path)
        try database.write { try $0.execute(sql: sql) }
        try database.close()
    }

    @Test("an intact version opens")
    func intact() throws {
        #expect(try openingError { _ in } == nil)
    }

    @Test("bad magic")
    func badMagic() throws {
        #expect(try openingError { try patchVectors($0, at: 0, with: Array("NOTAVEC".utf8)) } == .badMagic)
    }

    @Test("truncated matrix file")
    func truncated() throws {
        let error = try openingError { directory in
            let url = directory.appendingPathComponent("vectors.f32")
            #expect(truncate(url.path, 64 + 11 * 128 - 100) == 0)
        }
        #expect(error == .truncated(file: "vectors.f32", expectedBytes: 64 + 11 * 128, actualBytes: 64 + 11 * 128 - 100))
    }

    @Test("file shorter than a header")
    func shorterThanHeader() throws {
        let error = try openingError { #expect(truncate($0.appendingPathComponent("vectors.f32").path, 10) == 0) }
        #expect(error == .truncated(file: "vectors.f32", expectedBytes: 64, actualBytes: 10))
    }

    @Test("dimension in meta differs from the header")
    func wrongDimensionInMeta() throws {
        let error = try openingError { try updateDatabase($0, "UPDATE meta SET value = '16' WHERE key = 'dimension'") }
        #expect(error == .dimensionMismatch(expected: 16, actual: 20))
    }

    @Test("dimension differs from the embedder's")
    func wrongDimensionForModel() throws {
        let error = try openingError(expecting: .init(modelID: "local:test-model", dimension: 384)) { _ in }
        #expect(error == .dimensionMismatch(expected: 384, actual: 20))
    }

    @Test("model differs from the embedder's")
    func wrongModel() throws {
        let error = try openingError(expecting: .init(modelID: "local:bge-small", dimension: 20)) { _ in }
        #expect(error == .modelMismatch(expected: "local:bge-small", actual: "local:test-model"))
    }

    @Test("header with an impossible stride")
    func badStride() throws {
        let error = try openingError { try patchVectors($0, at: 24, with: [48, 0, 0, 0]) }
        #expect(error == .invalidHeader("stride 48 does not match dimension 20"))
    }

    @Test("a flipped payload byte fails the checksum (only checked by full validation)")
    func checksumMismatch() throws {
        let damage: (URL) throws -> Void = { try self.patchVectors($0, at: 64 + 200, with: [0x7F]) }
        guard case .checksumMismatch = try openingError(damage: damage) else {
            Issue.record("expected a checksum mismatch")
            return
        }
        #expect(try openingError(validation: .structure, damage: damage) == nil)
    }

    @Test("header checksum differs from meta")
    func checksumDiffersFromMeta() throws {
        let error = try openingError { try updateDatabase($0, "UPDATE meta SET value = 'abc' WHERE key = 'matrix_checksum'") }
        guard case .checksumMismatch(expected: 0xABC, actual: _) = error else {
            Issue.record("expected a checksum mismatch against meta, got \(String(describing: error))")
            return
        }
    }

    @Test("missing meta key, missing meta table, unreadable meta value", arguments: ["model_id", "row_count", "created_at"])
    func missingMeta(key: String) throws {
        #expect(try openingError { try updateDatabase($0, "DELETE FROM meta WHERE key = '\(key)'") } == .missingMeta(key))
    }

    @Test("missing meta table and invalid meta value")
    func brokenMeta() throws {
        #expect(try openingError { try updateDatabase($0, "DROP TABLE meta") } == .missingMeta("table meta"))
        #expect(try openingError { try updateDatabase($0, "UPDATE meta SET value = 'many' WHERE key = 'row_count'") }
            == .invalidMeta(key: "row_count", value: "many"))
        #expect(try openingError { try updateDatabase($0, "UPDATE meta SET value = '99' WHERE key = 'format_version'") }
            == .unsupportedFormatVersion(99))
    }

    @Test("chunk rows that do not match the matrix")
    func rowCountMismatch() throws {
        #expect(try openingError { try updateDatabase($0, "DELETE FROM chunks WHERE row = 10") }
            == .rowCountMismatch(expected: 11, actual: 10))
    }

    @Test("vectors.f16: a missing file, a flipped byte (full validation only) and a checksum unlike meta's are refused")
    func halfVectors() throws {
        #expect(try openingError { try FileManager.default.removeItem(at: $0.appendingPathComponent("vectors.f16")) }
            == .missingFile("vectors.f16"))
        let flip: (URL) throws -> Void = { directory in
            let handle = try FileHandle(forWritingTo: directory.appendingPathComponent("vectors.f16"))
            try handle.seek(toOffset: 64 + 10)
            try handle.write(contentsOf: Data([0x7F]))
            try handle.close()
        }
        guard case .checksumMismatch = try openingError(damage: flip) else {
            Issue.record("expected a checksum mismatch")
            return
        }
        #expect(try openingError(validation: .structure, damage: flip) == nil)
        let error = try openingError { try updateDatabase($0, "UPDATE meta SET value = 'abc' WHERE key = 'half_matrix_checksum'") }
        guard case .checksumMismatch(expected: 0xABC, actual: _) = error else {
            Issue.record("expected a checksum mismatch against meta, got \(String(describing: error))")
            return
        }
        #expect(try openingError { try updateDatabase($0, "DELETE FROM meta WHERE key = 'half_matrix_checksum'") }
            == .missingMeta("half_matrix_checksum"))
    }

    @Test("a format 1 version (no vectors.f16) still opens and is searched in float32")
    func formatOne() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try IndexFormatFixtures.writeVersion(in: scratch.url)
        let current = try IndexVersion(directory: scratch.url)
        #expect(current.meta.formatVersion == 2 && current.halfVectors != nil)
        let query = IndexFormatFixtures.unitVector(301)
        let expected = try SearchEngine(vectors: current.vectors, tickets: TicketTable(version: current)).rank(query).hits(count: 5)
        #expect(try SearchEngine(version: current).rank(query).hits(count: 5) == expected)
        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent("vectors.f16"))
        try updateDatabase(scratch.url, "DELETE FROM meta WHERE key = 'half_matrix_checksum'; UPDATE meta SET value = '1' WHERE key = 'format_version'")
        let handle = try FileHandle(forWritingTo: scratch.url.appendingPathComponent("vectors.f32"))
        try handle.seek(toOffset: 8)
        try handle.write(contentsOf: Data([1, 0, 0, 0]))
        try handle.close()
        let old = try IndexVersion(directory: scratch.url)
        #expect(old.meta.formatVersion == 1 && old.halfVectors == nil && old.meta.halfMatrixChecksum == nil)
        #expect(try SearchEngine(version: old).rank(query).hits(count: 5) == expected)
    }

    @Test("missing files")
    func missingFiles() throws {
        #expect(try openingError { try FileManager.default.removeItem(at: $0.appendingPathComponent("vectors.f32")) }
            == .missingFile("vectors.f32"))
        #expect(try openingError { try FileManager.default.removeItem(at: $0.appendingPathComponent("index.sqlite")) }
            == .missingFile("index.sqlite"))
    }

    @Test("a database file that is not SQLite")
    func notADatabase() throws {
        let error = try openingError { try Data(repeating: 0x41, count: 4096).write(to: $0.appendingPathComponent("index.sqlite")) }
        guard case .database = error else {
            Issue.record("expected a database error, got \(String(describing: error))")
            return
        }
    }

    @Test("a half-written matrix (writer never finished) is refused as incomplete")
    func halfWritten() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let vectors = scratch.url.appendingPathComponent("vectors.f32")
        do {
            let writer = try VectorFileWriter(url: vectors, dimension: 20)
            for seed in 0..<3 { try writer.append(IndexFormatFixtures.unitVector(seed)) }
        }
        #expect(throws: IndexFormatError.incomplete) { try MappedVectors(url: vectors) }
    }
}
