import Synchronization

/// How one scan is cut up: blocks of whole tickets (at most `blockRows` rows unless a single ticket is
/// larger), in row order, and how many threads (`workers`) take them. Threads take the next block as
/// they finish one (`BlockQueue`), so a thread the machine delays holds up at most one block, not half
/// the scan. Every ticket belongs to exactly one block, so threads never write the same ticket's result.
struct ScanPlan {
    /// One block: a run of consecutive tickets and the rows they cover.
    struct Block {
        let tickets: Range<Int>
        let rows: Range<Int>
    }

    /// The blocks, in row order.
    let blocks: [Block]
    /// Threads to scan with.
    let workers: Int
    /// Rows of the largest block (the size of a thread's score buffer per query).
    let largestBlock: Int

    /// Plans a scan of the tickets in `ranges` of `table` on at most `maxWorkers` threads.
    init(table: TicketTable, ranges: [Range<Int>], blockRows: Int, maxWorkers: Int) {
        var blocks: [Block] = []
        var largest = 0
        for range in ranges {
            var start = range.lowerBound
            while start < range.upperBound {
                var end = start + 1
                let firstRow = Int(table.firstRows[start])
                while end < range.upperBound, Int(table.firstRows[end + 1]) - firstRow <= blockRows { end += 1 }
                let rows = firstRow ..< Int(table.firstRows[end])
                blocks.append(Block(tickets: start..<end, rows: rows))
                largest = max(largest, rows.count)
                start = end
            }
        }
        let totalRows = blocks.reduce(0) { $0 + $1.rows.count }
        self.blocks = blocks
        workers = max(1, min(maxWorkers, blocks.count, totalRows / Self.minimumRowsPerWorker))
        largestBlock = largest
    }

    /// Below this many rows per thread, splitting costs more than it saves.
    static let minimumRowsPerWorker = 16_384
}

/// Hands out the blocks of one scan in row order to the threads that scan them, each block once.
final class BlockQueue: Sendable {
    private let next = Atomic<Int>(0)
    private let count: Int

    /// A queue of block numbers `0 ..< count`.
    init(count: Int) {
        self.count = count
    }

    /// The next block number, or nil when every block has been taken. Each thread sees its own
    /// numbers in increasing order.
    func take() -> Int? {
        let taken = next.add(1, ordering: .relaxed).oldValue
        return taken < count ? taken : nil
    }
}
