import Foundation

/// Which embedder to build and how; filled by the configuration from the `HMCP_EMBED_*` variables.
public struct EmbeddingSettings: Sendable, Equatable {
    /// Where embeddings are computed.
    public enum Provider: String, Sendable, CaseIterable {
        /// In-process BERT encoder over BLAS (the default).
        case local
        /// Any OpenAI-compatible `/embeddings` endpoint.
        case openai
        /// An Ollama server's `/api/embed`.
        case ollama
    }

    /// The arithmetic of the local model's encoder.
    public enum Precision: String, Sendable, CaseIterable, LosslessStringConvertible {
        /// `int8` where the CPU has AVX-512 VNNI and the model's shape suits the int8 kernels, else `fp32`.
        case auto
        /// Float32 throughout (matrix products on BLAS): the reference vectors to a cosine of 0.9999.
        case fp32
        /// Dense layers as 8-bit integer products (weights per output channel, activations per
        /// row), attention in float32 on AVX-512: the reference vectors to a cosine of 0.999.
        case int8

        /// The precision named `description` (`auto`, `fp32`, `int8`).
        public init?(_ description: String) { self.init(rawValue: description) }

        /// The name, as `HMCP_EMBED_PRECISION` spells it.
        public var description: String { rawValue }
    }

    /// The name of the default local model, fetched into `models/` by `scripts/setup`.
    public static let defaultLocalModel = "all-MiniLM-L6-v2"
    /// The folder, relative to the working directory, where known model names are looked up.
    public static let modelsDirectory = "models"

    /// `HMCP_EMBED_PROVIDER`.
    public var provider: Provider
    /// `HMCP_EMBED_MODEL`: for `local`, a model directory or a name under `models/`; for the remote
    /// providers, the model name sent with each request.
    public var model: String
    /// `HMCP_EMBED_API_URL`: the OpenAI-compatible base URL (the request goes to `{apiURL}/embeddings`).
    public var apiURL: String
    /// `HMCP_EMBED_API_KEY`: the bearer key for the OpenAI-compatible provider; never logged.
    public var apiKey: String?
    /// `HMCP_EMBED_OLLAMA_URL`: the Ollama base URL (the request goes to `{ollamaURL}/api/embed`).
    public var ollamaURL: String
    /// `HMCP_EMBED_BATCH_SIZE`: texts per model call or per HTTP request.
    public var batchSize: Int
    /// `HMCP_EMBED_MAX_LENGTH`: the local model's token limit including `[CLS]` and `[SEP]`; `nil`
    /// takes the model's own (`sentence_bert_config.json`, else `max_position_embeddings`).
    public var maxLength: Int?
    /// `HMCP_EMBED_THREADS`: parallel encoder workers of the local model. With more than one, each
    /// worker runs single-threaded BLAS (the process's OpenBLAS is set to one thread per call); with
    /// one, BLAS keeps its own threading.
    public var threads: Int
    /// `HMCP_EMBED_PRECISION`: the local model's arithmetic; `auto` picks int8 where the CPU runs it.
    public var precision: Precision
    /// `HMCP_EMBED_DIMENSION`: the vector width of a remote model hmcp does not know; `nil` uses the
    /// known width, or asks the provider once.
    public var dimension: Int?
    /// `HMCP_EMBED_QUERY_PREFIX`: put before every question; `nil` takes the local model folder's
    /// own (`config_sentence_transformers.json` `prompts.query`), else none.
    public var queryPrefix: String?
    /// `HMCP_EMBED_DOCUMENT_PREFIX`: put before every stored text; `nil` takes the local model
    /// folder's own (`prompts.document` or `prompts.passage`), else none.
    public var documentPrefix: String?
    /// `HMCP_EMBED_INPUT_TYPE_QUERY`: sent as `input_type` with questions (remote providers only).
    public var queryInputType: String?
    /// `HMCP_EMBED_INPUT_TYPE_DOCUMENT`: sent as `input_type` with stored texts (remote providers only).
    public var documentInputType: String?

    /// Settings with the documented defaults: the local provider, the provider's default model,
    /// batches of 32, one worker per processor, the precision the CPU runs fastest.
    public init(
        provider: Provider = .local,
        model: String? = nil,
        apiURL: String = ConfigurationVariables.embedAPIURL.defaultValue(as: String.self),
        apiKey: String? = nil,
        ollamaURL: String = ConfigurationVariables.embedOllamaURL.defaultValue(as: String.self),
        batchSize: Int = ConfigurationVariables.embedBatchSize.defaultValue(as: Int.self),
        maxLength: Int? = nil,
        threads: Int = EmbeddingSettings.defaultThreads,
        precision: Precision = ConfigurationVariables.embedPrecision.defaultValue(as: Precision.self),
        dimension: Int? = nil,
        queryPrefix: String? = nil,
        documentPrefix: String? = nil,
        queryInputType: String? = nil,
        documentInputType: String? = nil
    ) {
        self.provider = provider
        self.model = model ?? Self.defaultModel(for: provider)
        self.apiURL = apiURL
        self.apiKey = apiKey
        self.ollamaURL = ollamaURL
        self.batchSize = batchSize
        self.maxLength = maxLength
        self.threads = threads
        self.precision = precision
        self.dimension = dimension
        self.queryPrefix = queryPrefix
        self.documentPrefix = documentPrefix
        self.queryInputType = queryInputType
        self.documentInputType = documentInputType
    }

    /// The role conventions the settings give (prefixes a model folder declares come on top, in
    /// `LocalEmbedder`).
    public var conventions: RoleConventions {
        RoleConventions(
            queryPrefix: queryPrefix ?? "", documentPrefix: documentPrefix ?? "",
            queryInputType: queryInputType, documentInputType: documentInputType)
    }

    /// The model used when none is configured: all-MiniLM-L6-v2 locally, `text-embedding-3-small`
    /// for OpenAI, `nomic-embed-text` for Ollama.
    public static func defaultModel(for provider: Provider) -> String {
        switch provider {
        case .local: defaultLocalModel
        case .openai: "text-embedding-3-small"
        case .ollama: "nomic-embed-text"
        }
    }

    /// One worker per active processor, at least one.
    public static var defaultThreads: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The local model directory: `model` itself when it names a path (contains `/` or starts with
    /// `.`), else `models/<model>`.
    public var localModelDirectory: String {
        if model.contains("/") || model.hasPrefix(".") {
            return model
        }
        return "\(Self.modelsDirectory)/\(model)"
    }
}

extension EmbeddingSettings: CustomStringConvertible {
    /// The settings with the API key redacted, for logs.
    public var description: String {
        "EmbeddingSettings(provider: \(provider.rawValue), model: \(model), apiURL: \(apiURL), apiKey: "
            + (apiKey == nil ? "none" : "<redacted>")
            + ", ollamaURL: \(ollamaURL), batchSize: \(batchSize), maxLength: \(maxLength.map(String.init) ?? "model"), threads: \(threads), precision: \(precision.rawValue)"
            + (conventions.isEmpty ? "" : ", roles:\(conventions.identity)") + ")"
    }
}
