import Foundation
import Testing

@testable import Shared

/// Batching, packing, ordering, truncation and normalization of the local embedder.
@Suite struct BatchingTests {
    static let texts = [
        "Printer offline again.",
        "The VPN drops every ten minutes when I work from home, even after reinstalling the client twice.",
        "ok",
        "Résumé upload fails — “unsupported format”.",
        "Invoice #INV-2024-00123 has the wrong VAT number; please re-issue it before Friday.",
        "客户无法登录系统",
        "Outlook crashes when opening attachments larger than 10MB, on both laptops.",
        "",
        "Please reset the password for j.doe@example.com.",
    ]

    @Test func batchedVectorsEqualOneAtATime() async throws {
        let embedder = try TestResources.embedder()
        let together = try await embedder.embed(Self.texts, role: .document)
        for (index, text) in Self.texts.enumerated() {
            let alone = try await embedder.embed([text], role: .document).row(0)
            let largestDifference = zip(alone, together.row(index)).map { abs($0 - $1) }.max() ?? .infinity
            #expect(largestDifference <= 1e-5, "text \(index): max |Δ| \(largestDifference)")
        }
    }

    @Test func everyRowHasUnitNorm() async throws {
        let matrix = try await TestResources.embedder().embed(Self.texts, role: .document)
        for index in 0..<matrix.rows {
            #expect(abs(norm(matrix.row(index)) - 1) <= 1e-5)
        }
    }

    @Test func differentTextsGiveDifferentVectorsAndRelatedTextsAreCloser() async throws {
        let matrix = try await TestResources.embedder().embed([
            "I cannot log in, my password is rejected.", "Login fails: the password is not accepted.",
            "The printer on floor 3 is out of toner.",
        ], role: .document)
        let related = cosine(matrix.row(0), matrix.row(1))
        let unrelated = cosine(matrix.row(0), matrix.row(2))
        #expect(related > unrelated + 0.2)
    }

    @Test func longTextsAreTruncatedAtMaxLength() async throws {
        let embedder = try TestResources.embedder()
        let long = Array(repeating: "the server returns error 500 again", count: 200).joined(separator: " ")
        let ids = embedder.tokenize(long)
        #expect(ids.count == embedder.maxLength)
        #expect(ids.first == 101)
        #expect(ids.last == 102)
        let longer = long + " and then something completely different about printers and toner"
        let vectors = try await embedder.embed([long, longer], role: .document)
        #expect(vectors.row(0) == vectors.row(1))
    }

    @Test func aConfiguredMaxLengthCutsTokens() async throws {
        let embedder = try LocalEmbedder(directory: TestResources.modelDirectory, maxLength: 8)
        let ids = embedder.tokenize("one two three four five six seven eight nine ten")
        #expect(ids.count == 8)
        #expect(ids.last == 102)
        let full = try TestResources.embedder().tokenize("one two three four five six seven eight nine ten")
        #expect(Array(ids.dropLast()) == Array(full.prefix(7)))
    }

    @Test func emptyInputGivesAnEmptyMatrix() async throws {
        let matrix = try await TestResources.embedder().embed([], role: .document)
        #expect(matrix.rows == 0)
        #expect(matrix.columns == 384)
    }

    @Test func batchSizeAndWorkersDoNotChangeTheVectors() async throws {
        let single = try LocalEmbedder(directory: TestResources.modelDirectory, batchSize: 3, workers: 1, precision: .fp32)
        let reference = try await TestResources.embedder().embed(Self.texts, role: .document)
        let other = try await single.embed(Self.texts, role: .document)
        let largestDifference = zip(reference.values, other.values).map { abs($0 - $1) }.max() ?? .infinity
        #expect(largestDifference <= 1e-5)
    }
}
