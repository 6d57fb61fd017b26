import ArgumentParser
import Foundation
import Logging
import Shared

/// `hmcp-bench quality`: recall@5, recall@10 and MRR of keyword, semantic and hybrid search on the
/// labelled evaluation set, per query kind, over an index built from the simulator's seeded data
/// (`scripts/bench quality` builds it). Searches run through `SemanticSearch` exactly as the server's
/// do, with every ticket visible.
struct QualityBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Recall@5, recall@10 and MRR of each search mode on the labelled evaluation set."
    )

    @Option(help: "HMCP data directory holding the index (its index/current is searched).")
    var data: String

    @Option(help: "The labelled evaluation set.")
    var queries = "scripts/bench.d/quality_queries.json"

    @OptionGroup var embedding: BenchEmbeddingOptions

    @Flag(help: "Derive the relevant ticket ids from the index and write them into the evaluation set.")
    var relabel = false

    @Option(help: "Hybrid fusion: weight of the keyword ranking.")
    var keywordWeight = RankFusion().keywordWeight

    @Option(help: "Hybrid fusion: the constant added to ranks.")
    var smoothing = RankFusion().smoothing

    @Flag(help: "Also print hybrid's scores for a grid of keyword weights and smoothing constants.")
    var sweep = false

    @Flag(help: "Also print each query whose first semantic result is not relevant, with what ranked above it.")
    var misses = false

    func run() async throws {
        let directory = IndexDirectory(dataDirectory: URL(fileURLWithPath: data))
        guard let version = try directory.current() else { throw ValidationError("no index is published under \(data)") }
        let set = try labelledSet(over: version)
        let embedder = try EmbedderFactory.make(try embedding.settings(batchSize: 8))
        let live = LiveIndex(
            directory: directory, expecting: .init(modelID: embedder.modelID, dimension: embedder.dimension),
            logger: Logger(label: "bench"))
        guard live.refresh() else { throw ValidationError("the index under \(data) was not built with \(embedder.modelID)") }
        let kinds = Array(Set(set.queries.map(\.kind))).sorted()
        print("index: \(version.meta.ticketCount) tickets, \(version.meta.rowCount) chunks, model \(version.meta.modelID)")
        for kind in kinds {
            let queries = set.queries.filter { $0.kind == kind }
            let gated = queries.filter { IdentifierTokens.occur(in: $0.query) }.count
            print("  \(queries.count) \(kind) queries, \(gated) with identifier-shaped tokens (hybrid fuses those)")
        }

        let fusion = RankFusion(keywordWeight: keywordWeight, smoothing: smoothing)
        var table: [(label: String, scores: [String: [QualityScores]])] = []
        for mode in SearchMode.allCases {
            table.append((mode.rawValue, try await scores(of: set, mode: mode, fusion: fusion, live: live, embedder: embedder)))
        }
        table.append(("plain RRF", try await plainFusionScores(of: set, live: live, embedder: embedder)))
        print("\nhybrid fusion: keyword weight \(fusion.keywordWeight), smoothing \(fusion.smoothing), depth \(fusion.depth)")
        print("plain RRF (reference, not a mode): equal weights, every query, keyword ranking on all its words")
        print("mode".padded(10) + " " + "queries".padded(12) + "  recall@5 recall@10     MRR")
        for (label, scores) in table {
            for kind in kinds + ["all"] {
                let mean = QualityScores.mean(kind == "all" ? scores.values.flatMap { $0 } : scores[kind] ?? [])
                let numbers = String(format: " %9.3f %9.3f %7.3f", mean.recallAt5, mean.recallAt10, mean.mrr)
                print(label.padded(10) + " " + kind.padded(12) + numbers)
            }
        }
        let overall = table.prefix(SearchMode.allCases.count).map { ($0.label, QualityScores.mean($0.scores.values.flatMap { $0 })) }
        let winner = overall.max { ($0.1.recallAt5, $0.1.mrr) < ($1.1.recallAt5, $1.1.mrr) }!
        print("\nwinner (recall@5 over all queries, then MRR): \(winner.0); the default mode is \(SearchMode.default.rawValue)")
        if sweep { try await printSweep(set, live: live, embedder: embedder, kinds: kinds) }
        if misses { try await printMisses(set, live: live, embedder: embedder) }
    }

    /// The evaluation set with its relevant ids derived from `version`: written back with `--relabel`,
    /// otherwise checked against the committed ones.
    private func labelledSet(over version: IndexVersion) throws -> EvaluationSet {
        let url = URL(fileURLWithPath: queries)
        let stored = try EvaluationSet.load(url)
        var derived = stored.labelled(by: try LabelledTicket.all(in: version))
        if relabel {
            derived.dataset = EvaluationSet.Dataset(seed: stored.dataset.seed, tickets: version.meta.ticketCount)
            try derived.write(to: url)
            print("wrote the relevant ids of \(derived.queries.count) queries into \(queries)")
        } else if let stale = zip(stored.queries, derived.queries).first(where: { $0.relevant != $1.relevant }) {
            throw ValidationError(
                "the relevant ids of \"\(stale.0.query)\" differ from what the index gives: the data changed; check, then --relabel")
        }
        let empty = derived.queries.filter(\.relevant.isEmpty)
        guard empty.isEmpty else { throw ValidationError("no ticket is relevant to: \(empty.map(\.query))") }
        return derived
    }

    /// Each query's scores in `mode`, grouped by query kind.
    private func scores(
        of set: EvaluationSet, mode: SearchMode, fusion: RankFusion, live: LiveIndex, embedder: any Embedder
    ) async throws -> [String: [QualityScores]] {
        let search = Self.search(live: live, embedder: embedder, fusion: fusion)
        var scores: [String: [QualityScores]] = [:]
        for query in set.queries {
            let results = try await Self.results(of: query.query, mode: mode, in: search)
            scores[query.kind, default: []].append(QualityScores(results: results.hits.map(\.ticketID), relevant: Set(query.relevant)))
        }
        return scores
    }

    /// Search over `live` as the server runs it, with `fusion` for hybrid mode.
    private static func search(live: LiveIndex, embedder: any Embedder, fusion: RankFusion) -> SemanticSearch {
        SemanticSearch(
            live: live, embedder: embedder, permissions: PermissionFilter(), fusion: fusion,
            haloBaseURL: "https://halo.invalid", logger: Logger(label: "bench"))
    }

    /// The first 10 results of `query` in `mode`, with every ticket visible.
    private static func results(of query: String, mode: SearchMode, in search: SemanticSearch) async throws -> SemanticSearch.Results {
        try await search.search(query, limit: 10, mode: mode, user: "bench", check: PermissionCheck(batchSize: 100) { ids in
            Dictionary(uniqueKeysWithValues: ids.map { ($0, .visible) })
        })
    }

    /// Plain equal-weight reciprocal-rank fusion for every query: the vector ranking and the keyword
    /// ranking of all the query's words, the baseline the gated hybrid is measured against.
    private func plainFusionScores(
        of set: EvaluationSet, live: LiveIndex, embedder: any Embedder
    ) async throws -> [String: [QualityScores]] {
        guard let snapshot = live.snapshot else { throw ValidationError("no index is live") }
        let fusion = RankFusion(keywordWeight: 1)
        var scores: [String: [QualityScores]] = [:]
        for query in set.queries {
            let vector = try snapshot.engine.rank(try await embedder.embed([query.query], role: .query).row(0))
            let keyword = try snapshot.version.keywordSearch(query.query, count: fusion.depth)
            let results = HybridRanking(vector: vector, keyword: keyword, fusion: fusion).candidates(count: 10).map(\.ticketID)
            scores[query.kind, default: []].append(QualityScores(results: results, relevant: Set(query.relevant)))
        }
        return scores
    }

    /// For every query whose first semantic result is not relevant: the rank of its first relevant
    /// result and the chunks that ranked above it, to show what a chunking rule does to the ranking.
    private func printMisses(_ set: EvaluationSet, live: LiveIndex, embedder: any Embedder) async throws {
        let search = Self.search(live: live, embedder: embedder, fusion: RankFusion())
        print("\nsemantic misses: queries whose first result is not relevant")
        for query in set.queries {
            let results = try await Self.results(of: query.query, mode: .semantic, in: search)
            let relevant = Set(query.relevant)
            let first = results.hits.firstIndex { relevant.contains($0.ticketID) }
            guard first != 0 else { continue }
            print("\n[\(query.kind)] \(query.query)")
            print("  first relevant result: " + (first.map { "rank \($0 + 1)" } ?? "not in the first 10"))
            for hit in results.hits.prefix(first ?? 3) {
                let snippet = hit.snippet.split(whereSeparator: \.isNewline).joined(separator: " | ").prefix(160)
                print(String(format: "  %.3f #%d %@: ", hit.score, hit.ticketID, hit.matchedIn) + snippet)
            }
            if let first {
                let hit = results.hits[first]
                print(String(format: "  %.3f #%d (relevant) %@", hit.score, hit.ticketID, hit.matchedIn))
            }
        }
    }

    private func printSweep(_ set: EvaluationSet, live: LiveIndex, embedder: any Embedder, kinds: [String]) async throws {
        print("\nhybrid sweep: recall@5 / MRR per kind")
        for smoothing in [10.0, 30, 60] {
            for weight in [0.5, 1, 2, 3, 5, 10] {
                let fusion = RankFusion(keywordWeight: weight, smoothing: smoothing)
                let scores = try await scores(of: set, mode: .hybrid, fusion: fusion, live: live, embedder: embedder)
                let cells = kinds.map { kind in
                    let mean = QualityScores.mean(scores[kind] ?? [])
                    return kind + String(format: " %.3f / %.3f", mean.recallAt5, mean.mrr)
                }
                print(String(format: "  smoothing %3.0f, keyword weight %4.1f: ", smoothing, weight) + cells.joined(separator: "   "))
            }
        }
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    fileprivate func padded(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
