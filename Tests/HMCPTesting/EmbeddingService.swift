import Crypto
import Foundation
import Hummingbird
import HaloSim
import NIOCore
import Shared
import Synchronization

/// A small OpenAI-compatible embeddings service on loopback (`POST /v1/embeddings`), so indexer tests
/// run the real `openai` provider quickly. Its vectors are derived from a hash of each text (equal
/// texts, equal vectors); it counts every text it embeds and every request, and can hold its answers
/// so a test sees an indexer mid-run for as long as it needs.
public final class EmbeddingService: Sendable {
    /// Length of its vectors.
    public static let dimension = 32

    /// Its port on 127.0.0.1.
    public let port: Int
    private let task: Task<Void, any Error>
    private let log: TextLog

    /// The base URL to give the openai provider.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Texts embedded so far.
    public var texts: [String] { log.texts.withLock { $0 } }

    /// Embedding requests received so far (a held request counts once it arrives).
    public var requests: EventCounter { log.requests }

    /// Forgets the texts counted so far.
    public func reset() { log.texts.withLock { $0 = [] } }

    /// Keeps every request from now on waiting for its answer until ``release()``.
    public func hold() {
        log.heldUntil.withLock { $0 = log.releases.count + 1 }
    }

    /// Answers the held requests, and later ones at once.
    public func release() {
        let wasHeld = log.heldUntil.withLock { held -> Bool in
            defer { held = nil }
            return held != nil
        }
        if wasHeld { log.releases.record() }
    }

    private final class TextLog: Sendable {
        let texts = Mutex<[String]>([])
        let requests = EventCounter()
        let releases = EventCounter()
        /// While requests are held: the release count that lets them answer.
        let heldUntil = Mutex<Int?>(nil)
    }

    private init(port: Int, task: Task<Void, any Error>, log: TextLog) {
        self.port = port
        self.task = task
        self.log = log
    }

    /// Starts the service on a free port.
    public static func start() async throws -> EmbeddingService {
        let log = TextLog()
        let router = Router()
        router.post("v1/embeddings") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 << 20)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            let inputs = (json?["input"] as? [String]) ?? [(json?["input"] as? String) ?? ""]
            log.texts.withLock { $0 += inputs }
            log.requests.record()
            if let release = log.heldUntil.withLock({ $0 }) { _ = await log.releases.wait(for: release) }
            let data = inputs.enumerated().map { index, text in
                ["object": "embedding", "index": index, "embedding": vector(for: text)] as [String: Any]
            }
            let answer = try JSONSerialization.data(withJSONObject: ["object": "list", "data": data, "model": json?["model"] ?? ""])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: answer)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
        return EmbeddingService(port: port, task: task, log: log)
    }

    /// Stops it (answering any held request first).
    public func stop() {
        release()
        task.cancel()
    }

    /// The `openai` provider's settings pointed at this service (model `hash-32`).
    public var settings: EmbeddingSettings {
        EmbeddingSettings(provider: .openai, model: "hash-32", apiURL: baseURL, apiKey: "test-key", dimension: Self.dimension)
    }

    /// The `HMCP_*` environment of an indexer that reads the simulator at `haloURL` with the seeded
    /// service account, embeds with this service and writes under `data`.
    public func indexerEnvironment(haloURL: String, data: URL) -> [String: String] {
        [
            "HMCP_HALO_URL": haloURL, "HMCP_EMBED_CLIENT_ID": SeededAccounts.Credentials.serviceClientID,
            "HMCP_EMBED_CLIENT_SECRET": SeededAccounts.Credentials.serviceClientSecret,
            "HMCP_HALO_RATE_LIMIT": "100000", "HMCP_HALO_CONCURRENCY": "8",
            "HMCP_EMBED_PROVIDER": "openai", "HMCP_EMBED_API_URL": baseURL, "HMCP_EMBED_API_KEY": "test-key",
            "HMCP_EMBED_MODEL": "hash-32", "HMCP_EMBED_DIMENSION": "\(Self.dimension)", "HMCP_DATA_DIR": data.path,
        ]
    }

    /// The vector it answers for `text` (before the provider normalizes it).
    public static func vector(for text: String) -> [Double] {
        var values: [Double] = []
        var seed = Array(SHA256.hash(data: Data(text.utf8)))
        while values.count < dimension {
            values += seed.map { Double($0) / 255 - 0.5 }
            seed = Array(SHA256.hash(data: seed))
        }
        return Array(values.prefix(dimension))
    }
}
