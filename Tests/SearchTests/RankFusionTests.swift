import Foundation
import Testing
@testable import Shared

@Suite("Rank fusion and hybrid candidates")
struct RankFusionTests {
    private func hits(_ ids: [Int], score: Float = 0.5, firstRow: Int = 0) -> [TicketHit] {
        ids.enumerated().map { TicketHit(ticketID: $1, score: score - Float($0) / 100, row: firstRow + $1) }
    }

    @Test("weighted reciprocal ranks are summed and scaled so that first in both is 1; a ticket in both keeps its keyword row")
    func weightedSum() {
        let vector = hits([1, 2, 3, 4])
        let keyword = hits([4, 5, 1], score: 9, firstRow: 100)
        let fused = RankFusion(vectorWeight: 1, keywordWeight: 2, smoothing: 1).fuse(vector: vector, keyword: keyword)
        // 4: 1/5 + 2/2 = 1.2; 1: 1/2 + 2/4 = 1.0; 5: 2/3; 2: 1/3; 3: 1/4
        #expect(fused.map(\.ticketID) == [4, 1, 5, 2, 3])
        // The best a ticket can earn: 1/2 + 2/2 = 1.5.
        #expect(fused.map(\.row) == [104, 101, 105, 2, 3])
        let expected: [Float] = [1.2, 1.0, 2.0 / 3, 1.0 / 3, 1.0 / 4].map { $0 / 1.5 }
        #expect(zip(fused.map(\.score), expected).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(fused.allSatisfy { $0.cosine == nil })
        #expect(RankFusion(vectorWeight: 1, keywordWeight: 2, smoothing: 1).fuse(vector: [vector[0]], keyword: [vector[0]])[0].score == 1)
    }

    @Test("a keyword weight of zero keeps the vector order; a dominant one puts keyword matches first")
    func weightsDecide() {
        let vector = hits([1, 2, 3, 4, 5])
        let keyword = hits([5, 3])
        #expect(RankFusion(keywordWeight: 0).fuse(vector: vector, keyword: keyword).map(\.ticketID) == [1, 2, 3, 4, 5])
        #expect(RankFusion(keywordWeight: 100).fuse(vector: vector, keyword: keyword).map(\.ticketID) == [5, 3, 1, 2, 4])
    }

    @Test("equal fused scores go to the better vector rank, then the lower id")
    func ties() {
        let fusion = RankFusion(vectorWeight: 1, keywordWeight: 1, smoothing: 0)
        #expect(fusion.fuse(vector: hits([7, 3]), keyword: hits([3, 7])).map(\.ticketID) == [7, 3])
        #expect(fusion.fuse(vector: [], keyword: hits([9, 8])).map(\.ticketID) == [9, 8])
        #expect(RankFusion(keywordWeight: 1, smoothing: 0).fuse(vector: hits([2]), keyword: hits([6])).map(\.ticketID) == [2, 6])
    }

    @Test("hybrid candidates: the fused head, then the vector order without repeats, pages consistent")
    func hybridCandidates() throws {
        let fixture = try SearchFixture(dimension: 16, rowsPerTicket: [1, 2, 1, 3, 1, 1, 2, 1, 1, 1], seed: 5)
        defer { fixture.remove() }
        var random = SeededVectors(seed: 11)
        let query = random.unitVector(16)
        let ranking = try fixture.engine.rank(query)
        let vector = ranking.hits(count: 10)
        let keyword = [vector[8], vector[6]].map { TicketHit(ticketID: $0.ticketID, score: 42, row: $0.row) }
        let hybrid = HybridRanking(vector: ranking, keyword: keyword, fusion: RankFusion(keywordWeight: 100, depth: 3))
        let all = hybrid.candidates(count: 10)
        let expected = [8, 6, 0, 1, 2, 3, 4, 5, 7, 9].map { vector[$0].ticketID }
        #expect(all.map(\.ticketID) == expected, "keyword matches first, then the vector order without repeats")
        #expect(all[0].cosine == vector[8].score, "a keyword-only ticket is reported with its cosine")
        #expect(all.map(\.cosine) == expected.map { id in vector.first { $0.ticketID == id }?.score })
        #expect(all.map(\.score) == all.map(\.score).sorted(by: >), "fused scores fall with rank")
        #expect(all.map(\.score).allSatisfy { $0 > 0 && $0 <= 1 })
        #expect(hybrid.scoring == .fused && ranking.scoring == .cosine)
        #expect(hybrid.candidates(count: 4) == Array(all.prefix(4)))
        #expect(hybrid.candidates(count: 7) == Array(all.prefix(7)))
        #expect(hybrid.candidates(count: 50) == all)
    }
}
