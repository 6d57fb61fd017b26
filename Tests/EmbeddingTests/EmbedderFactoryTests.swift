import Foundation
import Testing

@testable import Shared

/// Choosing and configuring an embedder from `EmbeddingSettings`.
@Suite struct EmbedderFactoryTests {
    @Test func aMissingModelDirectoryNamesThePathAndTheFix() {
        let settings = EmbeddingSettings(model: "/nonexistent/models/nothing-here")
        let error = #expect(throws: EmbeddingError.self) {
            try EmbedderFactory.make(settings)
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("/nonexistent/models/nothing-here") && text.contains("run scripts/setup"))
    }

    @Test func knownNamesResolveUnderModels() {
        #expect(EmbeddingSettings().localModelDirectory == "models/all-MiniLM-L6-v2")
        #expect(EmbeddingSettings(model: "bge-small-en-v1.5").localModelDirectory == "models/bge-small-en-v1.5")
        #expect(EmbeddingSettings(model: "/opt/bge").localModelDirectory == "/opt/bge")
        #expect(EmbeddingSettings(model: "./here").localModelDirectory == "./here")
    }

    @Test func eachProviderHasItsDefaultModel() throws {
        #expect(EmbeddingSettings(provider: .openai).model == "text-embedding-3-small")
        #expect(EmbeddingSettings(provider: .ollama).model == "nomic-embed-text")
        let openAI = try EmbedderFactory.make(EmbeddingSettings(provider: .openai, apiURL: "http://127.0.0.1:9/v1", apiKey: "k"))
        #expect(openAI.modelID == "openai:text-embedding-3-small")
        #expect(openAI.dimension == 1536)
        let ollama = try EmbedderFactory.make(EmbeddingSettings(provider: .ollama, model: "mxbai-embed-large:latest"))
        #expect(ollama.modelID == "ollama:mxbai-embed-large:latest")
        #expect(ollama.dimension == 1024)
    }

    @Test func theLocalProviderLoadsAModelDirectory() throws {
        let embedder = try EmbedderFactory.make(EmbeddingSettings(model: TestResources.modelDirectory, maxLength: 128, threads: 1))
        #expect(embedder.modelID == "local:all-MiniLM-L6-v2")
        #expect((embedder as? LocalEmbedder)?.maxLength == 128)
    }

    @Test func badSettingsAreRejected() {
        #expect(throws: EmbeddingError.self) {
            try EmbedderFactory.make(EmbeddingSettings(provider: .openai, apiURL: "not a url"))
        }
        #expect(throws: EmbeddingError.self) {
            try EmbedderFactory.make(EmbeddingSettings(model: TestResources.modelDirectory, maxLength: 100_000))
        }
        #expect(throws: EmbeddingError.self) {
            try EmbedderFactory.make(EmbeddingSettings(provider: .ollama, batchSize: 0))
        }
    }

    @Test func theDescriptionNeverShowsTheKey() {
        let settings = EmbeddingSettings(provider: .openai, apiKey: "sk-secret-value")
        #expect(!"\(settings)".contains("sk-secret-value"))
        #expect("\(settings)".contains("<redacted>"))
    }
}
