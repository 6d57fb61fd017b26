/// The weights of a BERT encoder, as the forward pass uses them.
///
/// Linear weights stay `[out, in]` as stored (the matrix products read them transposed); the
/// query, key and value projections of each layer are stacked into one `[3·hidden, hidden]` matrix
/// so one product computes all three.
struct BertWeights: Sendable {
    /// One encoder layer.
    struct Layer: Sendable {
        let queryKeyValue: Tensor
        let queryKeyValueBias: Tensor
        let attentionOutput: Tensor
        let attentionOutputBias: Tensor
        let attentionNormGamma: Tensor
        let attentionNormBeta: Tensor
        let intermediate: Tensor
        let intermediateBias: Tensor
        let output: Tensor
        let outputBias: Tensor
        let outputNormGamma: Tensor
        let outputNormBeta: Tensor
    }

    let wordEmbeddings: Tensor
    let positionEmbeddings: Tensor
    let tokenTypeEmbeddings: Tensor
    let embeddingNormGamma: Tensor
    let embeddingNormBeta: Tensor
    let layers: [Layer]

    /// Reads every tensor the encoder needs from `file`, checking each shape against `config`.
    init(file: SafeTensors, config: BertConfiguration) throws {
        let hidden = config.hiddenSize
        let inner = config.intermediateSize
        func vector(_ name: String, _ size: Int) throws -> Tensor { try file.tensor(name, shape: [size]) }
        func matrix(_ name: String, _ rows: Int, _ columns: Int) throws -> Tensor {
            try file.tensor(name, shape: [rows, columns])
        }
        wordEmbeddings = try matrix("embeddings.word_embeddings.weight", config.vocabularySize, hidden)
        positionEmbeddings = try matrix("embeddings.position_embeddings.weight", config.maxPositions, hidden)
        tokenTypeEmbeddings = try matrix("embeddings.token_type_embeddings.weight", config.typeVocabularySize, hidden)
        embeddingNormGamma = try vector("embeddings.LayerNorm.weight", hidden)
        embeddingNormBeta = try vector("embeddings.LayerNorm.bias", hidden)
        layers = try (0..<config.layerCount).map { index in
            let prefix = "encoder.layer.\(index)."
            let projections = ["query", "key", "value"].map { prefix + "attention.self." + $0 }
            return Layer(
                queryKeyValue: .stacking(try projections.map { try matrix($0 + ".weight", hidden, hidden) }),
                queryKeyValueBias: .stacking(try projections.map { try vector($0 + ".bias", hidden) }),
                attentionOutput: try matrix(prefix + "attention.output.dense.weight", hidden, hidden),
                attentionOutputBias: try vector(prefix + "attention.output.dense.bias", hidden),
                attentionNormGamma: try vector(prefix + "attention.output.LayerNorm.weight", hidden),
                attentionNormBeta: try vector(prefix + "attention.output.LayerNorm.bias", hidden),
                intermediate: try matrix(prefix + "intermediate.dense.weight", inner, hidden),
                intermediateBias: try vector(prefix + "intermediate.dense.bias", inner),
                output: try matrix(prefix + "output.dense.weight", hidden, inner),
                outputBias: try vector(prefix + "output.dense.bias", hidden),
                outputNormGamma: try vector(prefix + "output.LayerNorm.weight", hidden),
                outputNormBeta: try vector(prefix + "output.LayerNorm.bias", hidden))
        }
    }
}
