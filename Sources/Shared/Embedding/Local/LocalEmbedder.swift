import Foundation
import Synchronization

/// A BERT-family sentence encoder run in-process over BLAS (all-MiniLM-L6-v2 by default; bge
/// models too): WordPiece tokens, the encoder, mean or `[CLS]` pooling, L2 normalization.
///
/// `embed` tokenizes on all workers, sorts the texts by token count, and has `workers` threads
/// encode batches of similar length, each batch packed without padding. The work runs on Dispatch
/// threads, not on the Swift concurrency pool, so a long embedding never starves other tasks.
public final class LocalEmbedder: Embedder {
    /// The width of every vector (the model's hidden size).
    public let dimension: Int
    /// `local:<model directory name>`, with the role conventions when the model has any.
    public let modelID: String
    /// The role prefixes: the settings' where given, else the model folder's own.
    public let conventions: RoleConventions
    /// The token limit per text, `[CLS]` and `[SEP]` included; longer texts are truncated.
    public let maxLength: Int
    /// Texts per encoder batch.
    public let batchSize: Int
    /// Parallel encoder workers.
    public let workers: Int
    /// The arithmetic the encoder runs: `.int8` or `.fp32` (never `.auto`).
    public let precision: EmbeddingSettings.Precision

    private let tokenizer: WordPieceTokenizer
    private let encoder: BertEncoder
    private let workspaces: WorkspacePool

    /// Loads the model in `directory` (`config.json`, `model.safetensors`, `vocab.txt` or
    /// `tokenizer.json`, and optionally `sentence_bert_config.json`, `1_Pooling/config.json` and
    /// `config_sentence_transformers.json`). `maxLength` overrides the model's token limit;
    /// `queryPrefix` and `documentPrefix` override the prompts the folder declares. With
    /// `workers > 1`, OpenBLAS is set to one thread per call, process-wide, since each worker then
    /// owns a core. `precision` picks the encoder's arithmetic (`auto`: int8 where this CPU has
    /// AVX-512 VNNI, else fp32); the int8 path quantizes the linear layers now.
    public convenience init(
        directory: String, maxLength: Int? = nil, batchSize: Int = 32, workers: Int = 1,
        queryPrefix: String? = nil, documentPrefix: String? = nil, precision: EmbeddingSettings.Precision = .auto
    ) throws {
        try self.init(
            directory: directory, maxLength: maxLength, batchSize: batchSize, workers: workers, queryPrefix: queryPrefix,
            documentPrefix: documentPrefix, precision: precision, cpuHasInt8: Int8Kernels.cpuSupportsInt8)
    }

    /// The public initializer, told whether the CPU runs the int8 kernels (tests pass `false` to
    /// stand for a CPU without them).
    init(
        directory: String, maxLength: Int?, batchSize: Int, workers: Int, queryPrefix: String?, documentPrefix: String?,
        precision requested: EmbeddingSettings.Precision, cpuHasInt8: Bool
    ) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EmbeddingError.modelDirectoryMissing(path: directory)
        }
        guard batchSize > 0, workers > 0 else {
            throw EmbeddingError.invalidSettings("batch size and threads must be positive (got \(batchSize) and \(workers))")
        }
        let config = try BertConfiguration(directory: directory)
        let limit = maxLength ?? min(config.sentenceMaxLength ?? config.maxPositions, config.maxPositions)
        guard limit >= 2, limit <= config.maxPositions else {
            throw EmbeddingError.invalidSettings("max length \(limit) is outside 2...\(config.maxPositions) for \(directory)")
        }
        tokenizer = try TokenizerLoader.load(directory: directory, forceLowercase: config.sentenceLowercase)
        let weights = try BertWeights(file: SafeTensors(path: directory + "/model.safetensors"), config: config)
        precision = try requested.resolved(cpuHasInt8: cpuHasInt8, config: config)
        encoder = BertEncoder(config: config, weights: weights, precision: precision)
        workspaces = WorkspacePool(config: config, precision: precision)
        dimension = config.hiddenSize
        let prompts = try ModelPrompts.read(directory: directory)
        conventions = RoleConventions(queryPrefix: queryPrefix ?? prompts.query ?? "", documentPrefix: documentPrefix ?? prompts.document ?? "")
        modelID = "local:" + URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent + conventions.identity
        self.maxLength = limit
        self.batchSize = batchSize
        self.workers = workers
        if workers > 1 { BLAS.setThreadsPerCall(1) }
    }

    /// Loads the model `settings` name with its token limit, batch size, threads, prefixes and precision.
    /// Input types belong to the remote providers: the local model has no API to send them to.
    public convenience init(settings: EmbeddingSettings) throws {
        guard settings.queryInputType == nil, settings.documentInputType == nil else {
            throw EmbeddingError.invalidSettings(
                "HMCP_EMBED_INPUT_TYPE_QUERY and HMCP_EMBED_INPUT_TYPE_DOCUMENT apply to the openai and ollama providers; "
                    + "for the local model set HMCP_EMBED_QUERY_PREFIX and HMCP_EMBED_DOCUMENT_PREFIX")
        }
        try self.init(
            directory: settings.localModelDirectory, maxLength: settings.maxLength,
            batchSize: settings.batchSize, workers: settings.threads,
            queryPrefix: settings.queryPrefix, documentPrefix: settings.documentPrefix, precision: settings.precision)
    }

    /// How the encoder pools token vectors (mean, or `[CLS]` for bge models).
    var pooling: BertConfiguration.Pooling { encoder.config.pooling }

    /// The token ids the model sees for `text`: `[CLS]`, word pieces, `[SEP]`, at most `maxLength`.
    public func tokenize(_ text: String) -> [Int32] {
        tokenizer.encode(text, maxLength: maxLength)
    }

    /// One unit-length row per text, in order, each text behind `role`'s prefix.
    public func embed(_ texts: [String], role: EmbeddingRole) async throws -> Matrix {
        guard !texts.isEmpty else { return Matrix(rows: 0, columns: dimension) }
        let inputs = conventions.prefixed(texts, as: role)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: self.embedBlocking(inputs))
            }
        }
    }

    /// `embed` on the calling thread (which it blocks, with `workers - 1` helper threads).
    func embedBlocking(_ texts: [String]) -> Matrix {
        let sequences = tokenizeAll(texts)
        let order = sequences.indices.sorted { sequences[$0].count > sequences[$1].count }
        let unitSize = max(1, min(batchSize, (texts.count + workers - 1) / workers))
        let units = stride(from: 0, to: order.count, by: unitSize).map { Array(order[$0..<min($0 + unitSize, order.count)]) }
        var result = Matrix(rows: texts.count, columns: dimension)
        let width = dimension
        let next = UnitCounter()
        result.values.withUnsafeMutableBufferPointer { rows in
            let output = DisjointRows(base: rows.baseAddress!)
            inParallel(min(workers, units.count)) { _ in
                let workspace = workspaces.take()
                defer { workspaces.put(workspace) }
                var pooled = [Float](repeating: 0, count: unitSize * width)
                while case let unit = next.take(), unit < units.count {
                    let members = units[unit]
                    pooled.withUnsafeMutableBufferPointer { buffer in
                        encoder.encode(
                            PackedBatch(members.map { sequences[$0] }), pooling: pooling,
                            into: buffer.baseAddress!, workspace: workspace)
                        for (slot, index) in members.enumerated() {
                            (output.base + index * width).update(from: buffer.baseAddress! + slot * width, count: width)
                        }
                    }
                }
            }
        }
        return result
    }

    /// Token ids of every text, tokenized on all workers.
    private func tokenizeAll(_ texts: [String]) -> [[Int32]] {
        var sequences = [[Int32]](repeating: [], count: texts.count)
        let lanes = min(workers, texts.count)
        sequences.withUnsafeMutableBufferPointer { slots in
            let slots = DisjointRows(base: slots.baseAddress!)
            inParallel(lanes) { lane in
                for index in stride(from: lane, to: texts.count, by: lanes) {
                    (slots.base + index).pointee = tokenizer.encode(texts[index], maxLength: maxLength)
                }
            }
        }
        return sequences
    }

    /// Runs `body(lane)` for `lanes` lanes at once and returns when all are done.
    private func inParallel(_ lanes: Int, _ body: @Sendable (Int) -> Void) {
        if lanes <= 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: lanes, execute: body)
        }
    }
}

/// Hands out work unit numbers to parallel workers, each number once.
private final class UnitCounter: Sendable {
    private let next = Atomic<Int>(0)

    /// The next unit number (past the last unit once all are taken).
    func take() -> Int {
        next.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}

/// A buffer that parallel workers fill, each writing only its own elements.
/// `@unchecked Sendable`: workers never touch the same element, and the owner reads the buffer
/// only after all of them have finished.
private struct DisjointRows<Element>: @unchecked Sendable {
    /// The first element.
    let base: UnsafeMutablePointer<Element>
}
