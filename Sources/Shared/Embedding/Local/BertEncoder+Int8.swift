/// The int8 path of an encoder layer: each linear layer quantizes its input rows to 16 bits (one
/// scale per row) and multiplies them with the int8 weights; bias, GELU and the residual sum happen in the
/// product's epilogue. Attention stays float32, on the AVX-512 attention kernel.
extension BertEncoder {
    /// Self-attention with its output projection, residual and LayerNorm, updating `hidden`.
    func attendInt8(_ batch: PackedBatch, layer: BertWeights.Layer, quantized: QuantizedLayer, workspace: EncoderWorkspace) {
        let width = config.hiddenSize
        let stacked = 3 * width
        let rows = batch.tokens.count
        let hidden = workspace.hidden
        let queryKeyValue = workspace.scratch
        let context = workspace.scratch + rows * stacked
        Int8Kernels.quantize(hidden, rows: rows, width: width, stride: width, into: workspace.quantized)
        Int8Kernels.multiply(
            workspace.quantized, count: rows, weight: quantized.queryKeyValue, bias: layer.queryKeyValueBias.pointer,
            .store, c: queryKeyValue, ldc: stacked)
        let headSize = config.headSize
        let scale = 1 / Float(headSize).squareRoot()
        for sequence in 0..<batch.count {
            let base = queryKeyValue + batch.starts[sequence] * stacked
            for head in 0..<config.headCount {
                let offset = head * headSize
                Int8Kernels.attention(
                    query: base + offset, key: base + width + offset, value: base + 2 * width + offset, ld: stacked,
                    length: batch.lengths[sequence], headSize: headSize, scale: scale,
                    context: context + batch.starts[sequence] * width + offset, ldc: width,
                    scratch: workspace.attentionScratch)
            }
        }
        addResidualInt8(
            of: context, width: width, rows: rows, weight: quantized.attentionOutput, bias: layer.attentionOutputBias,
            gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta, workspace: workspace)
    }

    /// The GELU feed-forward block with its residual and LayerNorm, updating `hidden`.
    func feedForwardInt8(rows: Int, layer: BertWeights.Layer, quantized: QuantizedLayer, workspace: EncoderWorkspace) {
        let width = config.hiddenSize
        let inner = config.intermediateSize
        let intermediate = workspace.scratch
        Int8Kernels.quantize(workspace.hidden, rows: rows, width: width, stride: width, into: workspace.quantized)
        Int8Kernels.multiply(
            workspace.quantized, count: rows, weight: quantized.intermediate, bias: layer.intermediateBias.pointer,
            .gelu, c: intermediate, ldc: inner)
        addResidualInt8(
            of: intermediate, width: inner, rows: rows, weight: quantized.output, bias: layer.outputBias,
            gamma: layer.outputNormGamma, beta: layer.outputNormBeta, workspace: workspace)
    }

    /// `hidden = LayerNorm(hidden + input · weightᵀ + bias)` for `rows` rows, the product summed
    /// onto the residual in the kernel's epilogue.
    private func addResidualInt8(
        of input: UnsafePointer<Float>, width inputWidth: Int, rows: Int, weight: QuantizedMatrix, bias: Tensor,
        gamma: Tensor, beta: Tensor, workspace: EncoderWorkspace
    ) {
        let width = config.hiddenSize
        let hidden = workspace.hidden
        Int8Kernels.quantize(input, rows: rows, width: inputWidth, stride: inputWidth, into: workspace.quantized)
        Int8Kernels.multiply(workspace.quantized, count: rows, weight: weight, bias: nil, .accumulate, c: hidden, ldc: width)
        for row in 0..<rows {
            RowKernels.biasLayerNorm(
                hidden + row * width, count: width, bias: bias.pointer, gamma: gamma.pointer, beta: beta.pointer,
                epsilon: config.layerNormEpsilon)
        }
    }
}
