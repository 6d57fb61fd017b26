import Foundation
import Testing

@testable import Shared

/// The encoder on tiny random BERTs in the layouts of other models (bge: CLS pooling, `bert.`
/// tensor prefix, tokenizer.json only; F16 weights), checked against a textbook forward pass.
@Suite struct SyntheticModelTests {
    static let texts = ["The printer is slow!", "vpn login fails, error", "ticket", "printers printing a b c the vpn is slow slow slow"]

    func check(_ layout: SyntheticModel.Layout, pooling: BertConfiguration.Pooling) async throws {
        let model = try SyntheticModel(layout: layout)
        defer { model.remove() }
        let embedder = try LocalEmbedder(directory: model.directory.path, batchSize: 3, workers: 2)
        #expect(embedder.dimension == model.hidden)
        #expect(embedder.maxLength == 12)
        #expect(embedder.pooling == pooling)
        let matrix = try await embedder.embed(Self.texts, role: .document)
        for (index, text) in Self.texts.enumerated() {
            let ids = embedder.tokenize(text)
            #expect(ids.count <= 12)
            let expected = model.referenceVector(ids)
            let largestDifference = zip(matrix.row(index), expected).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(largestDifference <= 2e-5, "text \(index): max |Δ| \(largestDifference)")
        }
    }

    @Test func aBgeStyleDirectoryUsesClsPooling() async throws {
        try await check(SyntheticModel.Layout(clsPooling: true, bertPrefix: true, tokenizerJSONOnly: true), pooling: .cls)
    }

    @Test func aMiniLMStyleDirectoryUsesMeanPooling() async throws {
        try await check(SyntheticModel.Layout(), pooling: .mean)
    }

    @Test func halfPrecisionWeightsAreWidened() async throws {
        try await check(SyntheticModel.Layout(halfPrecision: true), pooling: .mean)
    }

    @Test func tokenizationFollowsTheDirectoryVocabulary() throws {
        let model = try SyntheticModel(layout: SyntheticModel.Layout(tokenizerJSONOnly: true))
        defer { model.remove() }
        let embedder = try LocalEmbedder(directory: model.directory.path)
        let index = { (token: String) in Int32(model.vocabulary.firstIndex(of: token)!) }
        #expect(embedder.tokenize("Printers, VPN!") == [2, index("printer"), index("##s"), index(","), index("vpn"), index("!"), 3])
        #expect(embedder.tokenize("zebra") == [2, 1, 3])
    }

    @Test func aWrongTensorShapeIsAClearError() throws {
        let model = try SyntheticModel(layout: SyntheticModel.Layout())
        defer { model.remove() }
        let configPath = model.directory.appendingPathComponent("config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: configPath)) as! [String: Any]
        config["intermediate_size"] = 64
        try JSONSerialization.data(withJSONObject: config).write(to: configPath)
        let error = #expect(throws: EmbeddingError.self) {
            try LocalEmbedder(directory: model.directory.path)
        }
        #expect(error.map { "\($0)".contains("intermediate.dense.weight has shape [48, 20], expected [64, 20]") } == true)
    }
}
