/// In-place, vectorized row operations of the encoder: bias, LayerNorm, GELU, softmax.
///
/// Each works 16 floats at a time straight on the activation buffers (no temporaries); a row's
/// tail that is not a multiple of 16 goes through the same vector code with padded lanes.
enum RowKernels {
    /// Lanes per vector step.
    static let width = 16

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>, _ index: Int) -> SIMD16<Float> {
        UnsafeRawPointer(pointer + index).loadUnaligned(as: SIMD16<Float>.self)
    }

    @inline(__always)
    static func store(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>, _ index: Int) {
        UnsafeMutableRawPointer(pointer + index).storeBytes(of: value, as: SIMD16<Float>.self)
    }

    /// Loads the `count < 16` floats at `pointer + index`, filling the other lanes with `fill`
    /// (through a small buffer: setting lanes one by one would reload the whole vector each time).
    @inline(__always)
    static func loadTail(_ pointer: UnsafePointer<Float>, _ index: Int, _ count: Int, fill: Float) -> SIMD16<Float> {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: width) { lanes in
            let base = lanes.baseAddress!
            base.initialize(repeating: fill, count: width)
            base.update(from: pointer + index, count: count)
            return load(base, 0)
        }
    }

    /// Stores the first `count < 16` lanes of `value` at `pointer + index`.
    @inline(__always)
    static func storeTail(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>, _ index: Int, _ count: Int) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: width) { lanes in
            let base = lanes.baseAddress!
            store(value, base, 0)
            (pointer + index).update(from: base, count: count)
        }
    }

    /// `target = a + b + c` over `count` floats (the three embeddings of one token).
    static func sum(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
        into target: UnsafeMutablePointer<Float>, count: Int
    ) {
        var index = 0
        while index + width <= count {
            store(load(a, index) + load(b, index) + load(c, index), target, index)
            index += width
        }
        while index < count {
            target[index] = a[index] + b[index] + c[index]
            index += 1
        }
    }

    /// `row += bias` over `count` floats.
    static func addBias(_ row: UnsafeMutablePointer<Float>, count: Int, bias: UnsafePointer<Float>) {
        var index = 0
        while index + width <= count {
            store(load(row, index) + load(bias, index), row, index)
            index += width
        }
        while index < count {
            row[index] += bias[index]
            index += 1
        }
    }

    /// `row = LayerNorm(row + bias) * gamma + beta` over `count` floats (two-pass mean and variance).
    static func biasLayerNorm(
        _ row: UnsafeMutablePointer<Float>, count: Int, bias: UnsafePointer<Float>?,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        let body = count - count % width
        var sum = SIMD16<Float>()
        var index = 0
        while index < body {
            var value = load(row, index)
            if let bias { value += load(bias, index) }
            store(value, row, index)
            sum += value
            index += width
        }
        var tailSum: Float = 0
        while index < count {
            row[index] += bias?[index] ?? 0
            tailSum += row[index]
            index += 1
        }
        let mean = (SIMDMath.sum(sum) + tailSum) / Float(count)
        var squares = SIMD16<Float>()
        index = 0
        while index < body {
            let centered = load(row, index) - mean
            squares += centered * centered
            index += width
        }
        var tailSquares: Float = 0
        while index < count {
            let centered = row[index] - mean
            tailSquares += centered * centered
            index += 1
        }
        let variance = (SIMDMath.sum(squares) + tailSquares) / Float(count)
        let scale = 1 / (variance + epsilon).squareRoot()
        index = 0
        while index < body {
            let normalized = (load(row, index) - mean) * scale
            store(normalized * load(gamma, index) + load(beta, index), row, index)
            index += width
        }
        while index < count {
            row[index] = (row[index] - mean) * scale * gamma[index] + beta[index]
            index += 1
        }
    }

    /// `row = GELU(row + bias)` with the exact (erf) GELU, over `count` floats.
    static func biasGELU(_ row: UnsafeMutablePointer<Float>, count: Int, bias: UnsafePointer<Float>) {
        var index = 0
        while index + width <= count {
            store(gelu(load(row, index) + load(bias, index)), row, index)
            index += width
        }
        let rest = count - index
        if rest > 0 {
            let value = loadTail(row, index, rest, fill: 0) + loadTail(bias, index, rest, fill: 0)
            storeTail(gelu(value), row, index, rest)
        }
    }

    @inline(__always)
    static func gelu(_ x: SIMD16<Float>) -> SIMD16<Float> {
        0.5 * x * (1 + SIMDMath.erf(x * 0.707_106_781_186_547_5))
    }

    /// Replaces `row` with its softmax over `count` floats.
    static func softmax(_ row: UnsafeMutablePointer<Float>, count: Int) {
        let body = count - count % width
        let rest = count - body
        var maxima = SIMD16<Float>(repeating: -.infinity)
        var index = 0
        while index < body {
            maxima = SIMDMath.maximum(maxima, load(row, index))
            index += width
        }
        if rest > 0 { maxima = SIMDMath.maximum(maxima, loadTail(row, body, rest, fill: -.infinity)) }
        let largest = SIMDMath.largest(maxima)
        var sum = SIMD16<Float>()
        index = 0
        while index < body {
            let value = SIMDMath.exp(load(row, index) - largest)
            store(value, row, index)
            sum += value
            index += width
        }
        if rest > 0 {
            let exponentials = SIMDMath.exp(loadTail(row, body, rest, fill: largest) - largest)
            let value = exponentials.replacing(with: 0, where: SIMDMath.laneNumbers .>= Float(rest))
            storeTail(value, row, body, rest)
            sum += value
        }
        let scale = 1 / SIMDMath.sum(sum)
        index = 0
        while index < body {
            store(load(row, index) * scale, row, index)
            index += width
        }
        for tail in body..<count { row[tail] *= scale }
    }
}
