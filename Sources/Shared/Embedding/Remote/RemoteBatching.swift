import Synchronization

/// What the two HTTP providers share around their requests: splitting texts into batches,
/// checking that every answer has one vector per text of one dimension, and L2-normalizing.
final class RemoteBatching: Sendable {
    /// The provider's name in errors.
    let provider: String
    /// Texts per request.
    let batchSize: Int
    private let knownDimension = Mutex<Int?>(nil)

    /// Batching for `provider`; `dimension` is the expected width if known in advance.
    init(provider: String, batchSize: Int, dimension: Int?) throws {
        guard batchSize > 0 else { throw EmbeddingError.invalidSettings("batch size must be positive (got \(batchSize))") }
        self.provider = provider
        self.batchSize = batchSize
        knownDimension.withLock { $0 = dimension }
    }

    /// The vector width: as configured or known for the model, else as first answered (0 before).
    var dimension: Int { knownDimension.withLock { $0 ?? 0 } }

    /// Embeds `texts` batch by batch with `request`, which returns one vector per text of its batch.
    func embed(_ texts: [String], request: ([String]) async throws -> [[Float]]) async throws -> Matrix {
        var values: [Float] = []
        var width = knownDimension.withLock { $0 }
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            let batch = Array(texts[start..<min(start + batchSize, texts.count)])
            let vectors = try await request(batch)
            guard vectors.count == batch.count else {
                throw EmbeddingError.malformedResponse(provider: provider, reason: "\(vectors.count) vectors for \(batch.count) inputs")
            }
            for vector in vectors {
                let expected = width ?? vector.count
                guard vector.count == expected, expected > 0 else {
                    throw EmbeddingError.malformedResponse(
                        provider: provider, reason: "a vector has \(vector.count) components, expected \(expected)")
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
}
