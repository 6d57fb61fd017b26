import CSearchKernels

extension SearchEngine {
    /// The top `topCount` tickets of every query (`padded`, `queryStride` apart) from the float16 matrix,
    /// made exact: each thread keeps, per query, the window of tickets that may still reach the top
    /// (`CandidateWindow`); the windows are cut at the merged `topCount`-th score less the query's
    /// margin, and what is left is re-scored from the float32 rows. The hits are those of
    /// `rank(query).hits(count: topCount)` over the float32 matrix: the same tickets, scores, rows and order.
    func exactNearest(queries padded: [Float], topCount: Int, filter: SearchFilter) -> [[TicketHit]] {
        let stride = queryStride
        let count = padded.count / stride
        let rescorings = (0..<count).map { query in
            ExactRescoring(vectors: vectors, queries: Array(padded[query * stride ..< (query + 1) * stride]), queryStride: stride)
        }
        let plan = plan(for: filter, queryCount: count)
        var windows = (0..<plan.workers).map { _ in rescorings.map { CandidateWindow(capacity: topCount, margin: $0.margin) } }
        windows.withUnsafeMutableBufferPointer { perPart in
            let output = SharedWindows(perPart: perPart)
            padded.withUnsafeBufferPointer { queries in
                scan(queries: queries.baseAddress!, count: count, queryStride: stride, plan: plan, halfPrecision: true) { part, block, scores in
                    tickets.firstRows.withUnsafeBufferPointer { firstRows in
                        let base = block.rows.lowerBound
                        for query in 0..<count {
                            // Only scores at or above the window's floor can matter: find them, then their tickets.
                            let line = scores + query * block.rows.count
                            var window = CandidateWindow(capacity: 0, margin: 0)
                            swap(&window, &output.perPart[part][query])
                            var offset = 0
                            while true {
                                offset = hmcp_first_at_least(line, offset, block.rows.count, window.floor)
                                guard offset < block.rows.count else { break }
                                let ticket = tickets.ticket(ofRow: base + offset)
                                let first = Int(firstRows[ticket]) - base
                                let end = Int(firstRows[ticket + 1]) - base
                                var top = line[first]
                                for row in first + 1 ..< end where line[row] > top { top = line[row] }
                                window.offer(top, ticket: ticket)
                                offset = end
                            }
                            swap(&window, &output.perPart[part][query])
                        }
                    }
                }
            }
        }
        return (0..<count).map { query in
            var merged = TopSelection(capacity: topCount)
            for part in windows { merged.merge(part[query].top) }
            let cut = merged.threshold - rescorings[query].margin
            var exact = TopSelection(capacity: topCount)
            var bestRows: [Int: Int] = [:]
            for part in windows {
                let window = part[query]
                for (score, ticket) in zip(window.scores, window.tickets) where score >= cut {
                    let (exactScore, row) = rescorings[query].best(of: tickets.rows(ofTicket: ticket), query: 0)
                    exact.push(exactScore, id: ticket)
                    bestRows[ticket] = row
                }
            }
            return exact.sorted().map { pair in
                TicketHit(ticketID: tickets.ids[pair.id], score: pair.score, row: bestRows[pair.id]!)
            }
        }
    }
}

/// The per-thread candidate windows of a batch scan; each thread touches only its own element.
private struct SharedWindows: @unchecked Sendable {
    let perPart: UnsafeMutableBufferPointer<[CandidateWindow]>
}
