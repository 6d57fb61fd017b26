import CSearchKernels
import Foundation
import Testing
@testable import Shared

/// The float16 scan with float32 re-scoring returns exactly the float32 ranking: the same tickets,
/// scores, rows and order, for every page, even where float16 cannot tell the scores apart.
@Suite("Half-precision search")
struct HalfPrecisionSearchTests {
    static let dimension = 384

    /// Rows that float16 rounding cannot order: `count` unit vectors `normalize(q + t·v)` for
    /// `t` stepping by 1e-5 around a common base (score gaps far below float16's 2⁻¹¹), shuffled,
    /// between random rows, plus exact duplicates; grouped into tickets of 1 to 4 rows.
    struct NearTies {
        let directory: URL
        let query: [Float]
        let rowsPerTicket: [Int]
        let float32: SearchEngine
        let float16: SearchEngine
        let rows: [[Float]]

        init(seed: UInt64) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-half-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var random = SeededVectors(seed: seed)
            query = random.unitVector(dimension)
            let across = random.unitVector(dimension)
            var rows: [[Float]] = []
            for step in 0..<300 {
                let t = Float(0.9) + Float(step % 150) * 1e-5
                let mixed = zip(query, across).map { t * $0 + (1 - t) * $1 + Float(step / 150) * 1e-6 * $1 }
                let length = mixed.reduce(0) { $0 + $1 * $1 }.squareRoot()
                rows.append(mixed.map { $0 / length })
            }
            rows += (0..<600).map { _ in random.unitVector(dimension) }
            rows += rows.prefix(20)
            var order = Array(rows.indices)
            for index in order.indices.reversed() {
                order.swapAt(index, Int(random.next().magnitude * Float(index + 1)) % (index + 1))
            }
            rows = order.map { rows[$0] }
            self.rows = rows
            var sizes: [Int] = []
            var left = rows.count
            while left > 0 {
                let size = min(left, 1 + Int(random.next().magnitude * 4) % 4)
                sizes.append(size)
                left -= size
            }
            rowsPerTicket = sizes
            let full = directory.appendingPathComponent(IndexFormat.vectorsFileName)
            let half = directory.appendingPathComponent(IndexFormat.halfVectorsFileName)
            let fullWriter = try VectorFileWriter(url: full, dimension: dimension)
            let halfWriter = try VectorFileWriter(url: half, dimension: dimension, dataType: VectorFileHeader.float16)
            for row in rows {
                try fullWriter.append(row)
                try halfWriter.append(row)
            }
            try fullWriter.finish()
            try halfWriter.finish()
            let table = TicketTable(sizes.enumerated().map { TicketTable.Entry(id: 5000 + $0, rowCount: $1, isOpen: $0 % 3 != 0) })
            float32 = try SearchEngine(vectors: MappedVectors(url: full), tickets: table, threads: 2)
            float16 = try SearchEngine(vectors: MappedVectors(url: full), halfVectors: MappedVectors(url: half), tickets: table, threads: 2)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test("the premise: float16 scores reorder the near-tied rows that float32 tells apart")
    func premise() throws {
        let ties = try NearTies(seed: 3)
        defer { ties.remove() }
        let half = try #require(ties.float16.halfVectors)
        let count = ties.rows.count
        var approximate = [Float](repeating: 0, count: count)
        var exact = [Float](repeating: 0, count: count)
        var query = ties.query
        query += [Float](repeating: 0, count: half.stride - query.count)
        hmcp_half_dot_scan(half.halfBase, count, half.stride, query, &approximate)
        hmcp_dot_scan(ties.float32.vectors.base, count, ties.float32.vectors.stride, query, &exact)
        let byExact = exact.indices.sorted { exact[$0] > exact[$1] || (exact[$0] == exact[$1] && $0 < $1) }
        let byApproximate = approximate.indices.sorted { approximate[$0] > approximate[$1] || (approximate[$0] == approximate[$1] && $0 < $1) }
        #expect(Array(byExact.prefix(50)) != Array(byApproximate.prefix(50)))
        let bound = ExactRescoring.errorBound(query: query, dimension: Self.dimension)
        #expect(zip(approximate, exact).allSatisfy { abs($0 - $1) <= bound }, "every row within the bound")
        #expect(bound < 1e-3)
    }

    @Test("every page, every filter: the same tickets, scores, rows and order as float32", arguments: [3, 11, 29] as [UInt64])
    func identicalRanking(seed: UInt64) throws {
        let ties = try NearTies(seed: seed)
        defer { ties.remove() }
        for filter in [SearchFilter.none, SearchFilter(openOnly: true)] {
            let exact = try ties.float32.rank(ties.query, filter: filter)
            let half = try ties.float16.rank(ties.query, filter: filter)
            for count in [1, 5, 10, 37, 200, 2000] {
                #expect(half.hits(count: count) == exact.hits(count: count), "top \(count)")
            }
            for offset in stride(from: 0, to: 120, by: 7) {
                #expect(half.hits(from: offset, count: 7) == exact.hits(from: offset, count: 7), "page at \(offset)")
            }
            for hit in exact.hits(count: 60) {
                #expect(half.hit(forTicketOwningRow: hit.row) == exact.hit(forTicketOwningRow: hit.row))
            }
        }
    }

    @Test("each variant of both float16 kernels stays within the error bound of the float32 scan")
    func kernelVariants() throws {
        let ties = try NearTies(seed: 5)
        defer { ties.remove() }
        let half = try #require(ties.float16.halfVectors)
        let full = ties.float32.vectors
        var random = SeededVectors(seed: 6)
        // Five queries (the tie query and four random ones), so the several-query kernel's groups of four leave one over.
        let queries = ([ties.query] + (0..<4).map { _ in random.unitVector(Self.dimension) }).map { $0 + [Float](repeating: 0, count: half.stride - Self.dimension) }
        // 917 rows: neither the single-query kernel's groups of sixteen nor the several-query one's tiles of four divide it.
        let count = ties.rows.count - 3
        let exact = queries.map { query in
            var scores = [Float](repeating: 0, count: count)
            hmcp_dot_scan(full.base, count, full.stride, query, &scores)
            return scores
        }
        let bounds = queries.map { ExactRescoring.errorBound(query: $0, dimension: Self.dimension) }
        var ran = 0
        for variant in ["avx512", "avx2", "generic"] {
            var single = [Float](repeating: .nan, count: count)
            guard hmcp_half_dot_scan_using(variant, half.halfBase, count, half.stride, queries[0], &single) == 1 else { continue }
            ran += 1
            #expect(zip(single, exact[0]).allSatisfy { abs($0 - $1) <= bounds[0] }, "single-query \(variant)")
            var block = [Float](repeating: .nan, count: count * queries.count)
            var scratch = [Float](repeating: 0, count: 4 * half.stride)
            #expect(hmcp_half_dot_block_using(
                variant, half.halfBase, count, half.stride, queries.flatMap { $0 }, queries.count, half.stride, &block, &scratch) == 1)
            for query in queries.indices {
                let line = block[query * count ..< (query + 1) * count]
                #expect(zip(line, exact[query]).allSatisfy { abs($0 - $1) <= bounds[query] }, "several-query \(variant), query \(query)")
            }
        }
        #expect(ran >= 1)
    }

    @Test("a batch over float16 gives each query's float32 ranking: the same tickets, scores, rows and order", arguments: [3, 11] as [UInt64])
    func identicalBatch(seed: UInt64) throws {
        let ties = try NearTies(seed: seed)
        defer { ties.remove() }
        var random = SeededVectors(seed: seed + 100)
        let queries = [ties.query, ties.query] + (0..<3).map { _ in random.unitVector(Self.dimension) } + [ties.rows[ties.rows.count / 2]]
        let matrix = Matrix(rows: queries.count, columns: Self.dimension, values: queries.flatMap { $0 })
        for filter in [SearchFilter.none, SearchFilter(openOnly: true)] {
            for count in [1, 10, 37, 200] {
                let batch = try ties.float16.nearest(matrix, count: count, filter: filter)
                for (query, hits) in zip(queries, batch) {
                    #expect(hits == (try ties.float32.rank(query, filter: filter).hits(count: count)), "top \(count)")
                }
            }
        }
    }

    @Test("similar tickets over float16: the float32 ranking by the best match with any of the ticket's chunks")
    func identicalSimilar() throws {
        let ties = try NearTies(seed: 13)
        defer { ties.remove() }
        let table = ties.float32.tickets
        // The ticket owning the best near-tie row for the tie query, and one of random rows.
        let nearTie = table.ticket(ofRow: try #require(try ties.float32.rank(ties.query).hits(count: 1).first).row)
        for ticket in [nearTie, table.count / 2] {
            let id = table.ids[ticket]
            let excluding = SearchFilter(excludedTicketIDs: [id])
            var best: [Int: TicketHit] = [:]
            for row in table.rows(ofTicket: ticket) {
                for hit in try ties.float32.rank(ties.rows[row], filter: excluding).hits(count: table.count) where hit.score > best[hit.ticketID]?.score ?? -.infinity {
                    best[hit.ticketID] = hit
                }
            }
            let expected = best.values.sorted { $0.score > $1.score || ($0.score == $1.score && $0.ticketID < $1.ticketID) }
            let similar = try ties.float16.rankSimilar(toTicket: id)
            for count in [1, 10, 50, 400] {
                #expect(similar.hits(count: count) == Array(expected.prefix(count)), "ticket \(id), top \(count)")
            }
        }
    }

    @Test("float16 files round each component to the nearest half and carry their own checksum")
    func halfFile() throws {
        let ties = try NearTies(seed: 7)
        defer { ties.remove() }
        let half = try #require(ties.float16.halfVectors)
        #expect(half.isHalfPrecision && half.stride == 384 && half.payload.count == ties.rows.count * 384 * 2)
        try half.verifyChecksum()
        let stored = UnsafeBufferPointer(start: half.halfBase + 17 * half.stride, count: Self.dimension)
        #expect(stored.elementsEqual(ties.rows[17].map { Float16($0).bitPattern }))
    }
}
