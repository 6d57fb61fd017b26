import ArgumentParser
import HMCPCommandLine
import Shared

/// The embedder a benchmark queries with, named the way `HMCP_EMBED_*` names it: the local model
/// by default, or any OpenAI-compatible or Ollama model with its role conventions.
struct BenchEmbeddingOptions: ParsableArguments {
    @Option(help: "Embedding provider: local, openai or ollama.")
    var provider = EmbeddingSettings.Provider.local.rawValue

    @Option(help: "Model: for local a directory or a name under models/; otherwise the provider's model name.")
    var model: String?

    @Option(help: "Base URL of the OpenAI-compatible API (openai) or of the Ollama server (ollama).")
    var apiURL: String?

    @Option(help: "Vector width of a remote model hmcp does not know.")
    var dimension: Int?

    @Option(help: "Text put before every question.")
    var queryPrefix: String?

    @Option(help: "Text put before every ticket chunk.")
    var documentPrefix: String?

    @Option(help: "input_type sent with questions (openai, ollama).")
    var queryInputType: String?

    @Option(help: "input_type sent with ticket chunks (openai, ollama).")
    var documentInputType: String?

    /// The settings these options describe, embedding `batchSize` texts at a time on two threads.
    func settings(batchSize: Int) throws -> EmbeddingSettings {
        guard let chosen = EmbeddingSettings.Provider(rawValue: provider) else {
            throw ValidationError("--provider must be one of \(EmbeddingSettings.Provider.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var settings = EmbeddingSettings(
            provider: chosen, model: model, batchSize: batchSize, threads: 2, dimension: dimension,
            queryPrefix: queryPrefix, documentPrefix: documentPrefix,
            queryInputType: queryInputType, documentInputType: documentInputType)
        if let apiURL {
            if chosen == .ollama { settings.ollamaURL = apiURL } else { settings.apiURL = apiURL }
        }
        return settings
    }
}
