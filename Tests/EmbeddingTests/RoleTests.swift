import Foundation
import Testing

@testable import Shared

/// Query and document roles: prefixes from the model folder or the settings, `input_type` for the
/// remote providers, and the model id that carries them.
@Suite struct RoleTests {
    /// E5-shaped prompts in words the synthetic model knows (its vocabulary has no `query` or `:`).
    static let e5Prompts = ["query": "a b ", "passage": "c "]
    static let texts = ["the printer is slow", "vpn login fails"]

    @Test func theFolderPromptsGoBeforeEachRole() async throws {
        let model = try SyntheticModel(layout: .init(prompts: Self.e5Prompts))
        defer { model.remove() }
        let embedder = try LocalEmbedder(directory: model.directory.path, workers: 1)
        #expect(embedder.conventions == RoleConventions(queryPrefix: "a b ", documentPrefix: "c "))
        #expect(embedder.modelID == "local:\(model.directory.lastPathComponent) (query \"a b \", document \"c \")")

        let plain = try LocalEmbedder(directory: model.directory.path, workers: 1, queryPrefix: "", documentPrefix: "")
        #expect(plain.conventions.isEmpty)
        #expect(plain.modelID == "local:\(model.directory.lastPathComponent)")
        let queries = try await embedder.embed(Self.texts, role: .query)
        let documents = try await embedder.embed(Self.texts, role: .document)
        #expect(queries == (try await plain.embed(Self.texts.map { "a b " + $0 }, role: .document)))
        #expect(documents == (try await plain.embed(Self.texts.map { "c " + $0 }, role: .query)))
        #expect(queries.row(0) != documents.row(0), "the two roles embed one text differently")
    }

    @Test func aDocumentPromptWinsOverAPassagePrompt() throws {
        let model = try SyntheticModel(layout: .init(prompts: ["query": "search_query: ", "document": "search_document: ", "passage": "p: "]))
        defer { model.remove() }
        let embedder = try LocalEmbedder(directory: model.directory.path, workers: 1)
        #expect(embedder.conventions == RoleConventions(queryPrefix: "search_query: ", documentPrefix: "search_document: "))
    }

    @Test func settingsOverrideTheFolderAndAFolderWithoutPromptsHasNone() throws {
        let model = try SyntheticModel(layout: .init(prompts: Self.e5Prompts))
        defer { model.remove() }
        let settings = EmbeddingSettings(model: model.directory.path, threads: 1, queryPrefix: "Represent this question: ")
        let embedder = try LocalEmbedder(settings: settings)
        #expect(embedder.conventions == RoleConventions(queryPrefix: "Represent this question: ", documentPrefix: "c "))

        let bare = try SyntheticModel(layout: .init())
        defer { bare.remove() }
        #expect(try LocalEmbedder(directory: bare.directory.path, workers: 1).conventions.isEmpty)
    }

    @Test func inputTypesAreRefusedForTheLocalModel() throws {
        let model = try SyntheticModel(layout: .init())
        defer { model.remove() }
        #expect {
            try LocalEmbedder(settings: EmbeddingSettings(model: model.directory.path, threads: 1, queryInputType: "query"))
        } throws: { error in
            "\(error)".contains("HMCP_EMBED_INPUT_TYPE_QUERY") && "\(error)".contains("HMCP_EMBED_QUERY_PREFIX")
        }
    }

    @Test func anUnreadableFolderPromptFileIsAClearError() throws {
        let model = try SyntheticModel(layout: .init())
        defer { model.remove() }
        let path = model.directory.appendingPathComponent("config_sentence_transformers.json")
        try Data("{\"prompts\": [1, 2]}".utf8).write(to: path)
        #expect(throws: EmbeddingError.self) { try LocalEmbedder(directory: model.directory.path, workers: 1) }
    }

    @Test func theConfigurationKeepsPrefixSpacesAndTheModelsOwnLength() throws {
        let model = try SyntheticModel(layout: .init())
        defer { model.remove() }
        let values = ConfigurationValues(environment: [
            "HMCP_EMBED_MODEL": model.directory.path, "HMCP_EMBED_THREADS": "1",
            "HMCP_EMBED_QUERY_PREFIX": "query: ", "HMCP_EMBED_DOCUMENT_PREFIX": "passage: ",
        ])
        let settings = try EmbeddingSettings(values: values)
        #expect(settings.queryPrefix == "query: ")
        #expect(settings.documentPrefix == "passage: ")
        #expect(settings.maxLength == nil, "an unset HMCP_EMBED_MAX_LENGTH takes the model's own")
        #expect(try LocalEmbedder(settings: settings).maxLength == 12, "the synthetic model's sentence_bert_config says 12")
    }

    @Test func theOpenAIProviderSendsEachRolesInputTypeAndPrefix() async throws {
        let log = RequestLog()
        try await LoopbackServer.with(RemoteProviderTests.openAIServer(log: log)) { base in
            let conventions = RoleConventions(queryPrefix: "q: ", queryInputType: "query", documentInputType: "passage")
            let embedder = try OpenAIEmbedder(
                apiURL: base + "/v1", apiKey: nil, model: "e5", dimension: 4, conventions: conventions,
                retry: RemoteProviderTests.quickRetry)
            #expect(embedder.modelID == "openai:e5 (query \"q: \" input_type=query, document input_type=passage)")
            _ = try await embedder.embed(["printer jam"], role: .query)
            _ = try await embedder.embed(["printer jam"], role: .document)
            #expect(log.inputTypes == ["query", "passage"])
            #expect(log.inputs == [["q: printer jam"], ["printer jam"]])
        }
    }

    @Test func theOllamaProviderSendsEachRolesInputType() async throws {
        let log = RequestLog()
        try await LoopbackServer.with(RemoteProviderTests.ollamaServer(log: log)) { base in
            let conventions = RoleConventions(documentPrefix: "search_document: ", queryInputType: "query", documentInputType: "document")
            let embedder = try OllamaEmbedder(url: base, model: "nomic-embed-text", dimension: 4, conventions: conventions, retry: RemoteProviderTests.quickRetry)
            _ = try await embedder.embed(["vpn"], role: .document)
            _ = try await embedder.embed(["vpn"], role: .query)
            #expect(log.inputTypes == ["document", "query"])
            #expect(log.inputs == [["search_document: vpn"], ["vpn"]])
        }
    }

    @Test func theFactoryPassesTheSettingsConventionsToRemoteProviders() throws {
        let settings = EmbeddingSettings(
            provider: .openai, model: "e5", dimension: 4, queryInputType: "query", documentInputType: "passage")
        let embedder = try EmbedderFactory.make(settings)
        #expect(embedder.conventions == RoleConventions(queryInputType: "query", documentInputType: "passage"))
        #expect(EmbeddingSettings().conventions.isEmpty)
    }
}
