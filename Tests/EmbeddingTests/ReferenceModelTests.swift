import Foundation
import Testing

@testable import Shared

/// The local embedder against the reference token ids and sentence-transformers embeddings.
@Suite struct ReferenceModelTests {
    @Test func tokenIdsEqualTheReferenceForEveryText() throws {
        let reference = try TestResources.reference()
        let embedder = try TestResources.embedder()
        #expect(reference.texts.count == reference.tokenIds.count)
        for (index, text) in reference.texts.enumerated() {
            #expect(embedder.tokenize(text) == reference.tokenIds[index], "text \(index): \(text)")
        }
    }

    @Test func embeddingsMatchTheReference() async throws {
        let reference = try TestResources.reference()
        let embedder = try TestResources.embedder()
        let matrix = try await embedder.embed(reference.texts, role: .document)
        #expect(matrix.rows == reference.texts.count)
        #expect(matrix.columns == 384)
        for (index, expected) in reference.embeddings.enumerated() {
            let row = matrix.row(index)
            let largestDifference = zip(row, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(cosine(row, expected) >= 0.9999, "text \(index)")
            #expect(largestDifference <= 1e-4, "text \(index): max |Δ| \(largestDifference)")
        }
    }

    @Test func theDefaultModelIsMiniLMWithMeanPoolingAndLength256() throws {
        let embedder = try TestResources.embedder()
        #expect(embedder.modelID == "local:all-MiniLM-L6-v2")
        #expect(embedder.dimension == 384)
        #expect(embedder.maxLength == 256)
        #expect(embedder.pooling == .mean)
    }
}
