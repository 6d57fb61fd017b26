import ArgumentParser
import Foundation
import Shared

/// `hmcp-bench search`: latency of exact top-k search over a mapped N x d matrix of random unit
/// vectors, one query and a batch, each over the float16 copy with float32 re-scoring and over float32
/// alone, with the bytes scanned per second, a plain read of the float16 file for comparison, and the
/// process's memory.
struct SearchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Median latency of exact top-k search (1 query, and a batch) over a mapped matrix of random unit vectors."
    )

    @Option(help: "Rows of the matrix.")
    var rows = 1_000_000

    @Option(help: "Vector dimension.")
    var dimension = 384

    @Option(help: "Queries in the batch.")
    var batch = 32

    @Option(help: "Results per query.")
    var count = 10

    @Option(help: "Timed repetitions (the median is reported).")
    var reps = 7

    @Option(help: "Threads for the scan.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Directory for the matrix (vectors-<rows>x<dimension>.f32 and .f16, made once) and the queries.")
    var data = ".bench/search"

    @Option(help: "Write the batch's result rows here as JSON (one array of row numbers per query).")
    var idsOut: String?

    @Option(help: "Write the float32 batch's result rows here as JSON, like --ids-out.")
    var float32IdsOut: String?

    @Option(help: "Write the single-query results (float16 scan, each query alone) here as JSON, like --ids-out.")
    var singleIdsOut: String?

    func run() throws {
        let directory = URL(fileURLWithPath: data)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let matrixURL = directory.appendingPathComponent("vectors-\(rows)x\(dimension).f32")
        if !FileManager.default.fileExists(atPath: matrixURL.path) {
            let started = ContinuousClock.now
            try RandomUnitVectors.write(rows: rows, dimension: dimension, seed: 42, to: matrixURL)
            print("generated \(matrixURL.path) in \(Self.seconds(ContinuousClock.now - started))")
        }
        let halfURL = directory.appendingPathComponent("vectors-\(rows)x\(dimension).f16")
        if !FileManager.default.fileExists(atPath: halfURL.path) {
            let full = try MappedVectors(url: matrixURL)
            let writer = try VectorFileWriter(url: halfURL, dimension: dimension, dataType: VectorFileHeader.float16)
            for row in 0..<full.rows { try writer.append(full.row(row)) }
            try writer.finish()
        }
        let queries = RandomUnitVectors.matrix(rows: batch, dimension: dimension, seed: 1)
        try queries.values.withUnsafeBytes { try Data($0).write(to: directory.appendingPathComponent("queries-\(batch)x\(dimension).f32")) }

        let anonymousBefore = ProcessMemory.current().anonymousMiB
        let vectors = try MappedVectors(url: matrixURL)
        let halfVectors = try MappedVectors(url: halfURL)
        let verifyStart = ContinuousClock.now
        try vectors.verifyChecksum()
        let verify = ContinuousClock.now - verifyStart
        try halfVectors.verifyChecksum()
        let table = TicketTable((0..<rows).lazy.map { TicketTable.Entry(id: $0, rowCount: 1) })
        let engine = try SearchEngine(vectors: vectors, halfVectors: halfVectors, tickets: table, threads: threads)
        let fullEngine = try SearchEngine(vectors: vectors, tickets: table, threads: threads)
        let matrixBytes = Double(vectors.payload.count)
        let halfBytes = Double(halfVectors.payload.count)
        print(String(format: "N=%d d=%d (%.0f MB float32 + %.0f MB float16 mapped), threads %d, scan %@, checksum verified in %@ (%.1f GB/s)",
                     rows, dimension, matrixBytes / 1e6, halfBytes / 1e6, threads, SearchEngine.scanVariant, Self.seconds(verify),
                     matrixBytes / (verify / .seconds(1)) / 1e9))

        let single = try Self.median(reps) { _ = try engine.rank(queries.row(0)).hits(count: count) }
        let singleFull = try Self.median(reps) { _ = try fullEngine.rank(queries.row(0)).hits(count: count) }
        var batchResults: [[TicketHit]] = []
        let batched = try Self.median(reps) { batchResults = try engine.nearest(queries, count: count) }
        var fullBatchResults: [[TicketHit]] = []
        let batchedFull = try Self.median(reps) { fullBatchResults = try fullEngine.nearest(queries, count: count) }
        let memory = ProcessMemory.current()
        let lines = [
            ("nq=1 float16", 1, single, halfBytes), ("nq=1 float32", 1, singleFull, matrixBytes),
            ("nq=\(batch) float16", batch, batched, halfBytes), ("nq=\(batch) float32", batch, batchedFull, matrixBytes),
        ]
        for (label, queryCount, latency, bytes) in lines {
            let milliseconds = latency / .milliseconds(1)
            print(String(format: "  %@: median %9.2f ms (%7.2f ms/query)  %6.2f GB/s of matrix", label, milliseconds,
                         milliseconds / Double(queryCount), bytes / (latency / .seconds(1)) / 1e9))
        }
        var probeSink: UInt64 = 0
        for probeThreads in Set([1, threads]).sorted() {
            let probe = Self.median(reps) { probeSink ^= ReadProbe.xor(halfVectors.payload, threads: probeThreads) }
            print(String(format: "  read probe, %d thread(s): median %9.2f ms            %6.2f GB/s of the float16 file (a plain read of the same bytes)",
                         probeThreads, probe / .milliseconds(1), halfBytes / (probe / .seconds(1)) / 1e9))
        }
        print("  memory: anonymous \(memory.anonymousMiB) MiB (\(anonymousBefore) MiB before mapping), file-backed \(memory.fileMiB) MiB, peak RSS \(memory.peakMiB) MiB")
        print("swift_nq1_ms=\(single / .milliseconds(1))")
        print("swift_nq1_f32_ms=\(singleFull / .milliseconds(1))")
        print("swift_batch_ms=\(batched / .milliseconds(1))")
        print("swift_batch_f32_ms=\(batchedFull / .milliseconds(1))")
        print("swift_anon_mib=\(memory.anonymousMiB)")
        print("swift_probe_sink=\(probeSink)")
        if let idsOut {
            let rowsPerQuery = batchResults.map { $0.map(\.row) }
            try JSONEncoder().encode(rowsPerQuery).write(to: URL(fileURLWithPath: idsOut))
        }
        if let float32IdsOut {
            try JSONEncoder().encode(fullBatchResults.map { $0.map(\.row) }).write(to: URL(fileURLWithPath: float32IdsOut))
        }
        if let singleIdsOut {
            let rowsPerQuery = try (0..<queries.rows).map { try engine.rank(queries.row($0)).hits(count: count).map(\.row) }
            try JSONEncoder().encode(rowsPerQuery).write(to: URL(fileURLWithPath: singleIdsOut))
        }
    }

    /// Runs `body` once to warm up, then `reps` times, and returns the median duration.
    static func median(_ reps: Int, _ body: () throws -> Void) rethrows -> Duration {
        try body()
        var times: [Duration] = []
        for _ in 0..<max(1, reps) {
            let start = ContinuousClock.now
            try body()
            times.append(ContinuousClock.now - start)
        }
        return times.sorted()[times.count / 2]
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2fs", duration / .seconds(1))
    }
}

/// Deterministic random unit vectors (xorshift64*, Box-Muller), so every run scans the same matrix.
enum RandomUnitVectors {
    /// Writes `rows` vectors to a `vectors.f32` file.
    static func write(rows: Int, dimension: Int, seed: UInt64, to url: URL) throws {
        var generator = Generator(seed: seed)
        let writer = try VectorFileWriter(url: url, dimension: dimension)
        var row = [Float](repeating: 0, count: dimension)
        for _ in 0..<rows {
            generator.fillUnit(&row)
            try writer.append(row)
        }
        try writer.finish()
    }

    /// `rows` vectors in a matrix.
    static func matrix(rows: Int, dimension: Int, seed: UInt64) -> Matrix {
        var generator = Generator(seed: seed)
        var values: [Float] = []
        var row = [Float](repeating: 0, count: dimension)
        for _ in 0..<rows {
            generator.fillUnit(&row)
            values += row
        }
        return Matrix(rows: rows, columns: dimension, values: values)
    }

    private struct Generator {
        var state: UInt64

        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

        mutating func uniform() -> Double {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return (Double((state &* 2_685_821_657_736_338_717) >> 11) + 0.5) / 9_007_199_254_740_992
        }

        mutating func fillUnit(_ row: inout [Float]) {
            var squared: Double = 0
            for index in row.indices {
                let value = (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
                row[index] = Float(value)
                squared += value * value
            }
            let scale = Float(1 / squared.squareRoot())
            for index in row.indices { row[index] *= scale }
        }
    }
}

/// The process's memory from `/proc/self/status`, in MiB.
struct ProcessMemory {
    /// Anonymous resident memory (heap, stacks): what the process itself allocated.
    var anonymousMiB = 0
    /// File-backed resident memory (the mapped matrix, code).
    var fileMiB = 0
    /// Peak resident set size.
    var peakMiB = 0

    static func current() -> ProcessMemory {
        var memory = ProcessMemory()
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "\t" })
            guard fields.count >= 2, let kib = Int(fields[1]) else { continue }
            switch fields[0] {
            case "RssAnon": memory.anonymousMiB = kib / 1024
            case "RssFile": memory.fileMiB = kib / 1024
            case "VmHWM": memory.peakMiB = kib / 1024
            default: break
            }
        }
        return memory
    }
}
