import CEmbeddingKernels

/// The int8 path's kernels (`CEmbeddingKernels`), named for what they do: quantizing activation
/// rows (to 16 bits), matrix products with int8 weights and their epilogue, and float32 attention per head.
enum Int8Kernels {
    /// Whether this CPU runs the kernels (AVX-512 F, BW, VL, DQ and VNNI), asked once.
    static let cpuSupportsInt8 = hmcp_int8_supported() != 0

    /// Whether `config`'s shape suits the attention kernel: a head size that is a multiple of 16, up to 128.
    static func supports(_ config: BertConfiguration) -> Bool {
        config.headSize % 16 == 0 && config.headSize <= 128
    }

    /// What a product does with each result once scaled.
    enum Epilogue {
        /// `c = product + bias`.
        case store
        /// `c = GELU(product + bias)` (exact erf GELU).
        case gelu
        /// `c += product + bias`.
        case accumulate

        var value: hmcp_int8_epilogue {
            switch self {
            case .store: HMCP_INT8_STORE
            case .gelu: HMCP_INT8_GELU
            case .accumulate: HMCP_INT8_ACCUMULATE
            }
        }
    }

    /// The values of one quantized row of `width` values (rounded up to a multiple of 2).
    static func rowLength(_ width: Int) -> Int { hmcp_int8_row_length(width) }

    /// Quantizes `rows` rows of `width` floats (row stride `stride`) into `rows`, one scale per row.
    static func quantize(
        _ input: UnsafePointer<Float>, rows count: Int, width: Int, stride: Int, into rows: QuantizedRows
    ) {
        hmcp_int8_quantize_rows(input, count, width, stride, rows.values, rows.scales)
    }

    /// `c (epilogue) rows · weightᵀ + bias` for the first `count` quantized rows; `ldc` is `c`'s row stride.
    static func multiply(
        _ rows: QuantizedRows, count: Int, weight: QuantizedMatrix, bias: UnsafePointer<Float>?,
        _ epilogue: Epilogue, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        hmcp_int8_multiply(
            rows.values, rows.scales, count, weight.columns, weight.packed, weight.scales, weight.rows, bias,
            epilogue.value, c, ldc)
    }

    /// softmax(scale · query · keyᵀ) · value for one head over `length` tokens (rows of stride `ld`)
    /// into `context` (row stride `ldc`); `scratch` holds `attentionScratch(length:headSize:)` floats.
    static func attention(
        query: UnsafePointer<Float>, key: UnsafePointer<Float>, value: UnsafePointer<Float>, ld: Int, length: Int,
        headSize: Int, scale: Float, context: UnsafeMutablePointer<Float>, ldc: Int, scratch: UnsafeMutablePointer<Float>
    ) {
        hmcp_attention(query, key, value, ld, length, headSize, scale, context, ldc, scratch)
    }

    /// Floats of scratch `attention` needs for `length` tokens.
    static func attentionScratch(length: Int, headSize: Int) -> Int {
        hmcp_attention_scratch_size(length, headSize)
    }
}
