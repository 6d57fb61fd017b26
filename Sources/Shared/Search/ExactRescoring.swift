import CSearchKernels

/// Makes the float16 scan's ticket scores exact: the scan's score of a row is within `errorBound` of
/// the float32 scan's, so a ticket of the float32 top `k` has a half-precision score within twice that
/// of the half-precision `k`-th best. Those candidates are re-scored from the float32 rows (only their
/// pages are read) by the float32 single-query scan, which gives the float32 ranking itself: the same
/// scores, rows and order.
///
/// With several queries a ticket scores as its best row over all of them; the maximum moves by no more
/// than the largest query's bound, so `margin` uses that one.
struct ExactRescoring: Sendable {
    /// The float32 matrix.
    let vectors: MappedVectors
    /// The queries, each zero-padded to `queryStride` floats (at least `vectors.stride`).
    let queries: [Float]
    /// Floats between the starts of consecutive queries.
    let queryStride: Int
    /// Twice the error bound: how far below the `k`-th half-precision score a candidate may lie.
    let margin: Float

    /// Prepares re-scoring for `queries` (padded, `queryStride` apart) against `vectors`.
    init(vectors: MappedVectors, queries: [Float], queryStride: Int) {
        self.vectors = vectors
        self.queries = queries
        self.queryStride = queryStride
        margin = (0..<queries.count / queryStride).reduce(0) { largest, query in
            max(largest, 2 * Self.errorBound(query: queries[query * queryStride ..< (query + 1) * queryStride], dimension: vectors.dimension))
        }
    }

    /// Bound on the difference between the float32 and a float16 scan's score of any row the index
    /// admits (length within `VectorFileWriter.unitTolerance` of 1) for `query`:
    /// - rounding to float16 moves a component `x` by at most `2⁻¹¹·|x|`, or `2⁻²⁵` below the normal
    ///   range, so the exact dot products differ by at most `2⁻¹¹·‖q‖·‖x‖ + 2⁻²⁵·‖q‖₁`;
    /// - each scan multiplies exactly representable products in float32 (a fused multiply-add rounds
    ///   once, a separate product once more) and adds them in some order with no value passing through
    ///   more than `n` roundings; such a sum is within `n·2⁻²⁴·Σ|qᵢ·xᵢ| ≤ n·2⁻²⁴·‖q‖·‖x‖` of its exact
    ///   value. Every kernel (`CSearchKernels`) adds at most `dimension / 16` chunks per lane plus a
    ///   lane reduction of at most 16 steps, so `n = dimension + 32` covers each with room, the
    ///   single-query and the several-query float16 scans alike.
    /// Computed in double and widened by 1 % so that its own rounding cannot make it too small.
    static func errorBound(query: some Collection<Float>, dimension: Int) -> Float {
        var squares = 0.0
        var absolutes = 0.0
        for value in query {
            squares += Double(value) * Double(value)
            absolutes += Double(abs(value))
        }
        let rowLength = (1 + Double(VectorFileWriter.unitTolerance)).squareRoot() * (1 + 0x1p-10)
        let summing = 2 * Double(dimension + 32) * 0x1p-24
        let bound = squares.squareRoot() * rowLength * (0x1p-11 + summing) + absolutes * 0x1p-25
        return Float(bound * 1.01)
    }

    /// The float32 scan's best score among `rows` over every query, and the first row that has it
    /// (ties: the earlier query, then the earlier row).
    func best(of rows: Range<Int>) -> (score: Float, row: Int) {
        var top = (score: -Float.infinity, row: rows.lowerBound)
        for query in 0..<queries.count / queryStride {
            let candidate = best(of: rows, query: query)
            if candidate.score > top.score { top = candidate }
        }
        return top
    }

    /// The float32 scan's best score among `rows` for query number `query`, and the first row that has it.
    func best(of rows: Range<Int>, query: Int) -> (score: Float, row: Int) {
        guard !rows.isEmpty else { return (-.infinity, rows.lowerBound) }
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: rows.count) { scores in
            queries.withUnsafeBufferPointer { queries in
                hmcp_dot_scan(
                    vectors.base + rows.lowerBound * vectors.stride, rows.count, vectors.stride,
                    queries.baseAddress! + query * queryStride, scores.baseAddress!)
            }
            var top = -Float.infinity
            var topRow = rows.lowerBound
            for (offset, score) in scores.enumerated() where score > top {
                top = score
                topRow = rows.lowerBound + offset
            }
            return (top, topRow)
        }
    }
}
