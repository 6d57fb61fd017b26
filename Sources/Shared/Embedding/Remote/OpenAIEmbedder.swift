import AsyncHTTPClient
import Foundation

/// Embeddings from any OpenAI-compatible API: `POST {apiURL}/embeddings` with
/// `{"model", "input": [texts]}` and `Authorization: Bearer <key>`.
public typealias OpenAIEmbedder = RemoteEmbedder<OpenAIAPI>

/// The OpenAI answer: `{"data": [{"embedding": [...], "index": i}]}`, items in any order.
public enum OpenAIAPI: EmbeddingAPI {
    /// `openai`.
    public static let name = "openai"

    /// Vector widths of well-known models, so `dimension` is right before the first request.
    static let knownDimensions = ["text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536]

    /// The vectors of `body`, ordered by `index`.
    public static func decode(_ body: Data) throws -> [[Float]] {
        guard let answer = try? JSONDecoder().decode(Answer.self, from: body) else {
            throw EmbeddingError.malformedResponse(provider: name, reason: "expected {\"data\": [{\"embedding\": [numbers]}]}")
        }
        return answer.data.enumerated()
            .sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }
            .map(\.element.embedding)
    }

    private struct Answer: Decodable {
        struct Item: Decodable {
            let embedding: [Float]
            let index: Int?
        }
        let data: [Item]
    }
}

extension RemoteEmbedder where API == OpenAIAPI {
    /// An embedder for `model` at `apiURL` (e.g. `https://api.openai.com/v1`); `dimension` overrides
    /// the known width of the model; `conventions` says how each role is sent; `clock` times retries.
    public convenience init(
        apiURL: String, apiKey: String?, model: String, batchSize: Int = 32, dimension: Int? = nil,
        conventions: RoleConventions = RoleConventions(), httpClient: HTTPClient = .shared,
        retry: RetryPolicy = RetryPolicy(), clock: any WaitingClock = ContinuousClock()
    ) throws {
        try self.init(
            model: model, endpoint: RemoteEndpoint.join(apiURL, "embeddings", setting: "HMCP_EMBED_API_URL"),
            apiKey: apiKey, batchSize: batchSize, dimension: dimension ?? OpenAIAPI.knownDimensions[model],
            conventions: conventions, httpClient: httpClient, retry: retry, clock: clock)
    }
}
