extension EmbeddingSettings.Precision {
    /// The arithmetic the local encoder runs when asked for this precision, on a CPU with or without
    /// the int8 kernels' instructions (`cpuHasInt8`), for a model of `config`'s shape: `auto` takes
    /// int8 where both allow it and fp32 elsewhere; an explicit `int8` that cannot run is an error.
    func resolved(cpuHasInt8: Bool, config: BertConfiguration) throws -> EmbeddingSettings.Precision {
        let obstacle: String? =
            if !cpuHasInt8 {
                "this CPU lacks AVX-512 VNNI"
            } else if !Int8Kernels.supports(config) {
                "the model's attention head size \(config.headSize) is not a multiple of 16 up to 128"
            } else {
                nil
            }
        switch self {
        case .fp32:
            return .fp32
        case .auto:
            return obstacle == nil ? .int8 : .fp32
        case .int8:
            if let obstacle {
                throw EmbeddingError.invalidSettings("HMCP_EMBED_PRECISION=int8 cannot run: \(obstacle); use auto or fp32")
            }
            return .int8
        }
    }
}
