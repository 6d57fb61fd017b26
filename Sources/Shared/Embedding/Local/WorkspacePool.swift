import Synchronization

/// Encoder workspaces kept between calls, so repeated batches reuse their buffers.
final class WorkspacePool: Sendable {
    private let idle = Mutex<[EncoderWorkspace]>([])
    private let config: BertConfiguration
    private let precision: EmbeddingSettings.Precision

    /// An empty pool for a model of `config`'s shape run at `precision`.
    init(config: BertConfiguration, precision: EmbeddingSettings.Precision) {
        self.config = config
        self.precision = precision
    }

    /// An idle workspace, or a new one.
    func take() -> EncoderWorkspace {
        idle.withLock { $0.popLast() } ?? EncoderWorkspace(config: config, precision: precision)
    }

    /// Returns `workspace` for later calls.
    func put(_ workspace: EncoderWorkspace) {
        idle.withLock { $0.append(workspace) }
    }
}
