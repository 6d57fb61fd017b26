/// Vectorized transcendental functions on 16 floats at a time, accurate to a few float ulps.
///
/// They avoid per-lane library calls (and fused multiply-add, which the baseline x86-64 target
/// lacks), and the standard library's `clamped`/`pointwiseMin`/`pointwiseMax`, which compile to
/// NaN-aware lane-by-lane loops; comparisons and selects keep everything in vector registers.
enum SIMDMath {
    /// The lane-wise smaller of `a` and `b`.
    @inline(__always)
    static func minimum(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        a.replacing(with: b, where: b .< a)
    }

    /// The lane-wise larger of `a` and `b`.
    @inline(__always)
    static func maximum(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        a.replacing(with: b, where: b .> a)
    }

    /// The sum of all lanes, by halving (the standard library's `sum()` goes lane by lane).
    @inline(__always)
    static func sum(_ value: SIMD16<Float>) -> Float {
        let eight = value.lowHalf + value.highHalf
        let four = eight.lowHalf + eight.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }

    /// The largest lane, by halving.
    @inline(__always)
    static func largest(_ value: SIMD16<Float>) -> Float {
        let eight = value.lowHalf.replacing(with: value.highHalf, where: value.highHalf .> value.lowHalf)
        let four = eight.lowHalf.replacing(with: eight.highHalf, where: eight.highHalf .> eight.lowHalf)
        let two = four.lowHalf.replacing(with: four.highHalf, where: four.highHalf .> four.lowHalf)
        return Swift.max(two[0], two[1])
    }

    /// Lane `i` holds `i`: for masking the lanes past a row's end.
    static let laneNumbers = SIMD16<Float>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

    /// `value` limited to `lower...upper` lane by lane.
    @inline(__always)
    static func clamp(_ value: SIMD16<Float>, _ lower: Float, _ upper: Float) -> SIMD16<Float> {
        minimum(maximum(value, SIMD16(repeating: lower)), SIMD16(repeating: upper))
    }

    /// `e^x` per lane (Cephes `expf`: range reduction by `ln 2`, degree-5 polynomial, scale by `2^n`).
    /// Lanes below -87.3 flush to about 1e-38 instead of denormals; that is 0 for softmax weights.
    @inline(__always)
    static func exp(_ input: SIMD16<Float>) -> SIMD16<Float> {
        let x = clamp(input, -87.3, 88.3)
        // n = round(x / ln 2) by the 1.5 * 2^23 trick: the sum's low mantissa bits hold n.
        let shifted = x * 1.442_695_04 + 12_582_912.0
        let n = shifted - 12_582_912.0
        let r = x - n * 0.693_359_375 - n * -2.121_944_4e-4
        var p = SIMD16<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let y = p * (r * r) + r + 1
        let exponent = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- Int32(bitPattern: Float(12_582_912.0).bitPattern)
        let scale = unsafeBitCast((exponent &+ 127) &<< 23, to: SIMD16<Float>.self)
        return y * scale
    }

    /// The error function per lane (the rational approximation used by Eigen and XLA: odd degree-13
    /// numerator over even degree-8 denominator on [-4, 4]; |error| < 1e-7 in float).
    @inline(__always)
    static func erf(_ input: SIMD16<Float>) -> SIMD16<Float> {
        let x = clamp(input, -4, 4)
        let x2 = x * x
        var p = x2 * -2.726_142_258_013_06e-10 + 2.770_681_424_959_02e-08
        p = x2 * p + -2.101_024_020_825_08e-06
        p = x2 * p + -5.692_506_394_623_46e-05
        p = x2 * p + -7.349_906_303_268_55e-04
        p = x2 * p + -2.954_599_808_540_25e-03
        p = x2 * p + -1.609_603_332_624_15e-02
        p = p * x
        var q = x2 * -1.456_607_184_649_96e-05 + -2.133_740_552_789_05e-04
        q = x2 * q + -1.682_826_974_382_03e-03
        q = x2 * q + -7.373_329_167_204_68e-03
        q = x2 * q + -1.426_473_905_141_89e-02
        return p / q
    }
}
