import AsyncHTTPClient
import Foundation

/// Embeddings from an Ollama server: `POST {url}/api/embed` with `{"model", "input": [texts]}`,
/// answered with `{"embeddings": [[...]]}`. Vectors are L2-normalized with BLAS.
public final class OllamaEmbedder: Embedder {
    /// `ollama:<model>`.
    public let modelID: String
    private let model: String
    private let endpoint: String
    private let client: RemoteEmbeddingClient
    private let batching: RemoteBatching

    /// Vector widths of well-known models, so `dimension` is right before the first request.
    static let knownDimensions = ["nomic-embed-text": 768, "mxbai-embed-large": 1024, "all-minilm": 384]

    /// An embedder for `model` on the Ollama server at `url` (e.g. `http://127.0.0.1:11434`);
    /// `dimension` overrides the known width of the model.
    public init(
        url: String, model: String, batchSize: Int = 32, dimension: Int? = nil,
        httpClient: HTTPClient = .shared, retry: RetryPolicy = RetryPolicy()
    ) throws {
        guard !model.isEmpty else { throw EmbeddingError.invalidSettings("the ollama provider needs a model name") }
        self.model = model
        modelID = "ollama:\(model)"
        endpoint = try RemoteEndpoint.join(url, "api/embed", setting: "HMCP_EMBED_OLLAMA_URL")
        client = RemoteEmbeddingClient(provider: "ollama", httpClient: httpClient, retry: retry, apiKey: nil)
        let base = model.split(separator: ":").first.map(String.init) ?? model
        batching = try RemoteBatching(provider: "ollama", batchSize: batchSize, dimension: dimension ?? Self.knownDimensions[base])
    }

    /// The vector width (known in advance for well-known models, else learned from the first answer).
    public var dimension: Int { batching.dimension }

    /// One unit-length row per text, in order, requested `batchSize` texts at a time.
    public func embed(_ texts: [String]) async throws -> Matrix {
        try await batching.embed(texts) { batch in
            let data = try await client.post(endpoint, body: Request(model: model, input: batch))
            guard let answer = try? JSONDecoder().decode(Response.self, from: data) else {
                throw EmbeddingError.malformedResponse(provider: "ollama", reason: "expected {\"embeddings\": [[numbers]]}")
            }
            return answer.embeddings
        }
    }

    private struct Request: Encodable {
        let model: String
        let input: [String]
    }

    private struct Response: Decodable {
        let embeddings: [[Float]]
    }
}
