import Foundation
import Testing

@testable import Shared

/// The vectorized math and row kernels against plain double-precision formulas.
@Suite struct KernelTests {
    /// A reproducible sequence of floats in -scale...scale.
    static func values(_ count: Int, seed: UInt64, scale: Float = 3) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float.random(in: -scale...scale, using: &generator) }
    }

    @Test func erfMatchesTheLibraryFunction() {
        var worst: Double = 0
        for step in -600...600 {
            let x = Float(step) / 100
            let vector = SIMDMath.erf(SIMD16(repeating: x))
            worst = max(worst, abs(Double(vector[0]) - Foundation.erf(Double(x))))
        }
        #expect(worst <= 1e-6)
    }

    @Test func expMatchesTheLibraryFunction() {
        var worst: Double = 0
        for step in -8000...2000 {
            let x = Float(step) / 100
            let value = Double(SIMDMath.exp(SIMD16(repeating: x))[3])
            worst = max(worst, abs(value - Foundation.exp(Double(x))) / Foundation.exp(Double(x)))
        }
        #expect(worst <= 1e-6)
    }

    @Test(arguments: [1, 16, 37, 160])
    func softmaxMatchesTheDefinition(count: Int) {
        var row = Self.values(count, seed: UInt64(count), scale: 20)
        let expected = row.map { Foundation.exp(Double($0 - row.max()!)) }
        let total = expected.reduce(0, +)
        row.withUnsafeMutableBufferPointer { RowKernels.softmax($0.baseAddress!, count: count) }
        for index in 0..<count {
            #expect(abs(Double(row[index]) - expected[index] / total) <= 1e-6)
        }
    }

    @Test(arguments: [20, 384])
    func biasLayerNormMatchesTheDefinition(count: Int) {
        var row = Self.values(count, seed: 1)
        let bias = Self.values(count, seed: 2), gamma = Self.values(count, seed: 3), beta = Self.values(count, seed: 4)
        let shifted = zip(row, bias).map { Double($0) + Double($1) }
        let mean = shifted.reduce(0, +) / Double(count)
        let variance = shifted.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count)
        row.withUnsafeMutableBufferPointer {
            RowKernels.biasLayerNorm($0.baseAddress!, count: count, bias: bias, gamma: gamma, beta: beta, epsilon: 1e-12)
        }
        for index in 0..<count {
            let expected = (shifted[index] - mean) / (variance + 1e-12).squareRoot() * Double(gamma[index]) + Double(beta[index])
            #expect(abs(Double(row[index]) - expected) <= 1e-5)
        }
    }

    @Test(arguments: [35, 1536])
    func biasGELUMatchesTheErfDefinition(count: Int) {
        var row = Self.values(count, seed: 5, scale: 6)
        let bias = Self.values(count, seed: 6, scale: 1)
        let expected = zip(row, bias).map { value, shift -> Double in
            let x = Double(value) + Double(shift)
            return 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
        }
        row.withUnsafeMutableBufferPointer { RowKernels.biasGELU($0.baseAddress!, count: count, bias: bias) }
        for index in 0..<count {
            #expect(abs(Double(row[index]) - expected[index]) <= 1e-6)
        }
    }

    @Test func horizontalReductionsAndClampCoverEveryLane() {
        let lanes = Self.values(16, seed: 9, scale: 50)
        let vector = SIMD16<Float>(lanes)
        #expect(abs(SIMDMath.sum(vector) - lanes.reduce(0, +)) <= 1e-4)
        #expect(SIMDMath.largest(vector) == lanes.max())
        for position in 0..<16 {
            var spike = SIMD16<Float>(repeating: -1)
            spike[position] = 7
            #expect(SIMDMath.largest(spike) == 7)
        }
        let clamped = SIMDMath.clamp(vector, -10, 10)
        #expect((0..<16).allSatisfy { clamped[$0] == min(max(lanes[$0], -10), 10) })
    }

    @Test func normalizeRowsGivesUnitRowsAndKeepsZeroRows() {
        var matrix = Matrix(rows: 2, columns: 3, values: [3, 0, 4, 0, 0, 0])
        BLAS.normalizeRows(&matrix)
        #expect(matrix.values == [0.6, 0, 0.8, 0, 0, 0])
    }

    @Test func halfPrecisionValuesWiden() {
        #expect(SafeTensors.widen(half: 0x3C00) == 1)
        #expect(SafeTensors.widen(half: 0xC000) == -2)
        #expect(SafeTensors.widen(half: 0x3555) == Float(Float16(bitPattern: 0x3555)))
        #expect(SafeTensors.widen(half: 0x0001) == 0x1p-24)
    }
}

/// SplitMix64: reproducible pseudo-random numbers for test data.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
