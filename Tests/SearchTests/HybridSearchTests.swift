import Foundation
import HMCPTesting
import Logging
import Testing

@testable import Shared

/// The three search modes over a small index embedded with the real local model (`models/`, fetched by
/// `scripts/setup`), through `SemanticSearch` and its permission filter.
@Suite("Hybrid search with the local model")
struct HybridSearchTests {
    static let texts = [
        "Windows Update KB5035845 fails to install with error 0x800f0922 on the laptop",
        "Cumulative update KB5036893 will not install and the laptop keeps rolling back",
        "Feature update to Windows 11 fails and undoes the changes at every restart",
        "Patch report: KB5034441 missing on the finance PC for three weeks",
        "Printer on the second floor is offline and print jobs are stuck",
        "VPN drops every ten minutes when working from home",
        "Outlook keeps asking for the password every few minutes",
        "New starter needs a laptop and an email account by Monday",
    ]
    static let firstID = 100

    /// The repository's `models/all-MiniLM-L6-v2`.
    static let modelDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/all-MiniLM-L6-v2").path

    static let embedder = Result {
        guard FileManager.default.fileExists(atPath: modelDirectory + "/model.safetensors") else {
            throw ModelMissing(description: "model missing at \(modelDirectory): run scripts/fetch-model (scripts/setup does)")
        }
        return try LocalEmbedder(directory: modelDirectory, batchSize: 8, workers: 2)
    }

    struct ModelMissing: Error, CustomStringConvertible {
        let description: String
    }

    /// Publishes the texts (one ticket each, one chunk) embedded with the model, and opens a search over them.
    private func withSearch(_ body: (SemanticSearch) async throws -> Void) async throws {
        let embedder = try Self.embedder.get()
        let index = try PublishedIndex()
        defer { index.remove() }
        let publisher = try index.directory.acquire(waitingUpTo: .seconds(10))
        let pending = try publisher.beginVersion()
        let build = IndexBuild(
            embeddingProvider: "local", modelID: embedder.modelID, dimension: embedder.dimension, sourceURL: "https://halo.example")
        let writer = try IndexVersionWriter(directory: pending.url, indexVersion: pending.number, build: build)
        let vectors = try await embedder.embed(Self.texts, role: .document)
        for (offset, text) in Self.texts.enumerated() {
            let id = Self.firstID + offset
            let chunk = Chunk(
                ticketID: id, kind: .details, actionID: nil, ordinal: 0, text: text,
                quotedSummary: Chunker.quotedSummary(of: text, version: build.chunkerVersion))
            try writer.append(
                ticket: IndexedTicket(id: id, summary: text, fingerprint: "\(id)"), chunks: [chunk],
                vectors: Matrix(rows: 1, columns: embedder.dimension, values: vectors.row(offset)))
        }
        try writer.finish(highWaterMark: nil)
        try publisher.publish(pending)
        publisher.release()
        let live = LiveIndex(
            directory: index.directory, expecting: .init(modelID: embedder.modelID, dimension: embedder.dimension),
            logger: Logger(label: "test"))
        #expect(live.refresh())
        try await body(SemanticSearch(
            live: live, embedder: embedder, permissions: PermissionFilter(clock: ManualClock()), haloBaseURL: "https://halo.example",
            logger: Logger(label: "test")))
    }

    private func ids(
        _ search: SemanticSearch, _ query: String, _ mode: SearchMode, limit: Int = 5, hiding hidden: Set<Int> = []
    ) async throws -> [Int] {
        try await search.search(query, limit: limit, mode: mode, user: hidden.isEmpty ? "all" : "narrow") {
            hidden.contains($0) ? .hidden : .visible
        }.hits.map(\.ticketID)
    }

    @Test("an exact identifier that vector ranking puts lower comes first in keyword and hybrid modes")
    func identifierQuery() async throws {
        try await withSearch { search in
            let query = "KB5034441 update will not install"
            let target = Self.firstID + 3
            let semantic = try await ids(search, query, .semantic)
            #expect(semantic.first != target, "the premise: vector ranking alone does not put the ticket first")
            #expect(try await ids(search, query, .keyword).first == target)
            #expect(try await ids(search, query, .hybrid).first == target)
            #expect(try await ids(search, query, .default).first == target)
        }
    }

    @Test("results say what ranked them, and their scores never increase with rank")
    func scoresFollowRank() async throws {
        try await withSearch { search in
            let identifier = "KB5034441 update will not install"
            let paraphrase = "my computer keeps undoing the latest system patch whenever I reboot"
            let cases: [(String, SearchMode, RankingScore)] = [
                (identifier, .hybrid, .fused), (identifier, .semantic, .cosine), (identifier, .keyword, .bm25),
                (paraphrase, .hybrid, .cosine),
            ]
            for (query, mode, scoring) in cases {
                let results = try await search.search(query, limit: Self.texts.count, mode: mode, user: "all") { _ in .visible }
                #expect(results.rankedBy == scoring, "\(mode)")
                #expect(results.hits.count > 1)
                #expect(results.hits.map(\.score) == results.hits.map(\.score).sorted(by: >), "\(mode): \(results.hits.map(\.score))")
                #expect(results.hits.allSatisfy { ($0.cosine != nil) == (scoring == .fused) })
            }
            let fused = try await search.search(identifier, limit: Self.texts.count, mode: .hybrid, user: "all") { _ in .visible }
            let semantic = try await search.search(identifier, limit: Self.texts.count, mode: .semantic, user: "all") { _ in .visible }
            let cosines = Dictionary(uniqueKeysWithValues: semantic.hits.map { ($0.ticketID, $0.score) })
            #expect(fused.hits.allSatisfy { $0.cosine == cosines[$0.ticketID] }, "the cosine beside a fused score is the semantic score")
        }
    }

    @Test("a paraphrase with no identifier is ranked exactly as semantic search ranks it")
    func paraphraseQuery() async throws {
        try await withSearch { search in
            let query = "my computer keeps undoing the latest system patch whenever I reboot"
            #expect(IdentifierTokens.find(in: query).isEmpty)
            let semantic = try await ids(search, query, .semantic)
            #expect(semantic.count == 5)
            #expect(try await ids(search, query, .hybrid) == semantic)
        }
    }

    @Test("every mode leaves hidden tickets out", arguments: SearchMode.allCases)
    func hiddenTicketsNeverShow(mode: SearchMode) async throws {
        try await withSearch { search in
            let query = "KB5034441 update will not install"
            let everything = try await ids(search, query, mode, limit: Self.texts.count)
            let hidden: Set<Int> = [Self.firstID + 3, Self.firstID]
            let narrow = try await ids(search, query, mode, limit: 3, hiding: hidden)
            #expect(hidden.isSubset(of: Set(everything)))
            #expect(narrow.allSatisfy { !hidden.contains($0) })
            #expect(narrow == Array(everything.filter { !hidden.contains($0) }.prefix(3)), "the visible tickets, in the same order")
        }
    }
}
