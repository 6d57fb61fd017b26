import Shared
import Testing

/// How candidates are cut into `ticketids` requests: as many as keep the query string short, in order.
@Suite("Visibility batches")
struct VisibilityBatchTests {
    private func listLength(_ ids: [Int]) -> Int {
        ids.map(String.init).joined(separator: ",").count
    }

    @Test func threeHundredFiveDigitIdsTakeOneRequest() {
        let ids = Array(10_000..<10_300)
        #expect(HaloClient.visibilityBatches(of: ids) == [ids])
    }

    @Test func longerIdsAreCutWhereTheListWouldGrowTooLong() {
        let ids = Array(100_000..<100_300)
        let batches = HaloClient.visibilityBatches(of: ids)
        #expect(batches.count == 2)
        #expect(batches.flatMap { $0 } == ids, "every id once, in order")
        #expect(batches.allSatisfy { listLength($0) <= HaloClient.maxTicketIDsLength })
        #expect(listLength(batches[0] + [batches[1][0]]) > HaloClient.maxTicketIDsLength, "each batch is as full as it may be")
    }

    @Test func noIdsNoRequest() {
        #expect(HaloClient.visibilityBatches(of: []).isEmpty)
    }
}
