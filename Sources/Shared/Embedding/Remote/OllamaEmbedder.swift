import AsyncHTTPClient
import Foundation

/// Embeddings from an Ollama server: `POST {url}/api/embed` with `{"model", "input": [texts]}`.
public typealias OllamaEmbedder = RemoteEmbedder<OllamaAPI>

/// The Ollama answer: `{"embeddings": [[...]]}`, in input order.
public enum OllamaAPI: EmbeddingAPI {
    /// `ollama`.
    public static let name = "ollama"

    /// Vector widths of well-known models (by name without tag), so `dimension` is right before the
    /// first request.
    static let knownDimensions = ["nomic-embed-text": 768, "mxbai-embed-large": 1024, "all-minilm": 384]

    /// The vectors of `body`.
    public static func decode(_ body: Data) throws -> [[Float]] {
        guard let answer = try? JSONDecoder().decode(Answer.self, from: body) else {
            throw EmbeddingError.malformedResponse(provider: name, reason: "expected {\"embeddings\": [[numbers]]}")
        }
        return answer.embeddings
    }

    private struct Answer: Decodable {
        let embeddings: [[Float]]
    }
}

extension RemoteEmbedder where API == OllamaAPI {
    /// An embedder for `model` on the Ollama server at `url` (e.g. `http://127.0.0.1:11434`);
    /// `dimension` overrides the known width of the model; `clock` times retries.
    public convenience init(
        url: String, model: String, batchSize: Int = 32, dimension: Int? = nil,
        conventions: RoleConventions = RoleConventions(), httpClient: HTTPClient = .shared,
        retry: RetryPolicy = RetryPolicy(), clock: any WaitingClock = ContinuousClock()
    ) throws {
        let untagged = model.split(separator: ":").first.map(String.init) ?? model
        try self.init(
            model: model, endpoint: RemoteEndpoint.join(url, "api/embed", setting: "HMCP_EMBED_OLLAMA_URL"),
            apiKey: nil, batchSize: batchSize, dimension: dimension ?? OllamaAPI.knownDimensions[untagged],
            conventions: conventions, httpClient: httpClient, retry: retry, clock: clock)
    }
}
