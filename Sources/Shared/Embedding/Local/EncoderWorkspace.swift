/// The activation buffers of one encoder worker, reused from batch to batch and grown on demand.
///
/// `scratch` holds the stacked query/key/value rows followed by the attention context rows while a
/// layer attends, and the feed-forward rows after that (never both at once).
/// `@unchecked Sendable`: a workspace is used by one worker at a time and handed between workers
/// only through `WorkspacePool`'s lock.
final class EncoderWorkspace: @unchecked Sendable {
    private(set) var hidden: UnsafeMutablePointer<Float>
    private(set) var scratch: UnsafeMutablePointer<Float>
    private(set) var scores: UnsafeMutablePointer<Float>
    private(set) var ones: UnsafeMutablePointer<Float>
    private var tokenCapacity = 0
    private var sequenceCapacity = 0
    private let hiddenSize: Int
    private let scratchWidth: Int

    /// Empty buffers for a model of `config`'s shape.
    init(config: BertConfiguration) {
        hiddenSize = config.hiddenSize
        scratchWidth = max(4 * config.hiddenSize, config.intermediateSize)
        hidden = .allocate(capacity: 1)
        scratch = .allocate(capacity: 1)
        scores = .allocate(capacity: 1)
        ones = .allocate(capacity: 1)
    }

    /// Makes room for `tokens` packed rows and sequences of up to `longest` tokens.
    func reserve(tokens: Int, longest: Int) {
        if tokens > tokenCapacity {
            hidden.deallocate()
            scratch.deallocate()
            hidden = .allocate(capacity: tokens * hiddenSize)
            scratch = .allocate(capacity: tokens * scratchWidth)
            tokenCapacity = tokens
        }
        if longest > sequenceCapacity {
            scores.deallocate()
            ones.deallocate()
            scores = .allocate(capacity: longest * longest)
            ones = .allocate(capacity: longest)
            ones.initialize(repeating: 1, count: longest)
            sequenceCapacity = longest
        }
    }

    deinit {
        hidden.deallocate()
        scratch.deallocate()
        scores.deallocate()
        ones.deallocate()
    }
}
