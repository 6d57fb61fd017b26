import Foundation
@testable import HaloSim

/// One fuzz run: its seed and number of cases, from `HMCP_FUZZ_SEED` and `HMCP_FUZZ_CASES` (defaults: a
/// fixed seed and 2 000 cases, the bounded run of `scripts/test`). `HMCP_FUZZ_CASE` replays one case.
/// Every case draws from its own generator, seeded by the run's seed and the case's index, so any case
/// can be replayed alone.
struct FuzzRun: Sendable, CustomStringConvertible {
    /// The seed `scripts/test` uses.
    static let fixedSeed: UInt64 = 0x484D_4350_1003
    /// The case count `scripts/test` uses.
    static let boundedCases = 2_000

    let seed: UInt64
    /// The indices of the cases to run.
    let cases: [Int]

    /// The run the environment asks for.
    static var fromEnvironment: FuzzRun {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["HMCP_FUZZ_SEED"].flatMap { UInt64($0) } ?? fixedSeed
        if let only = environment["HMCP_FUZZ_CASE"].flatMap({ Int($0) }) { return FuzzRun(seed: seed, cases: [only]) }
        let count = environment["HMCP_FUZZ_CASES"].flatMap { Int($0) }.map { max($0, 1) } ?? boundedCases
        return FuzzRun(seed: seed, cases: Array(0..<count))
    }

    /// The generator of case `index`.
    func random(forCase index: Int) -> SplitMix64 {
        SplitMix64(seed: seed, stream: 0x46_5A, item: UInt64(index))
    }

    /// How to replay case `index`.
    func replay(_ index: Int) -> String {
        "HMCP_FUZZ_SEED=\(seed) HMCP_FUZZ_CASE=\(index) swift test --skip-build --filter FuzzTests"
    }

    var description: String { "fuzz seed \(seed), \(cases.count) cases (replay with HMCP_FUZZ_SEED=\(seed))" }
}
