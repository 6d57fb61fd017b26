import CBLAS
import CSearchKernels
import Dispatch
import Foundation

/// Exact inner-product search over a mapped matrix, grouped by ticket (a ticket scores as its best
/// chunk). One pass over the rows per request, split across threads, with scan kernels of our own
/// (`CSearchKernels`, AVX-512 or AVX2 chosen at run time):
/// - when the index has a float16 copy of the matrix (half the bytes), every search scans it — one
///   query row by row, several queries (a batch, a ticket's chunks) tile by tile, each tile converted
///   once and multiplied against all of them — and re-scores its candidates from the float32 rows, so
///   the result is exactly the float32 single-query scan's (`ExactRescoring`, `CandidateWindow`);
/// - over a float32 matrix alone (index format 1), one query takes the float32 scan and several take
///   blocked `cblas_sgemm`.
/// The per-ticket reduction and the top-k are fused behind the scan of each block while its scores are
/// in cache, so no full score matrix is ever built.
///
/// The matrix is read in place through the mapping; only per-thread block buffers are allocated.
/// Calls block the calling thread for one scan (async callers use `BlockingWork`); the engine is
/// immutable and safe to share.
public final class SearchEngine: Sendable {
    /// The float32 matrix.
    public let vectors: MappedVectors
    /// Its float16 copy, which every search scans when present.
    public let halfVectors: MappedVectors?
    /// The ticket of every row, and the attributes the pre-filters test.
    public let tickets: TicketTable
    private let threads: Int

    /// Rows per block: a single query's scores stay in L1, several queries' float16 scores in L2,
    /// and float32 batches get sgemm-sized blocks.
    static let singleQueryBlockRows = 2048
    static let halfBatchBlockRows = 2048
    static let batchBlockRows = 8192

    /// The SIMD variant of the single-query scan on this CPU: `avx512`, `avx2` or `generic`.
    public static var scanVariant: String { String(cString: hmcp_dot_scan_variant()) }

    /// An engine over `vectors` (and its float16 copy `halfVectors`, if any) whose rows `tickets`
    /// describes; `threads` caps the parallelism.
    public init(
        vectors: MappedVectors, halfVectors: MappedVectors? = nil, tickets: TicketTable,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws {
        guard tickets.rowCount == vectors.rows else {
            throw SearchError.inconsistentIndex("tickets cover \(tickets.rowCount) rows, the matrix has \(vectors.rows)")
        }
        if let halfVectors {
            guard halfVectors.isHalfPrecision, !vectors.isHalfPrecision, halfVectors.rows == vectors.rows,
                halfVectors.dimension == vectors.dimension
            else { throw SearchError.inconsistentIndex("the float16 matrix does not match the float32 one") }
        }
        self.vectors = vectors
        self.halfVectors = halfVectors
        self.tickets = tickets
        self.threads = max(1, threads)
    }

    /// An engine over an opened version.
    public convenience init(version: IndexVersion, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
        try self.init(vectors: version.vectors, halfVectors: version.halfVectors, tickets: TicketTable(version: version), threads: threads)
    }

    /// Scores every ticket that passes `filter` against `query` (one pass over their rows).
    public func rank(_ query: [Float], filter: SearchFilter = .none) throws -> TicketRanking {
        try ranking(paddedQueries([query]), filter: filter)
    }

    /// The best `count` tickets for each query (row `q` of `queries`), best first, in one pass.
    public func nearest(_ queries: Matrix, count: Int, filter: SearchFilter = .none) throws -> [[TicketHit]] {
        guard queries.rows > 0 else { return [] }
        let padded = try paddedQueries((0..<queries.rows).map(queries.row))
        guard count > 0 else { return Array(repeating: [], count: queries.rows) }
        if halfVectors != nil { return exactNearest(queries: padded, topCount: count, filter: filter) }
        return padded.withUnsafeBufferPointer { pointer in
            nearest(queries: pointer.baseAddress!, count: queries.rows, queryStride: queryStride, topCount: count, filter: filter)
        }
    }

    /// Ranks the other tickets by their best match with any chunk of ticket `id` (the ticket's own
    /// vectors are the queries, read from the mapping); the ticket itself is excluded.
    public func rankSimilar(toTicket id: Int, filter: SearchFilter = .none) throws -> TicketRanking {
        guard let ticket = tickets.ids.firstIndex(of: id) else { throw SearchError.unknownTicket(id) }
        let rows = tickets.rows(ofTicket: ticket)
        var excluding = filter
        excluding.excludedTicketIDs.insert(id)
        guard !rows.isEmpty else { return ranking(queries: vectors.base, count: 0, queryStride: vectors.stride, filter: excluding) }
        if halfVectors != nil {
            return try ranking(paddedQueries(rows.map { Array(vectors.row($0)) }), filter: excluding)
        }
        return ranking(queries: vectors.base + rows.lowerBound * vectors.stride, count: rows.count, queryStride: vectors.stride, filter: excluding)
    }

    // MARK: - Scans

    /// Ranks tickets by their best score over `padded` queries (`queryStride` apart): from the float16
    /// matrix with exact re-scoring when there is one, from the float32 matrix otherwise.
    private func ranking(_ padded: [Float], filter: SearchFilter) -> TicketRanking {
        let count = padded.count / queryStride
        return padded.withUnsafeBufferPointer { queries in
            ranking(
                queries: queries.baseAddress!, count: count, queryStride: queryStride, filter: filter,
                rescoring: halfVectors.map { _ in ExactRescoring(vectors: vectors, queries: padded, queryStride: queryStride) })
        }
    }

    /// Best score (over all queries and rows) and its row for every admitted ticket; with `rescoring`
    /// from the float16 matrix, the candidates re-scored as pages are taken.
    private func ranking(
        queries: UnsafePointer<Float>, count: Int, queryStride: Int, filter: SearchFilter, rescoring: ExactRescoring? = nil
    ) -> TicketRanking {
        var best = [Float](repeating: -.infinity, count: tickets.count)
        var bestRow = [Int32](repeating: -1, count: tickets.count)
        guard count > 0 else { return TicketRanking(tickets: tickets, best: best, bestRow: bestRow) }
        let halfPrecision = rescoring != nil
        best.withUnsafeMutableBufferPointer { bestPointer in
            bestRow.withUnsafeMutableBufferPointer { rowPointer in
                let output = SharedOutput(best: bestPointer, bestRow: rowPointer)
                scan(queries: queries, count: count, queryStride: queryStride, filter: filter, halfPrecision: halfPrecision) { _, block, scores in
                    tickets.firstRows.withUnsafeBufferPointer { firstRows in
                        for ticket in block.tickets {
                            let first = Int(firstRows[ticket])
                            let end = Int(firstRows[ticket + 1])
                            guard first < end else { continue }
                            var top = -Float.infinity
                            var topRow = first
                            for query in 0..<count {
                                let line = scores + query * block.rows.count - block.rows.lowerBound
                                for row in first..<end where line[row] > top {
                                    top = line[row]
                                    topRow = row
                                }
                            }
                            output.best[ticket] = top
                            output.bestRow[ticket] = Int32(topRow)
                        }
                    }
                }
            }
        }
        return TicketRanking(tickets: tickets, best: best, bestRow: bestRow, rescoring: rescoring)
    }

    /// The top `topCount` tickets of every query from the float32 matrix, each thread keeping its own selections.
    private func nearest(
        queries: UnsafePointer<Float>, count: Int, queryStride: Int, topCount: Int, filter: SearchFilter
    ) -> [[TicketHit]] {
        let plan = plan(for: filter, queryCount: count)
        var selections = (0..<plan.workers).map { _ in (0..<count).map { _ in TopSelection(capacity: topCount) } }
        selections.withUnsafeMutableBufferPointer { perPart in
            let output = SharedSelections(perPart: perPart)
            scan(queries: queries, count: count, queryStride: queryStride, plan: plan, halfPrecision: false) { part, block, scores in
                for query in 0..<count {
                    let line = scores + query * block.rows.count - block.rows.lowerBound
                    // Rows only grow within a thread, so a tie with the threshold never displaces a kept pair.
                    var selection = TopSelection(capacity: 0)
                    swap(&selection, &output.perPart[part][query])
                    var threshold = selection.threshold
                    for ticket in block.tickets {
                        let rows = tickets.rows(ofTicket: ticket)
                        guard !rows.isEmpty else { continue }
                        var top = line[rows.lowerBound]
                        var topRow = rows.lowerBound
                        for row in rows.dropFirst() where line[row] > top {
                            top = line[row]
                            topRow = row
                        }
                        if top > threshold {
                            selection.push(top, id: topRow)
                            threshold = selection.threshold
                        }
                    }
                    swap(&selection, &output.perPart[part][query])
                }
            }
        }
        return (0..<count).map { query in
            var merged = TopSelection(capacity: topCount)
            for part in selections { merged.merge(part[query]) }
            return merged.sorted().map { pair in
                TicketHit(ticketID: tickets.ids[tickets.ticket(ofRow: pair.id)], score: pair.score, row: pair.id)
            }
        }
    }

    func scan(
        queries: UnsafePointer<Float>, count: Int, queryStride: Int, filter: SearchFilter, halfPrecision: Bool,
        reduce: (Int, ScanPlan.Block, UnsafePointer<Float>) -> Void
    ) {
        scan(
            queries: queries, count: count, queryStride: queryStride, plan: plan(for: filter, queryCount: count),
            halfPrecision: halfPrecision, reduce: reduce)
    }

    /// Scores every block of `plan` into a per-thread buffer (`count` lines of block-length scores)
    /// and hands it to `reduce(worker, block, scores)` while it is still in cache; each of the plan's
    /// workers takes the next block when it is done with one. `halfPrecision` scans
    /// the float16 matrix.
    func scan(
        queries: UnsafePointer<Float>, count: Int, queryStride: Int, plan: ScanPlan, halfPrecision: Bool,
        reduce: (Int, ScanPlan.Block, UnsafePointer<Float>) -> Void
    ) {
        withoutActuallyEscaping(reduce) { reduce in
            let queue = BlockQueue(count: plan.blocks.count)
            let work = { (part: Int) in
                let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count * plan.largestBlock))
                defer { scores.deallocate() }
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 4 * (self.halfVectors?.stride ?? 0))
                defer { scratch.deallocate() }
                while let next = queue.take() {
                    let block = plan.blocks[next]
                    if halfPrecision, let half = self.halfVectors {
                        let first = half.halfBase + block.rows.lowerBound * half.stride
                        if count == 1 {
                            hmcp_half_dot_scan(first, block.rows.count, half.stride, queries, scores)
                        } else {
                            hmcp_half_dot_block(first, block.rows.count, half.stride, queries, count, queryStride, scores, scratch)
                        }
                    } else {
                        self.score(block.rows, queries: queries, count: count, queryStride: queryStride, into: scores)
                    }
                    reduce(part, block, scores)
                }
            }
            if plan.workers == 1 {
                work(0)
            } else {
                let shared = UncheckedSendable(work)
                DispatchQueue.concurrentPerform(iterations: plan.workers) { shared.value($0) }
            }
        }
    }

    /// `scores[q * rows.count + i] = queries[q] · row(rows.lowerBound + i)`.
    private func score(_ rows: Range<Int>, queries: UnsafePointer<Float>, count: Int, queryStride: Int, into scores: UnsafeMutablePointer<Float>) {
        let first = vectors.base + rows.lowerBound * vectors.stride
        if count == 1 {
            hmcp_dot_scan(first, rows.count, vectors.stride, queries, scores)
        } else {
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(rows.count), Int32(vectors.dimension), 1,
                queries, Int32(queryStride), first, Int32(vectors.stride), 0, scores, Int32(rows.count)
            )
        }
    }

    /// How a scan of the tickets `filter` admits for `queryCount` queries is cut into blocks and threads.
    func plan(for filter: SearchFilter, queryCount: Int) -> ScanPlan {
        let blockRows = queryCount == 1 ? Self.singleQueryBlockRows : halfVectors != nil ? Self.halfBatchBlockRows : Self.batchBlockRows
        return ScanPlan(table: tickets, ranges: tickets.ticketRanges(matching: filter), blockRows: blockRows, maxWorkers: threads)
    }

    /// Floats between padded queries: the longer of the two matrices' strides.
    var queryStride: Int { max(vectors.stride, halfVectors?.stride ?? 0) }

    /// The queries laid out `queryStride` floats apart with zero padding, after checking them.
    private func paddedQueries(_ queries: [[Float]]) throws -> [Float] {
        let stride = queryStride
        var padded = [Float](repeating: 0, count: queries.count * stride)
        for (index, query) in queries.enumerated() {
            guard query.count == vectors.dimension else { throw SearchError.dimensionMismatch(expected: vectors.dimension, actual: query.count) }
            guard query.allSatisfy(\.isFinite) else { throw SearchError.nonFiniteQuery }
            padded.replaceSubrange(index * stride ..< index * stride + query.count, with: query)
        }
        return padded
    }
}

/// The per-ticket result arrays of a ranking scan, written by several threads at disjoint tickets.
private struct SharedOutput: @unchecked Sendable {
    let best: UnsafeMutableBufferPointer<Float>
    let bestRow: UnsafeMutableBufferPointer<Int32>
}

/// The per-thread selections of a batch scan; each thread touches only its own element.
private struct SharedSelections: @unchecked Sendable {
    let perPart: UnsafeMutableBufferPointer<[TopSelection]>
}

/// Carries a value the compiler cannot prove sendable into `concurrentPerform`, whose threads
/// only read shared state and write disjoint outputs (see `SharedOutput`, `SharedSelections`).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
