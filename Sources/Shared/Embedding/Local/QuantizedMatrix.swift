import CEmbeddingKernels

/// A linear layer's weight quantized to int8, one scale per output row, packed for `Int8Kernels.multiply`.
/// `@unchecked Sendable`: written once at load, only read after.
final class QuantizedMatrix: @unchecked Sendable {
    /// Output rows (`n`).
    let rows: Int
    /// Inputs per row (`k`).
    let columns: Int
    /// The packed quantized values (-127...127, widened to 16 bits).
    let packed: UnsafeMutablePointer<Int16>
    /// The scale of each output row.
    let scales: UnsafeMutablePointer<Float>

    /// Quantizes `weight`, stored `[out, in]`.
    init(_ weight: Tensor) {
        precondition(weight.shape.count == 2)
        rows = weight.shape[0]
        columns = weight.shape[1]
        packed = .allocate(capacity: hmcp_int8_packed_size(rows, columns))
        scales = .allocate(capacity: rows)
        hmcp_int8_pack(weight.pointer, rows, columns, packed, scales)
    }

    deinit {
        packed.deallocate()
        scales.deallocate()
    }
}

/// The int8 weights of one encoder layer: its four linear layers (biases and norms stay float32 in `BertWeights`).
struct QuantizedLayer: Sendable {
    let queryKeyValue: QuantizedMatrix
    let attentionOutput: QuantizedMatrix
    let intermediate: QuantizedMatrix
    let output: QuantizedMatrix

    /// Quantizes the linear layers of `layer`.
    init(_ layer: BertWeights.Layer) {
        queryKeyValue = QuantizedMatrix(layer.queryKeyValue)
        attentionOutput = QuantizedMatrix(layer.attentionOutput)
        intermediate = QuantizedMatrix(layer.intermediate)
        output = QuantizedMatrix(layer.output)
    }
}
