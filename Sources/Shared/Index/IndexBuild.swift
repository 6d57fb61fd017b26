/// What a new version is built with; recorded in its `meta` when the writer finishes.
public struct IndexBuild: Sendable, Equatable {
    /// Embedding provider, e.g. `local`.
    public var embeddingProvider: String
    /// The embedder's model id.
    public var modelID: String
    /// Components per vector.
    public var dimension: Int
    /// The HaloPSA base URL the tickets come from.
    public var sourceURL: String
    /// The chunker version the chunks are cut with.
    public var chunkerVersion: Int

    /// Describes a build.
    public init(embeddingProvider: String, modelID: String, dimension: Int, sourceURL: String, chunkerVersion: Int = Chunker.version) {
        self.embeddingProvider = embeddingProvider
        self.modelID = modelID
        self.dimension = dimension
        self.sourceURL = sourceURL
        self.chunkerVersion = chunkerVersion
    }
}
