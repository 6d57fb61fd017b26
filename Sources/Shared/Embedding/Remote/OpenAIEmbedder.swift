import AsyncHTTPClient
import Foundation

/// Embeddings from any OpenAI-compatible API: `POST {apiURL}/embeddings` with
/// `{"model", "input": [texts]}` and `Authorization: Bearer <key>`, answered with
/// `{"data": [{"embedding": [...], "index": i}]}`. Vectors are L2-normalized with BLAS.
public final class OpenAIEmbedder: Embedder {
    /// `openai:<model>`.
    public let modelID: String
    private let model: String
    private let endpoint: String
    private let client: RemoteEmbeddingClient
    private let batching: RemoteBatching

    /// Vector widths of well-known models, so `dimension` is right before the first request.
    static let knownDimensions = ["text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536]

    /// An embedder for `model` at `apiURL` (e.g. `https://api.openai.com/v1`); `dimension` overrides
    /// the known width of the model.
    public init(
        apiURL: String, apiKey: String?, model: String, batchSize: Int = 32, dimension: Int? = nil,
        httpClient: HTTPClient = .shared, retry: RetryPolicy = RetryPolicy()
    ) throws {
        guard !model.isEmpty else { throw EmbeddingError.invalidSettings("the openai provider needs a model name") }
        self.model = model
        modelID = "openai:\(model)"
        endpoint = try RemoteEndpoint.join(apiURL, "embeddings", setting: "HMCP_EMBED_API_URL")
        client = RemoteEmbeddingClient(provider: "openai", httpClient: httpClient, retry: retry, apiKey: apiKey)
        batching = try RemoteBatching(
            provider: "openai", batchSize: batchSize, dimension: dimension ?? Self.knownDimensions[model])
    }

    /// The vector width (known in advance for well-known models, else learned from the first answer).
    public var dimension: Int { batching.dimension }

    /// One unit-length row per text, in order, requested `batchSize` texts at a time.
    public func embed(_ texts: [String]) async throws -> Matrix {
        try await batching.embed(texts) { batch in
            let data = try await client.post(endpoint, body: Request(model: model, input: batch))
            guard let answer = try? JSONDecoder().decode(Response.self, from: data) else {
                throw EmbeddingError.malformedResponse(provider: "openai", reason: "expected {\"data\": [{\"embedding\": [numbers]}]}")
            }
            return answer.data.enumerated()
                .sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }
                .map(\.element.embedding)
        }
    }

    private struct Request: Encodable {
        let model: String
        let input: [String]
    }

    private struct Response: Decodable {
        struct Item: Decodable {
            let embedding: [Float]
            let index: Int?
        }
        let data: [Item]
    }
}
