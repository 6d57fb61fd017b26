/// A row-major float32 matrix: `rows` vectors of `columns` components each.
///
/// Embedders return one row per input text, L2-normalized; the index stores rows in this layout.
public struct Matrix: Sendable, Equatable {
    /// Number of vectors.
    public let rows: Int
    /// Components per vector (the embedding dimension).
    public let columns: Int
    /// `rows * columns` values, row after row.
    public var values: [Float]

    /// Wraps `values` (which must hold exactly `rows * columns` floats).
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "matrix needs \(rows)x\(columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A zero-filled matrix.
    public init(rows: Int, columns: Int) {
        self.init(rows: rows, columns: columns, values: [Float](repeating: 0, count: rows * columns))
    }

    /// Row `index` as a fresh array.
    public func row(_ index: Int) -> [Float] {
        Array(values[index * columns ..< (index + 1) * columns])
    }
}

/// Turns texts into unit-length vectors. One protocol for the local model and the remote providers.
public protocol Embedder: Sendable {
    /// Length of every vector this embedder returns.
    var dimension: Int { get }
    /// Identifies the provider, the model and its role conventions, e.g. `local:all-MiniLM-L6-v2`
    /// (see `RoleConventions.identity`); the index records it so the server embeds queries with the
    /// same model, the same way, as the index was built with.
    var modelID: String { get }
    /// How this embedder treats each role.
    var conventions: RoleConventions { get }
    /// Embeds `texts` (any count; the provider batches) in `role`, returning one L2-normalized row
    /// per text, in order.
    func embed(_ texts: [String], role: EmbeddingRole) async throws -> Matrix
}
