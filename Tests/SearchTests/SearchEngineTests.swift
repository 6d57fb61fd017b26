import Foundation
import Testing
@testable import Shared

@Suite("Exact search against a brute-force reference")
struct SearchEngineTests {
    @Test("one query: top-k equals brute force", arguments: [
        (1, 8, 1), (7, 20, 3), (500, 384, 10), (5_000, 20, 50), (40_000, 32, 10), (40_001, 384, 100),
    ])
    func singleQuery(rowCount: Int, dimension: Int, count: Int) throws {
        let fixture = try SearchFixture(dimension: dimension, rowsPerTicket: Array(repeating: 1, count: rowCount), seed: UInt64(rowCount))
        defer { fixture.remove() }
        var random = SeededVectors(seed: 99)
        for _ in 0..<3 {
            let query = random.unitVector(dimension)
            let hits = try fixture.engine.rank(query).hits(count: count)
            #expect(expectSameRanking(hits, fixture.reference(queries: [query]), count: count))
        }
    }

    @Test("a batch: each query's top-k equals brute force", arguments: [(2, 300, 5), (3, 9_000, 10), (32, 40_000, 10), (5, 1, 3)])
    func batch(queryCount: Int, rowCount: Int, count: Int) throws {
        let fixture = try SearchFixture(dimension: 384, rowsPerTicket: Array(repeating: 1, count: rowCount), seed: 7)
        defer { fixture.remove() }
        var random = SeededVectors(seed: UInt64(queryCount))
        let queries = (0..<queryCount).map { _ in random.unitVector(384) }
        let results = try fixture.engine.nearest(Matrix(rows: queryCount, columns: 384, values: queries.flatMap { $0 }), count: count)
        #expect(results.count == queryCount)
        for (query, hits) in zip(queries, results) {
            #expect(expectSameRanking(hits, fixture.reference(queries: [query]), count: count))
        }
    }

    @Test("chunks are grouped by ticket: a ticket scores as its best chunk and appears once")
    func groupsByTicket() throws {
        let layout = (0..<3_000).map { [1, 3, 0, 7, 2][$0 % 5] }
        let fixture = try SearchFixture(dimension: 64, rowsPerTicket: layout, seed: 3)
        defer { fixture.remove() }
        var random = SeededVectors(seed: 5)
        let query = random.unitVector(64)
        let hits = try fixture.engine.rank(query).hits(count: 40)
        #expect(Set(hits.map(\.ticketID)).count == hits.count)
        #expect(expectSameRanking(hits, fixture.reference(queries: [query]), count: 40))
        let batch = try fixture.engine.nearest(Matrix(rows: 2, columns: 64, values: query + random.unitVector(64)), count: 40)
        #expect(batch[0].map(\.ticketID) == hits.map(\.ticketID) && batch[0].map(\.row) == hits.map(\.row))
        #expect(zip(batch[0], hits).allSatisfy { abs($0.score - $1.score) < 1e-5 })
        #expect(try fixture.engine.rank(query).candidateCount == layout.filter { $0 > 0 }.count)
    }

    @Test("pre-filters scan only admitted tickets, in both paths")
    func filters() throws {
        let fixture = try SearchFixture(dimension: 48, rowsPerTicket: (0..<6_000).map { $0 % 3 + 1 }, seed: 11)
        defer { fixture.remove() }
        var random = SeededVectors(seed: 12)
        let query = random.unitVector(48)
        let filters = [
            SearchFilter(clientIDs: [1]), SearchFilter(teamIDs: [0, 2], openOnly: true), SearchFilter(statusIDs: [4]),
            SearchFilter(clientIDs: [3], statusIDs: [1, 2], excludedTicketIDs: [1007, 1011]), SearchFilter(clientIDs: []),
        ]
        for filter in filters {
            let reference = fixture.reference(queries: [query], filter: filter)
            #expect(expectSameRanking(try fixture.engine.rank(query, filter: filter).hits(count: 25), reference, count: 25))
            let batch = try fixture.engine.nearest(Matrix(rows: 2, columns: 48, values: query + query), count: 25, filter: filter)
            #expect(expectSameRanking(batch[1], reference, count: 25))
        }
    }

    @Test("pages continue where the previous one stopped")
    func paging() throws {
        let fixture = try SearchFixture(dimension: 32, rowsPerTicket: Array(repeating: 2, count: 1_000), seed: 21)
        defer { fixture.remove() }
        var random = SeededVectors(seed: 22)
        let ranking = try fixture.engine.rank(random.unitVector(32))
        let all = ranking.hits(count: 30)
        #expect(ranking.hits(from: 0, count: 10) + ranking.hits(from: 10, count: 10) + ranking.hits(from: 20, count: 10) == all)
        #expect(ranking.hits(from: 995, count: 10).count == 5)
        #expect(ranking.hits(from: 1_000, count: 10).isEmpty)
    }

    @Test("ties go to the lower row, whatever the path or thread count")
    func ties() throws {
        var duplicates: [Int: Int] = [:]
        for copy in stride(from: 20_003, to: 40_000, by: 997) { duplicates[copy] = 17 }
        duplicates[5] = 17
        for threads in [1, 2, 3] {
            let fixture = try SearchFixture(dimension: 16, rowsPerTicket: Array(repeating: 1, count: 40_000), seed: 8,
                                            threads: threads, duplicate: duplicates)
            defer { fixture.remove() }
            let query = fixture.rows[17]
            let expectedIDs = ([5, 17] + duplicates.keys.filter { $0 > 17 }.sorted()).map { 1000 + $0 }
            let single = try fixture.engine.rank(query).hits(count: expectedIDs.count)
            #expect(single.map(\.ticketID) == expectedIDs, "threads \(threads)")
            #expect(Set(single.map(\.score)).count == 1)
            let batch = try fixture.engine.nearest(Matrix(rows: 2, columns: 16, values: query + query), count: expectedIDs.count)
            #expect(batch[0].map(\.ticketID) == expectedIDs && batch[1].map(\.ticketID) == expectedIDs, "threads \(threads)")
        }
    }

    @Test("similar tickets: best match with any of the ticket's own chunks, the ticket itself excluded")
    func similar() throws {
        let fixture = try SearchFixture(dimension: 40, rowsPerTicket: (0..<2_000).map { $0 % 4 + 1 }, seed: 31)
        defer { fixture.remove() }
        for ticket in [0, 3, 1_234] {
            let id = 1000 + ticket
            let firstRow = fixture.entries[..<ticket].reduce(0) { $0 + $1.rowCount }
            let own = Array(fixture.rows[firstRow ..< firstRow + fixture.entries[ticket].rowCount])
            let reference = fixture.reference(queries: own, filter: SearchFilter(excludedTicketIDs: [id]))
            let hits = try fixture.engine.rankSimilar(toTicket: id).hits(count: 15)
            #expect(!hits.contains { $0.ticketID == id })
            #expect(expectSameRanking(hits, reference, count: 15))
        }
        #expect(throws: SearchError.unknownTicket(42)) { try fixture.engine.rankSimilar(toTicket: 42) }
    }

    @Test("bad queries are refused with a clear error")
    func badQueries() throws {
        let fixture = try SearchFixture(dimension: 16, rowsPerTicket: [1, 1], seed: 1)
        defer { fixture.remove() }
        #expect(throws: SearchError.dimensionMismatch(expected: 16, actual: 3)) { try fixture.engine.rank([1, 0, 0]) }
        var query = [Float](repeating: 0, count: 16)
        query[2] = .nan
        #expect(throws: SearchError.nonFiniteQuery) { try fixture.engine.rank(query) }
        #expect(throws: SearchError.self) { try fixture.engine.nearest(Matrix(rows: 1, columns: 8), count: 3) }
    }

    @Test("a selection keeps the best pairs in order, ties to the lower id")
    func selection() {
        var random = SeededVectors(seed: 4)
        let pairs = (0..<5_000).map { (id: $0, score: (random.next() * 50).rounded() / 50) }
        for capacity in [0, 1, 7, 100, 6_000] {
            var selection = TopSelection(capacity: capacity)
            for pair in pairs { selection.push(pair.score, id: pair.id) }
            let expected = pairs.sorted { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }.prefix(capacity)
            #expect(selection.sorted().map(\.id) == expected.map(\.id))
        }
    }
}
