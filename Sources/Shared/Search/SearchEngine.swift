import CBLAS
import CSearchKernels
import Dispatch
import Foundation

/// Exact inner-product search over a mapped matrix, grouped by ticket (a ticket scores as its best
/// chunk). One pass over the rows per request, split across threads:
/// - one query: a SIMD dot-product scan of our own (`CSearchKernels`, AVX-512 or AVX2 chosen at run
///   time; OpenBLAS `sgemv` reaches only about half the memory bandwidth), over the float16 copy of
///   the matrix when the index has one (half the bytes), its candidates then re-scored from the
///   float32 rows so the result is exactly the float32 one (`ExactRescoring`);
/// - several queries: blocked `cblas_sgemm` (a few thousand rows at a time) with the per-ticket
///   reduction and the top-k fused behind it while the block is in cache, so no full score matrix
///   is ever built.
///
/// The matrix is read in place through the mapping; only per-thread block buffers are allocated.
/// Calls block the calling thread for one scan (async callers use `BlockingWork`); the engine is
/// immutable and safe to share.
public final class SearchEngine: Sendable {
    /// The float32 matrix.
    public let vectors: MappedVectors
    /// Its float16 copy, which single queries scan when present.
    public let halfVectors: MappedVectors?
    /// The ticket of every row, and the attributes the pre-filters test.
    public let tickets: TicketTable
    private let threads: Int

    /// Rows per block for a single query (scores stay in L1) and for a batch (sgemm-sized).
    private static let singleQueryBlockRows = 2048
    private static let batchBlockRows = 8192

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
        let padded = try paddedQueries([query])
        return padded.withUnsafeBufferPointer { queries in
            ranking(
                queries: queries.baseAddress!, count: 1, queryStride: queryStride, filter: filter,
                rescoring: halfVectors.map { _ in ExactRescoring(vectors: vectors, query: padded) })
        }
    }

    /// The best `count` tickets for each query (row `q` of `queries`), best first, in one pass.
    public func nearest(_ queries: Matrix, count: Int, filter: SearchFilter = .none) throws -> [[TicketHit]] {
        guard queries.rows > 0 else { return [] }
        let padded = try paddedQueries((0..<queries.rows).map(queries.row))
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
        return ranking(queries: vectors.base + rows.lowerBound * vectors.stride, count: rows.count, queryStride: vectors.stride, filter: excluding)
    }

    // MARK: - Scans

    /// Best score (over all queries and rows) and its row for every admitted ticket; with `rescoring`
    /// (one query) from the float16 matrix, the candidates re-scored as pages are taken.
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
                    for ticket in block.tickets {
                        let rows = tickets.rows(ofTicket: ticket)
                        guard !rows.isEmpty else { continue }
                        var top = -Float.infinity
                        var topRow = rows.lowerBound
                        for query in 0..<count {
                            let line = scores + query * block.rows.count - block.rows.lowerBound
                            for row in rows where line[row] > top {
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
        return TicketRanking(tickets: tickets, best: best, bestRow: bestRow, rescoring: rescoring)
    }

    /// The top `topCount` tickets of every query, each thread keeping its own selections.
    private func nearest(
        queries: UnsafePointer<Float>, count: Int, queryStride: Int, topCount: Int, filter: SearchFilter
    ) -> [[TicketHit]] {
        let plan = plan(for: filter, queryCount: count)
        var selections = plan.parts.map { _ in (0..<count).map { _ in TopSelection(capacity: topCount) } }
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

    private func scan(
        queries: UnsafePointer<Float>, count: Int, queryStride: Int, filter: SearchFilter, halfPrecision: Bool,
        reduce: (Int, ScanPlan.Block, UnsafePointer<Float>) -> Void
    ) {
        scan(
            queries: queries, count: count, queryStride: queryStride, plan: plan(for: filter, queryCount: count),
            halfPrecision: halfPrecision, reduce: reduce)
    }

    /// Scores every block of `plan` into a per-thread buffer (`count` lines of block-length scores)
    /// and hands it to `reduce(part, block, scores)` while it is still in cache. `halfPrecision` (one
    /// query) scans the float16 matrix.
    private func scan(
        queries: UnsafePointer<Float>, count: Int, queryStride: Int, plan: ScanPlan, halfPrecision: Bool,
        reduce: (Int, ScanPlan.Block, UnsafePointer<Float>) -> Void
    ) {
        withoutActuallyEscaping(reduce) { reduce in
            let work = { (part: Int) in
                let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count * plan.largestBlock))
                defer { scores.deallocate() }
                for block in plan.parts[part] {
                    if halfPrecision, let half = self.halfVectors {
                        hmcp_half_dot_scan(half.halfBase + block.rows.lowerBound * half.stride, block.rows.count, half.stride, queries, scores)
                    } else {
                        self.score(block.rows, queries: queries, count: count, queryStride: queryStride, into: scores)
                    }
                    reduce(part, block, scores)
                }
            }
            if plan.parts.count == 1 {
                work(0)
            } else {
                let shared = UncheckedSendable(work)
                DispatchQueue.concurrentPerform(iterations: plan.parts.count) { shared.value($0) }
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

    private func plan(for filter: SearchFilter, queryCount: Int) -> ScanPlan {
        ScanPlan(
            table: tickets, ranges: tickets.ticketRanges(matching: filter),
            blockRows: queryCount == 1 ? Self.singleQueryBlockRows : Self.batchBlockRows, maxParts: threads
        )
    }

    /// Floats between padded queries: the longer of the two matrices' strides.
    private var queryStride: Int { max(vectors.stride, halfVectors?.stride ?? 0) }

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
