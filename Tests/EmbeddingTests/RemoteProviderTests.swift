import Foundation
import HMCPTesting
import Hummingbird
import NIOCore
import Testing

@testable import Shared

/// The OpenAI-compatible and Ollama providers against fake servers on loopback.
@Suite struct RemoteProviderTests {
    static let key = "sk-test-0123456789abcdef"
    static let quickRetry = RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(10), maxDelay: .seconds(2), requestTimeout: .seconds(10))
    static let texts = ["printer jam", "vpn drops every hour", "password reset please", "ok", "outlook crashes on attachments"]

    /// An OpenAI answer for `inputs`, items listed in reverse order with their indices.
    static func openAIAnswer(_ inputs: [String]) -> String {
        let items = inputs.enumerated().reversed().map { index, text in
            "{\"object\":\"embedding\",\"index\":\(index),\"embedding\":\(fakeVector(text))}"
        }
        return "{\"object\":\"list\",\"model\":\"m\",\"data\":[\(items.joined(separator: ","))]}"
    }

    /// A fake OpenAI-compatible API answering every request with its inputs' fake vectors, recording it in `log`.
    static func openAIServer(log: RequestLog) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("v1/embeddings") { request, _ -> Response in
            let body = try await ProviderRequest.read(request, log: log)
            return LoopbackServer.json(openAIAnswer(body.input))
        }
        return router
    }

    /// A fake Ollama server answering every request with its inputs' fake vectors, recording it in `log`.
    static func ollamaServer(log: RequestLog) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("api/embed") { request, _ -> Response in
            let body = try await ProviderRequest.read(request, log: log)
            let vectors = body.input.map { "\(fakeVector($0))" }.joined(separator: ",")
            return LoopbackServer.json("{\"model\":\"\(body.model)\",\"embeddings\":[\(vectors)]}")
        }
        return router
    }

    func expectNormalizedFakeVectors(_ matrix: Matrix, for texts: [String]) {
        #expect(matrix.rows == texts.count)
        #expect(matrix.columns == 4)
        for (index, text) in texts.enumerated() {
            let raw = fakeVector(text)
            let length = norm(raw)
            let expected = raw.map { $0 / length }
            #expect(zip(matrix.row(index), expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "row \(index)")
        }
    }

    @Test func openAIBatchesAuthenticatesAndNormalizes() async throws {
        let log = RequestLog()
        try await LoopbackServer.with(Self.openAIServer(log: log)) { base in
            let embedder = try OpenAIEmbedder(apiURL: base + "/v1/", apiKey: Self.key, model: "text-embedding-3-small", batchSize: 2, dimension: 4, retry: Self.quickRetry)
            #expect(embedder.dimension == 4)
            #expect(embedder.modelID == "openai:text-embedding-3-small")
            let matrix = try await embedder.embed(Self.texts, role: .document)
            expectNormalizedFakeVectors(matrix, for: Self.texts)
            #expect(log.inputs == [Array(Self.texts[0..<2]), Array(Self.texts[2..<4]), [Self.texts[4]]])
            #expect(log.authorizations.allSatisfy { $0 == "Bearer \(Self.key)" })
            #expect(log.models == Array(repeating: "text-embedding-3-small", count: 3))
            #expect(log.inputTypes == [nil, nil, nil], "no input_type is sent when none is configured")
        }
    }

    @Test(.timeLimit(.minutes(1))) func openAIRetriesAfter429HonouringRetryAfter() async throws {
        let log = RequestLog()
        let router = Router()
        router.post("v1/embeddings") { request, _ -> Response in
            let body = try await ProviderRequest.read(request, log: log)
            if log.count == 1 {
                return LoopbackServer.json("{\"error\":{\"message\":\"rate limited\"}}", status: .tooManyRequests, headers: [.retryAfter: "1"])
            }
            return LoopbackServer.json(Self.openAIAnswer(body.input))
        }
        try await LoopbackServer.with(router) { base in
            let clock = ManualClock()
            let embedder = try OpenAIEmbedder(apiURL: base + "/v1", apiKey: Self.key, model: "m", retry: Self.quickRetry, clock: clock)
            let call = Task { try await embedder.embed(Array(Self.texts.prefix(2)), role: .document) }
            await clock.waitForSleepers(1)
            clock.advance(by: .milliseconds(999))
            #expect(clock.sleeping == 1 && log.count == 1, "Retry-After says a whole second")
            clock.advance(by: .milliseconds(1))
            let matrix = try await call.value
            expectNormalizedFakeVectors(matrix, for: Array(Self.texts.prefix(2)))
            #expect(log.count == 2)
            #expect(embedder.dimension == 4)
        }
    }

    @Test(arguments: ["1e19", "inf", "nan", "-3"])
    func anyRetryAfterIsTakenAsAFiniteWait(header: String) async throws {
        let log = RequestLog()
        let router = Router()
        router.post("v1/embeddings") { request, _ -> Response in
            let body = try await ProviderRequest.read(request, log: log)
            if log.count == 1 {
                return LoopbackServer.json("{\"error\":{\"message\":\"rate limited\"}}", status: .tooManyRequests, headers: [.retryAfter: header])
            }
            return LoopbackServer.json(Self.openAIAnswer(body.input))
        }
        try await LoopbackServer.with(router) { base in
            let retry = RetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(10), maxDelay: .milliseconds(20))
            let embedder = try OpenAIEmbedder(apiURL: base + "/v1", apiKey: Self.key, model: "m", retry: retry)
            let matrix = try await embedder.embed(Array(Self.texts.prefix(2)), role: .document)
            expectNormalizedFakeVectors(matrix, for: Array(Self.texts.prefix(2)))
            #expect(log.count == 2)
        }
    }

    @Test(arguments: [(status: 503, requests: 3), (status: 401, requests: 1)])
    func errorAnswersAreRetriedOnlyWhenTransientAndNeverShowTheKey(status: Int, requests: Int) async throws {
        let log = RequestLog()
        let router = Router()
        router.post("v1/embeddings") { request, _ -> Response in
            _ = try await ProviderRequest.read(request, log: log)
            return LoopbackServer.json("{\"error\":{\"message\":\"refused key \(Self.key)\"}}", status: .init(code: status))
        }
        try await LoopbackServer.with(router) { base in
            let embedder = try OpenAIEmbedder(apiURL: base + "/v1", apiKey: Self.key, model: "m", retry: Self.quickRetry)
            let error = await #expect(throws: EmbeddingError.self) {
                try await embedder.embed(["a"], role: .document)
            }
            #expect(error == .providerStatus(provider: "openai", status: status, detail: "refused key <redacted>"))
            #expect(error.map { "\($0)".contains(Self.key) } == false)
            #expect(log.count == requests)
        }
    }

    @Test func aMalformedOpenAIResponseIsAClearError() async throws {
        let router = Router()
        router.post("v1/embeddings") { _, _ -> Response in
            LoopbackServer.json("{\"data\":[{\"embedding\":\"not numbers\"}]}")
        }
        try await LoopbackServer.with(router) { base in
            let embedder = try OpenAIEmbedder(apiURL: base + "/v1", apiKey: Self.key, model: "m", retry: Self.quickRetry)
            let error = await #expect(throws: EmbeddingError.self) {
                try await embedder.embed(["a"], role: .document)
            }
            #expect(error.map { "\($0)" } == "openai embedding response is malformed: expected {\"data\": [{\"embedding\": [numbers]}]}")
        }
    }

    @Test func aWrongVectorCountIsAClearError() async throws {
        let router = Router()
        router.post("v1/embeddings") { _, _ -> Response in
            LoopbackServer.json(Self.openAIAnswer(["only one"]))
        }
        try await LoopbackServer.with(router) { base in
            let embedder = try OpenAIEmbedder(apiURL: base + "/v1", apiKey: nil, model: "m", retry: Self.quickRetry)
            await #expect(throws: EmbeddingError.malformedResponse(provider: "openai", reason: "1 vectors for 2 inputs")) {
                try await embedder.embed(["a", "b"], role: .document)
            }
        }
    }

    @Test func ollamaEmbedsInBatches() async throws {
        let log = RequestLog()
        try await LoopbackServer.with(Self.ollamaServer(log: log)) { base in
            let embedder = try OllamaEmbedder(url: base, model: "nomic-embed-text", batchSize: 3, dimension: 4, retry: Self.quickRetry)
            #expect(embedder.modelID == "ollama:nomic-embed-text")
            let matrix = try await embedder.embed(Self.texts, role: .document)
            expectNormalizedFakeVectors(matrix, for: Self.texts)
            #expect(log.inputs.map(\.count) == [3, 2])
            #expect(log.authorizations.allSatisfy { $0 == nil })
            #expect(log.models == ["nomic-embed-text", "nomic-embed-text"])
            #expect(log.inputTypes == [nil, nil])
        }
    }

    @Test func aMalformedOllamaResponseIsAClearError() async throws {
        let router = Router()
        router.post("api/embed") { _, _ -> Response in
            LoopbackServer.json("{\"embedding\":[0.1,0.2]}")
        }
        try await LoopbackServer.with(router) { base in
            let embedder = try OllamaEmbedder(url: base, model: "all-minilm", retry: Self.quickRetry)
            #expect(embedder.dimension == 384)
            let error = await #expect(throws: EmbeddingError.self) {
                try await embedder.embed(["a"], role: .document)
            }
            #expect(error.map { "\($0)" } == "ollama embedding response is malformed: expected {\"embeddings\": [[numbers]]}")
        }
    }

    @Test func anUnreachableServerIsAClearError() async throws {
        let embedder = try OllamaEmbedder(
            url: "http://127.0.0.1:1", model: "m",
            retry: RetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(10), requestTimeout: .seconds(1)))
        let error = await #expect(throws: EmbeddingError.self) {
            try await embedder.embed(["a"], role: .document)
        }
        guard case .providerUnreachable(provider: "ollama", _)? = error else {
            Issue.record("expected providerUnreachable, got \(String(describing: error))")
            return
        }
    }

    @Test func retryWaitsAreCappedAndGrow() {
        let policy = RetryPolicy(initialDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3600)) == .seconds(1))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .milliseconds(250)) == .milliseconds(250))
        #expect((.milliseconds(50)...(.milliseconds(100))).contains(policy.delay(afterAttempt: 1, retryAfter: nil)))
        #expect((.milliseconds(200)...(.milliseconds(400))).contains(policy.delay(afterAttempt: 3, retryAfter: nil)))
        #expect((.milliseconds(500)...(.seconds(1))).contains(policy.delay(afterAttempt: 30, retryAfter: nil)))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(-5)) == .zero)
    }
}
