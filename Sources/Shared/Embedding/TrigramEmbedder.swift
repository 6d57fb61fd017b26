/// A deterministic embedder with no model: character-trigram counts hashed into `dimension`
/// components, L2-normalized. Texts sharing words come out close, so tests and benchmarks of what
/// surrounds the embedder (ranking, permission checks, publishing) run without loading a model.
public struct TrigramEmbedder: Embedder {
    /// Components per vector.
    public let dimension: Int
    /// The id the index records.
    public let modelID: String
    /// Both roles alike.
    public let conventions = RoleConventions()

    /// An embedder of `dimension` components calling itself `modelID`.
    public init(dimension: Int, modelID: String) {
        self.dimension = dimension
        self.modelID = modelID
    }

    /// The unit vector of `text`.
    public func vector(_ text: String) -> [Float] {
        var values = [Float](repeating: 0, count: dimension)
        let scalars = Array(text.lowercased().unicodeScalars)
        for index in 0..<max(0, scalars.count - 2) {
            let hash = scalars[index..<index + 3].reduce(UInt32(2_166_136_261)) { ($0 ^ $1.value) &* 16_777_619 }
            values[Int(hash % UInt32(dimension))] += 1
        }
        let norm = max(values.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-6)
        return values.map { $0 / norm }
    }

    /// One row per text; the role makes no difference.
    public func embed(_ texts: [String], role: EmbeddingRole) async throws -> Matrix {
        Matrix(rows: texts.count, columns: dimension, values: texts.flatMap(vector))
    }
}
