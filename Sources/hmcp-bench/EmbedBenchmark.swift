import ArgumentParser
import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// `hmcp-bench embed`: chunks per second of the local embedder, and its peak memory.
struct EmbedBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed a JSON array of texts with the local model: warm-up, timed passes, median chunks/s, peak RSS."
    )

    @Option(help: "Model directory or name under models/.")
    var model = EmbeddingSettings.defaultLocalModel

    @Option(help: "JSON file holding an array of texts.")
    var chunks: String

    @Option(help: "Texts per encoder batch.")
    var batchSize = 32

    @Option(help: "Encoder workers (1 leaves BLAS its own threads).")
    var threads = EmbeddingSettings.defaultThreads

    @Option(help: "Encoder arithmetic: auto, fp32 or int8.")
    var precision = EmbeddingSettings.Precision.auto.rawValue

    @Option(help: "Timed passes over all texts.")
    var passes = 3

    @Option(help: "Instead of timed passes, embed this many texts (the chunks repeated) in one call and report peak RSS.")
    var total: Int?

    @Option(help: "Write the vectors of the last pass here as raw little-endian float32.")
    var vectorsOut: String?

    func run() async throws {
        let texts = try JSONDecoder().decode([String].self, from: Data(contentsOf: URL(fileURLWithPath: chunks)))
        guard !texts.isEmpty else { throw ValidationError("\(chunks) holds no texts") }
        guard let arithmetic = EmbeddingSettings.Precision(precision) else {
            throw ValidationError("--precision must be one of \(EmbeddingSettings.Precision.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let loadStart = ContinuousClock.now
        let embedder = try LocalEmbedder(
            settings: EmbeddingSettings(model: model, batchSize: batchSize, threads: threads, precision: arithmetic))
        let load = ContinuousClock.now - loadStart
        print("model \(embedder.modelID), dimension \(embedder.dimension), max length \(embedder.maxLength), batch \(batchSize), threads \(threads), precision \(embedder.precision), load \(Self.format(load))")
        if let total {
            let many = (0..<total).map { texts[$0 % texts.count] }
            let start = ContinuousClock.now
            let matrix = try await embedder.embed(many, role: .document)
            let elapsed = ContinuousClock.now - start
            print("embedded \(matrix.rows) chunks in \(Self.format(elapsed)): \(Self.rate(total, elapsed)) chunks/s; peak RSS \(Self.peakResidentMiB()) MiB")
            return
        }
        _ = try await embedder.embed(Array(texts.prefix(batchSize)), role: .document)
        var times: [Duration] = []
        var processorTimes: [Duration] = []
        var last = Matrix(rows: 0, columns: embedder.dimension)
        for _ in 0..<passes {
            let start = ContinuousClock.now
            let processorStart = Self.processorTime()
            last = try await embedder.embed(texts, role: .document)
            times.append(ContinuousClock.now - start)
            processorTimes.append(Self.processorTime() - processorStart)
        }
        let median = times.sorted()[times.count / 2]
        let processorMedian = processorTimes.sorted()[processorTimes.count / 2]
        print("runs \(times.map(Self.format).joined(separator: " ")); median \(Self.rate(texts.count, median)) chunks/s (\(String(format: "%.1f", median / .milliseconds(1) / Double(texts.count))) ms/chunk); \(Self.rate(texts.count, processorMedian)) chunks per CPU-second; peak RSS \(Self.peakResidentMiB()) MiB")
        print("swift_chunks_per_second=\(Self.rate(texts.count, median)) swift_chunks_per_cpu_second=\(Self.rate(texts.count, processorMedian))")
        if let vectorsOut {
            try last.values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: vectorsOut)) }
        }
    }

    static func rate(_ count: Int, _ elapsed: Duration) -> String {
        String(format: "%.1f", Double(count) / (elapsed / .seconds(1)))
    }

    static func format(_ duration: Duration) -> String {
        String(format: "%.2fs", duration / .seconds(1))
    }

    /// The processor time (user and system) the process has used on all its threads so far.
    static func processorTime() -> Duration {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func duration(_ time: timeval) -> Duration { .seconds(time.tv_sec) + .microseconds(time.tv_usec) }
        return duration(usage.ru_utime) + duration(usage.ru_stime)
    }

    /// The process's peak resident set size (`ru_maxrss`, KiB on Linux) in MiB.
    static func peakResidentMiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }
}
