@testable import Shared
import Testing

/// Paging arithmetic holds for any page number a caller sends, up to `Int.max`.
@Suite struct PagingTests {
    @Test func pagesSliceTheListing() {
        #expect(Paging.rows(page: 1, size: 3, of: 7) == 0..<3)
        #expect(Paging.rows(page: 3, size: 3, of: 7) == 6..<7)
        #expect(Paging.rows(page: 4, size: 3, of: 7) == 7..<7)
        #expect(Paging.hasMore(page: 2, size: 3, of: 7))
        #expect(!Paging.hasMore(page: 3, size: 3, of: 7))
    }

    @Test func hugePagesAreEmptyInsteadOfOverflowing() {
        #expect(Paging.rows(page: Int.max, size: 100, of: 10).isEmpty)
        #expect(Paging.rows(page: Int.max / 2, size: 3, of: 10).isEmpty)
        #expect(!Paging.hasMore(page: Int.max, size: 100, of: 10))
        let page = TicketPage(tickets: [], recordCount: 10, pageNumber: Int.max, pageSize: 100)
        #expect(!page.hasMore)
    }
}
