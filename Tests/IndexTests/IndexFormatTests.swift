import Foundation
import Testing
@testable import Shared

@Suite("Index format")
struct IndexFormatTests {
    @Test("XXH64 matches the reference implementation, in one piece and streamed")
    func xxhash() {
        let cases: [([UInt8], UInt64)] = [
            ([], 0xEF46_DB37_51D8_E999), (Array("a".utf8), 0xD24E_C4F1_A98C_6E5B), (Array("abc".utf8), 0x44BC_2CF5_AD77_0999),
            (Array(repeating: UInt8(ascii: "x"), count: 31), 0x60DD_0D01_083B_99F0),
            (Array(repeating: UInt8(ascii: "y"), count: 32), 0x64DA_1F1D_3495_CE66),
            (Array(repeating: UInt8(ascii: "z"), count: 33), 0xC524_1253_C64E_0268),
            (Array((0..<768).map { UInt8($0 % 256) }), 0x8E03_C838_C596_036F),
        ]
        for (bytes, expected) in cases {
            #expect(bytes.withUnsafeBytes { XXHash64.hash($0) } == expected)
            for split in [1, 7, 31, 33] where split < bytes.count {
                var hasher = XXHash64()
                bytes.withUnsafeBytes { all in
                    var offset = 0
                    while offset < all.count {
                        let end = min(all.count, offset + split)
                        hasher.update(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
                        offset = end
                    }
                }
                #expect(hasher.finalize() == expected, "streamed in pieces of \(split)")
            }
        }
    }

    @Test("a written version reads back: meta, tickets, chunks and vectors, rows 64-byte aligned")
    func roundTrip() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let written = try IndexFormatFixtures.writeVersion(in: scratch.url, number: 7)
        let version = try IndexVersion(directory: scratch.url, validation: .full)
        #expect(version.meta == written)
        #expect(version.meta.indexVersion == 7 && version.meta.rowCount == 11 && version.meta.ticketCount == 5)
        #expect(version.meta.modelID == "local:test-model" && version.meta.dimension == 20 && version.meta.chunkerVersion == Chunker.version)
        #expect(version.meta.highWaterMark == Date(timeIntervalSince1970: 1_700_000_999))
        #expect(version.vectors.stride == 32)
        #expect(Int(bitPattern: version.vectors.base) % 64 == 0)
        let size = try FileManager.default.attributesOfItem(atPath: scratch.url.appendingPathComponent("vectors.f32").path)[.size] as? Int
        #expect(size == 64 + 11 * 32 * 4)

        var nextRow = 0
        for id in 1...5 {
            let (expectedTicket, expectedChunks, expectedVectors) = IndexFormatFixtures.ticket(id, chunkCount: id % 3 + 1)
            let ticket = try #require(try version.ticket(id: id))
            #expect(ticket.rows == nextRow ..< nextRow + expectedChunks.count)
            var expectedWithRows = expectedTicket
            expectedWithRows.rows = ticket.rows
            #expect(ticket == expectedWithRows)
            let chunks = try version.chunks(ofTicket: id)
            #expect(chunks.map(\.chunk) == expectedChunks)
            #expect(chunks.map(\.row) == Array(ticket.rows))
            for (offset, row) in ticket.rows.enumerated() {
                #expect(Array(version.vectors.row(row)) == expectedVectors.row(offset))
            }
            nextRow = ticket.rows.upperBound
        }
        #expect(try version.allTickets().map(\.id) == [1, 2, 3, 4, 5])
        #expect(try version.tickets(ids: [2, 4, 99]).map(\.id).sorted() == [2, 4])
        #expect(try version.chunks(rows: [0, 10]).map(\.row).sorted() == [0, 10])
    }

    @Test("a vector is found by content hash only for the same model")
    func vectorReuse() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try IndexFormatFixtures.writeVersion(in: scratch.url)
        let version = try IndexVersion(directory: scratch.url)
        let chunk = try version.chunks(ofTicket: 2)[1]
        let reused = try version.vector(forContentHash: chunk.chunk.contentHash, modelID: "local:test-model")
        #expect(reused == Array(version.vectors.row(chunk.row)))
        #expect(try version.vector(forContentHash: chunk.chunk.contentHash, modelID: "openai:other") == nil)
        #expect(try version.vector(forContentHash: "0000", modelID: "local:test-model") == nil)
    }

    @Test("an unchanged ticket is copied from the previous version row for row")
    func appendCopy() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let first = scratch.url.appendingPathComponent("a"), second = scratch.url.appendingPathComponent("b")
        try FileManager.default.createDirectory(at: first, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        try IndexFormatFixtures.writeVersion(in: first)
        let previous = try IndexVersion(directory: first)
        let writer = try IndexVersionWriter(directory: second, indexVersion: 2, build: IndexFormatFixtures.build)
        #expect(try writer.appendCopy(ofTicket: 5, from: previous))
        #expect(try !writer.appendCopy(ofTicket: 42, from: previous))
        try writer.finish(highWaterMark: nil)
        let copy = try IndexVersion(directory: second)
        #expect(copy.meta.highWaterMark == nil)
        let copied = try #require(try copy.ticket(id: 5))
        let original = try #require(try previous.ticket(id: 5))
        #expect(copied.rows == 0..<original.rows.count && copied.fingerprint == original.fingerprint)
        #expect(try copy.chunks(ofTicket: 5).map(\.chunk) == previous.chunks(ofTicket: 5).map(\.chunk))
        for (row, originalRow) in zip(copied.rows, original.rows) {
            #expect(Array(copy.vectors.row(row)) == Array(previous.vectors.row(originalRow)))
        }
        var otherModel = IndexFormatFixtures.build
        otherModel.modelID = "local:other"
        let third = scratch.url.appendingPathComponent("c")
        try FileManager.default.createDirectory(at: third, withIntermediateDirectories: true)
        let mismatched = try IndexVersionWriter(directory: third, indexVersion: 3, build: otherModel)
        #expect(throws: IndexFormatError.modelMismatch(expected: "local:other", actual: "local:test-model")) {
            try mismatched.appendCopy(ofTicket: 5, from: previous)
        }
    }

    @Test("bad writer input is refused before anything of it is written")
    func writerInput() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let writer = try IndexVersionWriter(directory: scratch.url, indexVersion: 1, build: IndexFormatFixtures.build)
        let (ticket, chunks, vectors) = IndexFormatFixtures.ticket(1, chunkCount: 2)
        var notUnit = vectors
        notUnit.values[25] += 0.5
        #expect(throws: IndexFormatError.self) { try writer.append(ticket: ticket, chunks: chunks, vectors: notUnit) }
        var withNaN = vectors
        withNaN.values[3] = .nan
        #expect(throws: IndexFormatError.self) { try writer.append(ticket: ticket, chunks: chunks, vectors: withNaN) }
        #expect(throws: IndexFormatError.self) {
            try writer.append(ticket: ticket, chunks: chunks, vectors: Matrix(rows: 1, columns: 20, values: vectors.row(0)))
        }
        #expect(throws: IndexFormatError.dimensionMismatch(expected: 20, actual: 10)) {
            try writer.append(ticket: ticket, chunks: chunks, vectors: Matrix(rows: 2, columns: 10))
        }
        let (_, strangerChunks, strangerVectors) = IndexFormatFixtures.ticket(9, chunkCount: 2)
        #expect(throws: IndexFormatError.self) { try writer.append(ticket: ticket, chunks: strangerChunks, vectors: strangerVectors) }
        #expect(writer.rowCount == 0 && writer.ticketCount == 0)
        try writer.append(ticket: ticket, chunks: chunks, vectors: vectors)
        #expect(throws: IndexFormatError.invalidInput("ticket 1 was appended twice")) {
            try writer.append(ticket: ticket, chunks: chunks, vectors: vectors)
        }
        try writer.finish(highWaterMark: nil)
        #expect(throws: IndexFormatError.self) { try writer.append(ticket: ticket, chunks: chunks, vectors: vectors) }
        let version = try IndexVersion(directory: scratch.url)
        #expect(version.meta.rowCount == 2 && version.meta.ticketCount == 1)
    }

    @Test("keyword table is built: BM25 finds the chunk text")
    func keywordTable() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        try IndexFormatFixtures.writeVersion(in: scratch.url)
        let version = try IndexVersion(directory: scratch.url)
        let hits = try version.keywordSearch("ticket 4 toner", count: 10)
        #expect(hits.first?.ticketID == 4)
        #expect(Set(hits.map(\.ticketID)) == [1, 2, 3, 4, 5])
    }
}
