/// Ranking quality of one query's results against its relevant tickets.
struct QualityScores {
    /// Share of the relevant tickets in the first `k` results, out of at most `k` (1 when the first `k`
    /// are all relevant, or hold every relevant ticket).
    var recallAt5: Double
    var recallAt10: Double
    /// 1 / rank of the first relevant result (0 when none is in the results).
    var reciprocalRank: Double

    /// Scores `results` (ticket ids, best first) against `relevant`.
    init(results: [Int], relevant: Set<Int>) {
        func recall(_ k: Int) -> Double {
            guard !relevant.isEmpty else { return 0 }
            return Double(results.prefix(k).filter(relevant.contains).count) / Double(min(k, relevant.count))
        }
        recallAt5 = recall(5)
        recallAt10 = recall(10)
        reciprocalRank = results.firstIndex(where: relevant.contains).map { 1 / Double($0 + 1) } ?? 0
    }

    /// The mean of each score over `scores`.
    static func mean(_ scores: [QualityScores]) -> (recallAt5: Double, recallAt10: Double, mrr: Double) {
        let count = Double(max(1, scores.count))
        return (scores.map(\.recallAt5).reduce(0, +) / count, scores.map(\.recallAt10).reduce(0, +) / count,
                scores.map(\.reciprocalRank).reduce(0, +) / count)
    }
}
