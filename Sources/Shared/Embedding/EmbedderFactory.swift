import AsyncHTTPClient

/// Builds the embedder the settings ask for.
public enum EmbedderFactory {
    /// The local, OpenAI-compatible or Ollama embedder of `settings`. The local one loads its model
    /// now (a missing directory is an error naming it); the remote ones use `httpClient`.
    public static func make(_ settings: EmbeddingSettings, httpClient: HTTPClient = .shared) throws -> any Embedder {
        switch settings.provider {
        case .local:
            return try LocalEmbedder(settings: settings)
        case .openai:
            return try OpenAIEmbedder(
                apiURL: settings.apiURL, apiKey: settings.apiKey, model: settings.model, batchSize: settings.batchSize,
                dimension: settings.dimension, conventions: settings.conventions, httpClient: httpClient)
        case .ollama:
            return try OllamaEmbedder(
                url: settings.ollamaURL, model: settings.model, batchSize: settings.batchSize, dimension: settings.dimension,
                conventions: settings.conventions, httpClient: httpClient)
        }
    }
}
