/// How one scan is cut up: blocks of whole tickets (at most `blockRows` rows unless a single ticket
/// is larger), dealt out to `parts` threads as contiguous runs of roughly equal row counts. Every
/// ticket belongs to exactly one block, so threads never write the same ticket's result.
struct ScanPlan {
    /// One block: a run of consecutive tickets and the rows they cover.
    struct Block {
        let tickets: Range<Int>
        let rows: Range<Int>
    }

    /// The blocks of each thread.
    let parts: [[Block]]
    /// Rows of the largest block (the size of a thread's score buffer per query).
    let largestBlock: Int

    /// Plans a scan of the tickets in `ranges` of `table`.
    init(table: TicketTable, ranges: [Range<Int>], blockRows: Int, maxParts: Int) {
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
        let partCount = max(1, min(maxParts, blocks.count, totalRows / Self.minimumRowsPerPart))
        var parts: [[Block]] = Array(repeating: [], count: partCount)
        var assignedRows = 0
        for block in blocks {
            let part = min(partCount - 1, assignedRows * partCount / max(1, totalRows))
            parts[part].append(block)
            assignedRows += block.rows.count
        }
        self.parts = parts.filter { !$0.isEmpty }
        largestBlock = largest
    }

    /// Below this many rows per thread, splitting costs more than it saves.
    static let minimumRowsPerPart = 16_384
}
