/// The shape of a BERT-family encoder and how its output is pooled, from a model directory's
/// `config.json`, `sentence_bert_config.json` and `1_Pooling/config.json`.
struct BertConfiguration: Sendable, Equatable {
    /// How token vectors become one sentence vector.
    enum Pooling: String, Sendable {
        /// The mean over every token whose attention mask is 1 (`[CLS]` and `[SEP]` included).
        case mean
        /// The `[CLS]` token's vector (bge models).
        case cls
    }

    /// Width of every token vector.
    var hiddenSize: Int
    /// Number of encoder layers.
    var layerCount: Int
    /// Attention heads per layer.
    var headCount: Int
    /// Width of the feed-forward layer.
    var intermediateSize: Int
    /// Rows of the position embedding table.
    var maxPositions: Int
    /// Rows of the word embedding table.
    var vocabularySize: Int
    /// Rows of the token type embedding table.
    var typeVocabularySize: Int
    /// LayerNorm epsilon.
    var layerNormEpsilon: Float
    /// Token limit (with `[CLS]` and `[SEP]`) from `sentence_bert_config.json`, if it gives one.
    var sentenceMaxLength: Int?
    /// Whether sentence-transformers lower-cases texts before tokenizing (`do_lower_case`).
    var sentenceLowercase: Bool
    /// Pooling from `1_Pooling/config.json` (mean when the file is absent).
    var pooling: Pooling

    /// The width of one attention head.
    var headSize: Int { hiddenSize / headCount }

    /// Reads the configuration of the model in `directory`.
    init(directory: String) throws {
        let configPath = directory + "/config.json"
        let config = try ModelFiles.decode(ConfigFile.self, at: configPath)
        func invalid(_ reason: String) -> EmbeddingError { .invalidModelFile(path: configPath, reason: reason) }
        if let type = config.modelType, !["bert", "minilm"].contains(type.lowercased()) {
            throw invalid("model_type \(type) is not a BERT encoder")
        }
        if let activation = config.hiddenAct, activation != "gelu" {
            throw invalid("hidden_act \(activation) is not supported (only exact gelu)")
        }
        if let positions = config.positionEmbeddingType, positions != "absolute" {
            throw invalid("position_embedding_type \(positions) is not supported (only absolute)")
        }
        guard config.hiddenSize > 0, config.numAttentionHeads > 0, config.hiddenSize % config.numAttentionHeads == 0,
            config.numHiddenLayers > 0, config.intermediateSize > 0, config.vocabSize > 0, config.maxPositionEmbeddings > 2
        else {
            throw invalid("inconsistent sizes (hidden \(config.hiddenSize), heads \(config.numAttentionHeads))")
        }
        hiddenSize = config.hiddenSize
        layerCount = config.numHiddenLayers
        headCount = config.numAttentionHeads
        intermediateSize = config.intermediateSize
        maxPositions = config.maxPositionEmbeddings
        vocabularySize = config.vocabSize
        typeVocabularySize = config.typeVocabSize ?? 2
        layerNormEpsilon = Float(config.layerNormEps ?? 1e-12)

        let sentence = try ModelFiles.decodeIfPresent(SentenceFile.self, at: directory + "/sentence_bert_config.json")
        sentenceMaxLength = sentence?.maxSeqLength
        sentenceLowercase = sentence?.doLowerCase ?? false

        let poolingPath = directory + "/1_Pooling/config.json"
        let poolingFile = try ModelFiles.decodeIfPresent(PoolingFile.self, at: poolingPath)
        switch poolingFile {
        case nil: pooling = .mean
        case let file? where file.poolingModeClsToken == true: pooling = .cls
        case let file? where file.poolingModeMeanTokens == true: pooling = .mean
        case _?:
            throw EmbeddingError.invalidModelFile(path: poolingPath, reason: "only mean or CLS pooling is supported")
        }
    }

    // File layouts (snakeCase keys in the files).
    private struct ConfigFile: Decodable {
        var modelType: String?
        var hiddenAct: String?
        var positionEmbeddingType: String?
        var hiddenSize: Int
        var numHiddenLayers: Int
        var numAttentionHeads: Int
        var intermediateSize: Int
        var maxPositionEmbeddings: Int
        var vocabSize: Int
        var typeVocabSize: Int?
        var layerNormEps: Double?
    }

    private struct SentenceFile: Decodable {
        var maxSeqLength: Int?
        var doLowerCase: Bool?
    }

    private struct PoolingFile: Decodable {
        var poolingModeClsToken: Bool?
        var poolingModeMeanTokens: Bool?
    }
}
