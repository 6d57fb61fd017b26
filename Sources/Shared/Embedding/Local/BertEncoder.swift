import CBLAS

/// The BERT forward pass over packed batches: embeddings and LayerNorm, `layerCount` encoder
/// layers (self-attention, exact-erf GELU feed-forward, residuals and LayerNorm), then mean or
/// `[CLS]` pooling and L2 normalization.
///
/// Every dense layer is one matrix product over all rows of the batch: `cblas_sgemm` in float32, or
/// the int8 kernels over the weights quantized at load (`BertEncoder+Int8.swift`). Attention runs
/// per sequence and head on that sequence's rows only. One call is single-threaded apart from
/// BLAS's own threads.
struct BertEncoder: Sendable {
    /// The model's shape.
    let config: BertConfiguration
    /// The model's weights.
    let weights: BertWeights
    /// The int8 weights of each layer, when the encoder runs the int8 path; `nil` for float32.
    let quantizedLayers: [QuantizedLayer]?

    /// An encoder of `weights` at `precision` (`.fp32`, or `.int8`, which quantizes the linear
    /// layers now; the caller has checked that the CPU and the model's shape allow it).
    init(config: BertConfiguration, weights: BertWeights, precision: EmbeddingSettings.Precision) {
        self.config = config
        self.weights = weights
        quantizedLayers = precision == .int8 ? weights.layers.map(QuantizedLayer.init) : nil
    }

    /// `.int8` or `.fp32`: the arithmetic this encoder runs.
    var precision: EmbeddingSettings.Precision { quantizedLayers == nil ? .fp32 : .int8 }

    /// Encodes `batch`, writing one unit-length row of `hiddenSize` floats per sequence to `output`.
    func encode(_ batch: PackedBatch, pooling: BertConfiguration.Pooling, into output: UnsafeMutablePointer<Float>, workspace: EncoderWorkspace) {
        let rows = batch.tokens.count
        guard rows > 0 else { return }
        workspace.reserve(tokens: rows, longest: batch.longest)
        embed(batch, into: workspace.hidden)
        for (index, layer) in weights.layers.enumerated() {
            if let quantized = quantizedLayers?[index] {
                attendInt8(batch, layer: layer, quantized: quantized, workspace: workspace)
                feedForwardInt8(rows: rows, layer: layer, quantized: quantized, workspace: workspace)
            } else {
                attend(batch, layer: layer, workspace: workspace)
                feedForward(rows: rows, layer: layer, workspace: workspace)
            }
        }
        pool(batch, pooling: pooling, workspace: workspace, into: output)
        BLAS.normalizeRows(output, rows: batch.count, columns: config.hiddenSize)
    }

    /// Word + position + token-type-0 embeddings, then LayerNorm, into `hidden`.
    private func embed(_ batch: PackedBatch, into hidden: UnsafeMutablePointer<Float>) {
        let width = config.hiddenSize
        let typeRow = weights.tokenTypeEmbeddings.pointer
        for sequence in 0..<batch.count {
            for position in 0..<batch.lengths[sequence] {
                let row = batch.starts[sequence] + position
                let target = hidden + row * width
                RowKernels.sum(
                    weights.wordEmbeddings.pointer + Int(batch.tokens[row]) * width,
                    weights.positionEmbeddings.pointer + position * width,
                    typeRow, into: target, count: width)
                RowKernels.biasLayerNorm(
                    target, count: width, bias: nil, gamma: weights.embeddingNormGamma.pointer,
                    beta: weights.embeddingNormBeta.pointer, epsilon: config.layerNormEpsilon)
            }
        }
    }

    /// Self-attention with its output projection, residual and LayerNorm, updating `hidden`.
    private func attend(_ batch: PackedBatch, layer: BertWeights.Layer, workspace: EncoderWorkspace) {
        let width = config.hiddenSize
        let stacked = 3 * width
        let rows = batch.tokens.count
        let hidden = workspace.hidden
        let queryKeyValue = workspace.scratch
        let context = workspace.scratch + rows * stacked
        BLAS.multiplyTransposed(
            m: rows, n: stacked, k: width, a: hidden, lda: width, b: layer.queryKeyValue.pointer, ldb: width,
            beta: 0, c: queryKeyValue, ldc: stacked)
        for row in 0..<rows {
            RowKernels.addBias(queryKeyValue + row * stacked, count: stacked, bias: layer.queryKeyValueBias.pointer)
        }
        let headSize = config.headSize
        let scale = 1 / Float(headSize).squareRoot()
        let scores = workspace.scores
        for sequence in 0..<batch.count {
            let length = batch.lengths[sequence]
            let base = queryKeyValue + batch.starts[sequence] * stacked
            for head in 0..<config.headCount {
                let offset = head * headSize
                BLAS.multiplyTransposed(
                    m: length, n: length, k: headSize, alpha: scale, a: base + offset, lda: stacked,
                    b: base + width + offset, ldb: stacked, beta: 0, c: scores, ldc: length)
                for query in 0..<length {
                    RowKernels.softmax(scores + query * length, count: length)
                }
                BLAS.multiply(
                    m: length, n: headSize, k: length, a: scores, lda: length, b: base + 2 * width + offset, ldb: stacked,
                    c: context + batch.starts[sequence] * width + offset, ldc: width)
            }
        }
        addResidual(
            of: context, width: width, rows: rows, weight: layer.attentionOutput, bias: layer.attentionOutputBias,
            gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta, to: hidden)
    }

    /// The GELU feed-forward block with its residual and LayerNorm, updating `hidden`.
    private func feedForward(rows: Int, layer: BertWeights.Layer, workspace: EncoderWorkspace) {
        let width = config.hiddenSize
        let inner = config.intermediateSize
        let hidden = workspace.hidden
        let intermediate = workspace.scratch
        BLAS.multiplyTransposed(
            m: rows, n: inner, k: width, a: hidden, lda: width, b: layer.intermediate.pointer, ldb: width,
            beta: 0, c: intermediate, ldc: inner)
        for row in 0..<rows {
            RowKernels.biasGELU(intermediate + row * inner, count: inner, bias: layer.intermediateBias.pointer)
        }
        addResidual(
            of: intermediate, width: inner, rows: rows, weight: layer.output, bias: layer.outputBias,
            gamma: layer.outputNormGamma, beta: layer.outputNormBeta, to: hidden)
    }

    /// `hidden = LayerNorm(hidden + input · weightᵀ + bias)` for `rows` rows: a projection back to
    /// the hidden width, accumulated onto the residual by the matrix product itself (beta 1).
    private func addResidual(
        of input: UnsafePointer<Float>, width inputWidth: Int, rows: Int, weight: Tensor, bias: Tensor,
        gamma: Tensor, beta: Tensor, to hidden: UnsafeMutablePointer<Float>
    ) {
        let width = config.hiddenSize
        BLAS.multiplyTransposed(
            m: rows, n: width, k: inputWidth, a: input, lda: inputWidth, b: weight.pointer, ldb: inputWidth,
            beta: 1, c: hidden, ldc: width)
        for row in 0..<rows {
            RowKernels.biasLayerNorm(
                hidden + row * width, count: width, bias: bias.pointer, gamma: gamma.pointer, beta: beta.pointer,
                epsilon: config.layerNormEpsilon)
        }
    }

    /// One row per sequence: the mean of its token rows (as a BLAS matrix-vector product with a
    /// vector of ones), or its first (`[CLS]`) row.
    private func pool(_ batch: PackedBatch, pooling: BertConfiguration.Pooling, workspace: EncoderWorkspace, into output: UnsafeMutablePointer<Float>) {
        let width = config.hiddenSize
        for sequence in 0..<batch.count {
            let first = workspace.hidden + batch.starts[sequence] * width
            let target = output + sequence * width
            switch pooling {
            case .cls:
                target.update(from: first, count: width)
            case .mean:
                let length = batch.lengths[sequence]
                cblas_sgemv(
                    CblasRowMajor, CblasTrans, Int32(length), Int32(width), 1 / Float(length), first, Int32(width),
                    workspace.ones, 1, 0, target, 1)
            }
        }
    }
}
