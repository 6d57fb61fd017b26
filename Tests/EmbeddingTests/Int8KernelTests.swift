import Foundation
import Testing

@testable import Shared

/// The int8 kernels against plain double-precision formulas on odd shapes (tails in every
/// dimension): the product must equal the exact product of the quantized values, and stay close to
/// the float product; attention must equal its definition.
@Suite(.enabled(if: Int8Kernels.cpuSupportsInt8, "this CPU lacks AVX-512 VNNI"))
struct Int8KernelTests {
    /// Symmetric quantization as the kernels do it, in float: scale max|x|/limit, values rounded
    /// to nearest even (limit 127 for weights; for activation rows 32767, or less for long rows).
    static func quantized(_ row: ArraySlice<Float>, limit: Float) -> (values: [Float], scale: Float) {
        let largest = row.map(abs).max() ?? 0
        let inverse: Float = largest > 0 ? limit / largest : 0
        return (row.map { ($0 * inverse).rounded(.toNearestOrEven) }, largest / limit)
    }

    /// The activation limit for rows of `k` values: 32767, or the most that cannot overflow int32 over `k` products.
    static func activationLimit(_ k: Int) -> Float {
        Float(min(32767, (Double(Int32.max) / (127 * Double(Int8Kernels.rowLength(k)))).rounded(.down)))
    }

    /// Runs quantize and multiply on `a` [m, k] and `weight` [n, k] with `epilogue` onto `c` (m × n).
    static func multiply(
        _ a: [Float], _ weight: [Float], m: Int, n: Int, k: Int, bias: [Float], _ epilogue: Int8Kernels.Epilogue, c: inout [Float]
    ) {
        let matrix = QuantizedMatrix(Tensor(values: weight, shape: [n, k]))
        let length = Int8Kernels.rowLength(k)
        let values = UnsafeMutablePointer<Int16>.allocate(capacity: m * length)
        let scales = UnsafeMutablePointer<Float>.allocate(capacity: m)
        defer { values.deallocate(); scales.deallocate() }
        let rows = QuantizedRows(values: values, scales: scales)
        a.withUnsafeBufferPointer { Int8Kernels.quantize($0.baseAddress!, rows: m, width: k, stride: k, into: rows) }
        bias.withUnsafeBufferPointer { bias in
            c.withUnsafeMutableBufferPointer {
                Int8Kernels.multiply(rows, count: m, weight: matrix, bias: bias.baseAddress, epilogue, c: $0.baseAddress!, ldc: n)
            }
        }
    }

    static let epilogues: [Int8Kernels.Epilogue] = [.store, .gelu, .accumulate]

    @Test(arguments: [(1, 1, 1), (7, 70, 13), (13, 129, 385), (25, 64, 4), (6, 200, 1536)])
    func theProductEqualsTheProductOfTheQuantizedValues(shape: (m: Int, n: Int, k: Int)) {
        let (m, n, k) = shape
        let a = KernelTests.values(m * k, seed: UInt64(m * 1000 + k), scale: 2)
        let weight = KernelTests.values(n * k, seed: UInt64(n * 7 + k), scale: 0.2)
        let bias = KernelTests.values(n, seed: 99, scale: 1)
        for epilogue in Self.epilogues {
            var c = [Float](repeating: 0.5, count: m * n)
            Self.multiply(a, weight, m: m, n: n, k: k, bias: bias, epilogue, c: &c)
            var worst: Double = 0
            for row in 0..<m {
                let x = Self.quantized(a[row * k..<(row + 1) * k], limit: Self.activationLimit(k))
                for column in 0..<n {
                    let w = Self.quantized(weight[column * k..<(column + 1) * k], limit: 127)
                    let dot = zip(x.values, w.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                    var expected = dot * Double(x.scale) * Double(w.scale) + Double(bias[column])
                    switch epilogue {
                    case .store: break
                    case .gelu: expected = 0.5 * expected * (1 + Foundation.erf(expected / 2.0.squareRoot()))
                    case .accumulate: expected += 0.5
                    }
                    worst = max(worst, abs(Double(c[row * n + column]) - expected))
                }
            }
            #expect(worst <= 1e-4, "\(epilogue) on \(m)×\(n)×\(k): worst |Δ| \(worst)")
        }
    }

    @Test func theProductStaysCloseToTheFloatProduct() {
        let (m, n, k) = (9, 77, 384)
        let a = KernelTests.values(m * k, seed: 5, scale: 2)
        let weight = KernelTests.values(n * k, seed: 6, scale: 0.2)
        var c = [Float](repeating: 0, count: m * n)
        Self.multiply(a, weight, m: m, n: n, k: k, bias: [Float](repeating: 0, count: n), .store, c: &c)
        for row in 0..<m {
            let exact = (0..<n).map { column in
                (0..<k).reduce(Float(0)) { $0 + a[row * k + $1] * weight[column * k + $1] }
            }
            #expect(cosine(Array(c[row * n..<(row + 1) * n]), exact) >= 0.999, "row \(row)")
        }
    }

    @Test func aZeroRowStaysZero() {
        let (m, n, k) = (2, 16, 8)
        var a = KernelTests.values(m * k, seed: 8)
        for index in 0..<k { a[index] = 0 }
        var c = [Float](repeating: 9, count: m * n)
        Self.multiply(a, KernelTests.values(n * k, seed: 9), m: m, n: n, k: k, bias: [Float](repeating: 0, count: n), .store, c: &c)
        #expect(c[0..<n].allSatisfy { $0 == 0 })
    }

    @Test(arguments: [(1, 32), (5, 16), (17, 32), (151, 32), (33, 64), (20, 128)])
    func attentionMatchesTheDefinition(shape: (length: Int, headSize: Int)) {
        let (length, headSize) = shape
        let stride = 3 * headSize + 5
        let rows = KernelTests.values(length * stride, seed: UInt64(length * 31 + headSize), scale: 2)
        let scale = 1 / Float(headSize).squareRoot()
        var context = [Float](repeating: 0, count: length * headSize)
        var scratch = [Float](repeating: 0, count: Int8Kernels.attentionScratch(length: length, headSize: headSize))
        rows.withUnsafeBufferPointer { rows in
            let base = rows.baseAddress!
            Int8Kernels.attention(
                query: base, key: base + headSize + 2, value: base + 2 * headSize + 4, ld: stride, length: length,
                headSize: headSize, scale: scale, context: &context, ldc: headSize, scratch: &scratch)
        }
        var worst: Double = 0
        for query in 0..<length {
            let scores = (0..<length).map { key in
                Double(scale) * (0..<headSize).reduce(0.0) {
                    $0 + Double(rows[query * stride + $1]) * Double(rows[key * stride + headSize + 2 + $1])
                }
            }
            let largest = scores.max()!
            let weights = scores.map { Foundation.exp($0 - largest) }
            let total = weights.reduce(0, +)
            for column in 0..<headSize {
                let expected = (0..<length).reduce(0.0) {
                    $0 + weights[$1] * Double(rows[$1 * stride + 2 * headSize + 4 + column])
                } / total
                worst = max(worst, abs(Double(context[query * headSize + column]) - expected))
            }
        }
        #expect(worst <= 1e-5, "worst |Δ| \(worst)")
    }
}
