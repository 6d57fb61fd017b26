import CBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few BLAS calls the embedders make, named for what they do.
enum BLAS {
    /// `c = alpha * a · bᵀ + beta * c` for row-major `a` [m, k] and `b` [n, k] (a linear layer whose
    /// weight is stored [out, in]); `ldc` is the row stride of `c`.
    @inline(__always)
    static func multiplyTransposed(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `c = a · b` for row-major `a` [m, k] and `b` [k, n], with row strides `lda`, `ldb`, `ldc`.
    @inline(__always)
    static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
            1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// Scales each of the `rows` rows of `values` (row-major, `columns` wide) to unit L2 norm;
    /// an all-zero row stays zero.
    static func normalizeRows(_ values: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for row in 0..<rows {
            let start = values + row * columns
            let norm = cblas_snrm2(Int32(columns), start, 1)
            if norm > 0 {
                cblas_sscal(Int32(columns), 1 / norm, start, 1)
            }
        }
    }

    /// Scales every row of `matrix` to unit L2 norm.
    static func normalizeRows(_ matrix: inout Matrix) {
        let (rows, columns) = (matrix.rows, matrix.columns)
        matrix.values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            normalizeRows(base, rows: rows, columns: columns)
        }
    }

    /// Sets OpenBLAS's threads per call, process-wide. A no-op when the system BLAS is not OpenBLAS.
    static func setThreadsPerCall(_ threads: Int) {
        typealias SetThreads = @convention(c) (Int32) -> Void
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else { return }
        unsafeBitCast(symbol, to: SetThreads.self)(Int32(threads))
    }
}
