import Foundation
import Testing
@testable import Shared

/// Random unit vectors from a fixed seed (xorshift64*), so every run sees the same matrices.
struct SeededVectors {
    private var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    mutating func next() -> Float {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Float((state &* 2_685_821_657_736_338_717) >> 40) / Float(1 << 24) * 2 - 1
    }

    mutating func unitVector(_ dimension: Int) -> [Float] {
        let raw = (0..<dimension).map { _ in next() }
        let length = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / length }
    }
}

/// A matrix file plus its ticket table, without SQLite: the engine's own inputs.
struct SearchFixture {
    let directory: URL
    let rows: [[Float]]
    let entries: [TicketTable.Entry]
    let engine: SearchEngine

    /// `rowsPerTicket[t]` rows for ticket `t` (id `1000 + t`), random unit vectors of `dimension`.
    init(dimension: Int, rowsPerTicket: [Int], seed: UInt64, threads: Int = 2, duplicate: [Int: Int] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-search-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var random = SeededVectors(seed: seed)
        var rows = (0..<rowsPerTicket.reduce(0, +)).map { _ in random.unitVector(dimension) }
        for (copy, original) in duplicate { rows[copy] = rows[original] }
        let url = directory.appendingPathComponent("vectors.f32")
        let writer = try VectorFileWriter(url: url, dimension: dimension)
        for row in rows { try writer.append(row) }
        try writer.finish()
        self.rows = rows
        entries = rowsPerTicket.enumerated().map { ticket, count in
            TicketTable.Entry(id: 1000 + ticket, rowCount: count, clientID: ticket % 4, teamID: ticket % 3, statusID: ticket % 5, isOpen: ticket % 2 == 0)
        }
        engine = try SearchEngine(vectors: MappedVectors(url: url), tickets: TicketTable(entries), threads: threads)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Brute force in Double: every admitted ticket's best (score, row), best first, ties to the lower row.
    func reference(queries: [[Float]], filter: SearchFilter = .none) -> [(id: Int, score: Double, row: Int)] {
        var results: [(id: Int, score: Double, row: Int)] = []
        var firstRow = 0
        for entry in entries {
            defer { firstRow += entry.rowCount }
            guard entry.rowCount > 0, filter.admits(id: entry.id, clientID: entry.clientID, teamID: entry.teamID,
                                                   statusID: entry.statusID, isOpen: entry.isOpen) else { continue }
            var best = (score: -Double.infinity, row: -1)
            for query in queries {
                for row in firstRow ..< firstRow + entry.rowCount {
                    let score = Self.dot(rows[row], query)
                    if score > best.score { best = (score, row) }
                }
            }
            results.append((entry.id, best.score, best.row))
        }
        return results.sorted { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
    }

    /// A plain loop in Double (unsafe buffers keep it quick in debug builds).
    private static func dot(_ a: [Float], _ b: [Float]) -> Double {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var sum = 0.0
                for index in 0..<a.count { sum += Double(a[index]) * Double(b[index]) }
                return sum
            }
        }
    }
}

/// Checks that engine hits equal a brute-force ranking: same scores (float rounding aside) and the
/// same tickets, except where two reference scores are closer than rounding can separate.
func expectSameRanking(_ hits: [TicketHit], _ reference: [(id: Int, score: Double, row: Int)], count: Int,
                       sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    let expected = Array(reference.prefix(count))
    guard hits.count == expected.count else {
        Issue.record("\(hits.count) hits, expected \(expected.count)", sourceLocation: sourceLocation)
        return false
    }
    for (index, (hit, want)) in zip(hits, expected).enumerated() {
        guard abs(Double(hit.score) - want.score) < 1e-5 else {
            Issue.record("rank \(index): score \(hit.score), expected \(want.score)", sourceLocation: sourceLocation)
            return false
        }
        let nearTie = reference.indices.contains { abs(reference[$0].score - want.score) < 1e-5 && reference[$0].id != want.id }
        if hit.ticketID != want.id || hit.row != want.row, !nearTie {
            Issue.record("rank \(index): ticket \(hit.ticketID) row \(hit.row), expected \(want.id) row \(want.row)",
                         sourceLocation: sourceLocation)
            return false
        }
    }
    return true
}
