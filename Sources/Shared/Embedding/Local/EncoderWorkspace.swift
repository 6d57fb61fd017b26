/// The activation buffers of one encoder worker, reused from batch to batch and grown on demand.
///
/// `scratch` holds the stacked query/key/value rows followed by the attention context rows while a
/// layer attends, and the feed-forward rows after that (never both at once). The int8 path also
/// uses `quantized` (the input rows of the next matrix product) and `attentionScratch`; they stay
/// empty for the float32 path.
/// `@unchecked Sendable`: a workspace is used by one worker at a time and handed between workers
/// only through `WorkspacePool`'s lock.
final class EncoderWorkspace: @unchecked Sendable {
    private(set) var hidden: UnsafeMutablePointer<Float>
    private(set) var scratch: UnsafeMutablePointer<Float>
    private(set) var scores: UnsafeMutablePointer<Float>
    private(set) var ones: UnsafeMutablePointer<Float>
    private(set) var quantized: QuantizedRows
    private(set) var attentionScratch: UnsafeMutablePointer<Float>
    private var tokenCapacity = 0
    private var sequenceCapacity = 0
    private let hiddenSize: Int
    private let headSize: Int
    private let scratchWidth: Int
    private let quantizedWidth: Int
    private let int8: Bool

    /// Empty buffers for a model of `config`'s shape, run at `precision` (`.fp32` or `.int8`).
    init(config: BertConfiguration, precision: EmbeddingSettings.Precision) {
        hiddenSize = config.hiddenSize
        headSize = config.headSize
        scratchWidth = max(4 * config.hiddenSize, config.intermediateSize)
        quantizedWidth = Int8Kernels.rowLength(max(config.hiddenSize, config.intermediateSize))
        int8 = precision == .int8
        hidden = .allocate(capacity: 1)
        scratch = .allocate(capacity: 1)
        scores = .allocate(capacity: 1)
        ones = .allocate(capacity: 1)
        quantized = QuantizedRows(values: .allocate(capacity: 1), scales: .allocate(capacity: 1))
        attentionScratch = .allocate(capacity: 1)
    }

    /// Makes room for `tokens` packed rows and sequences of up to `longest` tokens.
    func reserve(tokens: Int, longest: Int) {
        if tokens > tokenCapacity {
            hidden.deallocate()
            scratch.deallocate()
            hidden = .allocate(capacity: tokens * hiddenSize)
            scratch = .allocate(capacity: tokens * scratchWidth)
            if int8 {
                deallocateQuantized()
                quantized = QuantizedRows(values: .allocate(capacity: tokens * quantizedWidth), scales: .allocate(capacity: tokens))
            }
            tokenCapacity = tokens
        }
        if longest > sequenceCapacity {
            scores.deallocate()
            ones.deallocate()
            scores = .allocate(capacity: longest * longest)
            ones = .allocate(capacity: longest)
            ones.initialize(repeating: 1, count: longest)
            if int8 {
                attentionScratch.deallocate()
                attentionScratch = .allocate(capacity: Int8Kernels.attentionScratch(length: longest, headSize: headSize))
            }
            sequenceCapacity = longest
        }
    }

    private func deallocateQuantized() {
        quantized.values.deallocate()
        quantized.scales.deallocate()
    }

    deinit {
        hidden.deallocate()
        scratch.deallocate()
        scores.deallocate()
        ones.deallocate()
        deallocateQuantized()
        attentionScratch.deallocate()
    }
}
