import CSearchKernels

/// Makes the float16 scan's ticket scores exact: the scan's score of a row is within `errorBound` of
/// the float32 scan's, so a ticket of the float32 top `k` has a half-precision score within twice that
/// of the half-precision `k`-th best. Those candidates are re-scored from the float32 rows (only their
/// pages are read), which gives the float32 ranking itself: the same scores, rows and order.
struct ExactRescoring: Sendable {
    /// The float32 matrix.
    let vectors: MappedVectors
    /// The query, zero-padded to at least `vectors.stride`.
    let query: [Float]
    /// Twice the error bound: how far below the `k`-th half-precision score a candidate may lie.
    let margin: Float

    /// Prepares re-scoring for `query` (padded) against `vectors`.
    init(vectors: MappedVectors, query: [Float]) {
        self.vectors = vectors
        self.query = query
        margin = 2 * Self.errorBound(query: query, dimension: vectors.dimension)
    }

    /// Bound on the difference between the float32 and the float16 scan's score of any row the index
    /// admits (length within `VectorFileWriter.unitTolerance` of 1) for `query`:
    /// - rounding to float16 moves a component `x` by at most `2⁻¹¹·|x|`, or `2⁻²⁵` below the normal
    ///   range, so the exact dot products differ by at most `2⁻¹¹·‖q‖·‖x‖ + 2⁻²⁵·‖q‖₁`;
    /// - each scan's float32 sum, in whatever order, is within `n·2⁻²⁴·‖q‖·‖x‖` of its exact value
    ///   (`n` terms; `dimension + 32` covers the lanes' final reduction).
    /// Computed in double and widened by 1 % so that its own rounding cannot make it too small.
    static func errorBound(query: [Float], dimension: Int) -> Float {
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

    /// The float32 scan's best score among `rows` and the first row that has it.
    func best(of rows: Range<Int>) -> (score: Float, row: Int) {
        guard !rows.isEmpty else { return (-.infinity, rows.lowerBound) }
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: rows.count) { scores in
            query.withUnsafeBufferPointer { query in
                hmcp_dot_scan(
                    vectors.base + rows.lowerBound * vectors.stride, rows.count, vectors.stride, query.baseAddress!, scores.baseAddress!)
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
