import ArgumentParser

/// Benchmarks of hmcp's hot paths, one subcommand each; `scripts/bench NAME` runs them in release.
@main
struct HMCPBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hmcp-bench",
        abstract: "Benchmarks of hmcp's hot paths.",
        subcommands: [EmbedBenchmark.self, SearchBenchmark.self, QualityBenchmark.self, PermissionBenchmark.self, IndexingContentionBenchmark.self]
    )
}
