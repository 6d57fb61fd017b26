/// The single-query scoring loop: dot products of one query with a run of matrix rows, in SIMD
/// registers, four rows at a time so each query load feeds four rows. Memory-bound on a large
/// matrix, which is the point: one pass at the machine's read bandwidth.
enum DotProductKernel {
    /// `scores[i] = rows[i] · query` for `count` rows `stride` floats apart. `query` must hold
    /// `stride` floats (zero-padded past the dimension, as the rows are) and `stride` must be a
    /// multiple of 16.
    static func scores(
        rows: UnsafePointer<Float>, count: Int, stride: Int, query: UnsafePointer<Float>, into scores: UnsafeMutablePointer<Float>
    ) {
        let rowBytes = stride * MemoryLayout<Float>.size
        let queryBytes = UnsafeRawPointer(query)
        var row = UnsafeRawPointer(rows)
        var index = 0
        while index + 4 <= count {
            var sum0 = SIMD8<Float>(), sum1 = SIMD8<Float>(), sum2 = SIMD8<Float>(), sum3 = SIMD8<Float>()
            var offset = 0
            while offset < rowBytes {
                let q = queryBytes.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                sum0 += row.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) * q
                sum1 += row.loadUnaligned(fromByteOffset: offset + rowBytes, as: SIMD8<Float>.self) * q
                sum2 += row.loadUnaligned(fromByteOffset: offset + 2 * rowBytes, as: SIMD8<Float>.self) * q
                sum3 += row.loadUnaligned(fromByteOffset: offset + 3 * rowBytes, as: SIMD8<Float>.self) * q
                offset += 32
            }
            scores[index] = sum0.sum()
            scores[index + 1] = sum1.sum()
            scores[index + 2] = sum2.sum()
            scores[index + 3] = sum3.sum()
            row += 4 * rowBytes
            index += 4
        }
        while index < count {
            var sum = SIMD8<Float>()
            var offset = 0
            while offset < rowBytes {
                sum += row.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                    * queryBytes.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                offset += 32
            }
            scores[index] = sum.sum()
            row += rowBytes
            index += 1
        }
    }
}
