import AsyncHTTPClient
import Foundation
import Synchronization

/// The answer format of one embedding HTTP API.
public protocol EmbeddingAPI: Sendable {
    /// The provider's name in errors and model ids (`openai`, `ollama`).
    static var name: String { get }
    /// One vector per input text from an answer body; throws `EmbeddingError.malformedResponse`.
    static func decode(_ body: Data) throws -> [[Float]]
}

/// An embedder behind an HTTP API (`OpenAIEmbedder`, `OllamaEmbedder`): texts go in batches posted
/// as `{"model", "input": [texts]}`, with `"input_type"` when the role has one and each text behind
/// the role's prefix; every answer must hold one vector per text, all of one width;
/// vectors are L2-normalized with BLAS. `API` only decodes its own answer format.
public final class RemoteEmbedder<API: EmbeddingAPI>: Embedder {
    /// The model name sent with each request.
    public let model: String
    /// Texts per request.
    public let batchSize: Int
    /// The prefixes and input types of each role.
    public let conventions: RoleConventions
    private let endpoint: String
    private let client: RemoteEmbeddingClient
    private let knownDimension = Mutex<Int?>(nil)

    /// An embedder posting to `endpoint`; `dimension` is the expected width if known in advance; `clock`
    /// times the waits between retries.
    init(
        model: String, endpoint: String, apiKey: String?, batchSize: Int, dimension: Int?,
        conventions: RoleConventions, httpClient: HTTPClient, retry: RetryPolicy, clock: any WaitingClock
    ) throws {
        guard !model.isEmpty else { throw EmbeddingError.invalidSettings("the \(API.name) provider needs a model name") }
        guard batchSize > 0 else { throw EmbeddingError.invalidSettings("batch size must be positive (got \(batchSize))") }
        self.model = model
        self.batchSize = batchSize
        self.conventions = conventions
        self.endpoint = endpoint
        client = RemoteEmbeddingClient(provider: API.name, httpClient: httpClient, retry: retry, clock: clock, apiKey: apiKey)
        knownDimension.withLock { $0 = dimension }
    }

    /// `<provider>:<model>`, e.g. `openai:text-embedding-3-small`, with the role conventions when set.
    public var modelID: String { "\(API.name):\(model)" + conventions.identity }

    /// The vector width: as configured or known for the model, else as first answered (0 before).
    public var dimension: Int { knownDimension.withLock { $0 ?? 0 } }

    /// One unit-length row per text, in order, requested `batchSize` texts at a time in `role`.
    public func embed(_ texts: [String], role: EmbeddingRole) async throws -> Matrix {
        var values: [Float] = []
        var width = knownDimension.withLock { $0 }
        let inputs = conventions.prefixed(texts, as: role)
        let inputType = conventions.inputType(for: role)
        for start in stride(from: 0, to: inputs.count, by: batchSize) {
            let batch = Array(inputs[start..<min(start + batchSize, inputs.count)])
            let request = Request(model: model, input: batch, inputType: inputType)
            let vectors = try API.decode(try await client.post(endpoint, body: request))
            guard vectors.count == batch.count else {
                throw EmbeddingError.malformedResponse(provider: API.name, reason: "\(vectors.count) vectors for \(batch.count) inputs")
            }
            for vector in vectors {
                let expected = width ?? vector.count
                guard vector.count == expected, expected > 0 else {
                    throw EmbeddingError.malformedResponse(
                        provider: API.name, reason: "a vector has \(vector.count) components, expected \(expected)")
                }
                width = expected
                values.append(contentsOf: vector)
            }
        }
        guard let columns = width else { return Matrix(rows: 0, columns: dimension) }
        knownDimension.withLock { $0 = columns }
        var matrix = Matrix(rows: texts.count, columns: columns, values: values)
        BLAS.normalizeRows(&matrix)
        return matrix
    }

    /// The request body both APIs take; `input_type` only when the role has one.
    private struct Request: Encodable {
        let model: String
        let input: [String]
        let inputType: String?

        enum CodingKeys: String, CodingKey {
            case model, input
            case inputType = "input_type"
        }
    }
}
