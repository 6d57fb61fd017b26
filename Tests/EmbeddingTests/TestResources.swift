import Foundation
import Testing

@testable import Shared

/// Paths of the files the embedding tests read, relative to this repository, and the shared
/// embedder over the default model.
enum TestResources {
    /// The repository root (two folders above this file).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `models/all-MiniLM-L6-v2`, fetched by `scripts/setup`.
    static let modelDirectory = repositoryRoot.appendingPathComponent("models/all-MiniLM-L6-v2").path

    /// The reference embeddings and token ids, beside the repository in `shared/reference/`.
    static let referencePath = repositoryRoot.appendingPathComponent("../shared/reference/minilm-reference.json")
        .standardizedFileURL.path

    /// The reference file's content.
    struct Reference: Decodable {
        let texts: [String]
        let embeddings: [[Float]]
        let tokenIds: [[Int32]]
    }

    /// Reads the reference file, failing with the path when it is missing.
    static func reference() throws -> Reference {
        guard let data = FileManager.default.contents(atPath: referencePath) else {
            throw ResourceMissing("reference file \(referencePath) is missing (it lives in shared/reference beside the repository)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Reference.self, from: data)
    }

    /// The default model in float32 with two workers, loaded once; fails with a clear message if it is missing.
    static func embedder() throws -> LocalEmbedder {
        try shared.get()
    }

    /// The default model on the int8 path with two workers, loaded once (only where the CPU runs it).
    static func int8Embedder() throws -> LocalEmbedder {
        try sharedInt8.get()
    }

    /// The default model at `precision`, told whether the CPU runs the int8 kernels.
    static func loadEmbedder(precision: EmbeddingSettings.Precision, cpuHasInt8: Bool = Int8Kernels.cpuSupportsInt8) throws -> LocalEmbedder {
        guard FileManager.default.fileExists(atPath: modelDirectory + "/model.safetensors") else {
            throw ResourceMissing("model missing at \(modelDirectory): run scripts/fetch-model (scripts/setup does)")
        }
        return try LocalEmbedder(
            directory: modelDirectory, maxLength: nil, batchSize: 8, workers: 2, queryPrefix: nil, documentPrefix: nil,
            precision: precision, cpuHasInt8: cpuHasInt8)
    }

    private static let shared = Result { try loadEmbedder(precision: .fp32) }
    private static let sharedInt8 = Result { try loadEmbedder(precision: .int8) }

    /// A missing test resource, with what to do about it.
    struct ResourceMissing: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// The cosine of two equally long vectors.
func cosine(_ a: [Float], _ b: [Float]) -> Float {
    var dot: Float = 0, normA: Float = 0, normB: Float = 0
    for index in a.indices {
        dot += a[index] * b[index]
        normA += a[index] * a[index]
        normB += b[index] * b[index]
    }
    return dot / (normA.squareRoot() * normB.squareRoot())
}

/// The L2 norm of a vector.
func norm(_ a: [Float]) -> Float {
    a.reduce(0) { $0 + $1 * $1 }.squareRoot()
}
