// The kernels of the local embedder's int8 path: dense layers with 8-bit integer weights and 16-bit
// integer activations, summed by AVX-512 VNNI (`vpdpwssd`), and per-head attention in float32 AVX-512. In C so
// they can use those instructions while the binary still runs on any x86-64; callers ask
// `hmcp_int8_supported` once and keep the float32 path where it answers 0.
#ifndef HMCP_EMBEDDING_KERNELS_H
#define HMCP_EMBEDDING_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU (and build) runs the int8 kernels: AVX-512 F, BW, VL and VNNI; 0 otherwise.
int hmcp_int8_supported(void);

/// The length of a quantized row of `k` values: `k` rounded up to a multiple of 2.
size_t hmcp_int8_row_length(size_t k);

/// The 16-bit values `hmcp_int8_pack` writes for an [n, k] weight: `n` rounded up to 64 times
/// `hmcp_int8_row_length(k)`.
size_t hmcp_int8_packed_size(size_t n, size_t k);

/// Quantizes a linear layer's float32 weight `weight` ([n, k] row-major, stored [out, in]) with one
/// symmetric scale per output row (`scales[i]` = max |weight[i, :]| / 127), into `packed`
/// (`hmcp_int8_packed_size(n, k)` values, each in -127...127, widened to 16 bits for vpdpwssd)
/// laid out for `hmcp_int8_multiply`.
void hmcp_int8_pack(const float *weight, size_t n, size_t k, int16_t *packed, float *scales);

/// Quantizes `m` rows of `k` floats (row stride `lda`) to 16-bit integers with one symmetric scale
/// per row into `quantized` (row stride `hmcp_int8_row_length(k)`, zero-padded), writing each row's
/// scale to `scales`. The largest magnitude is 32767, or less where `k` products with 8-bit weights
/// could overflow a 32-bit sum.
void hmcp_int8_quantize_rows(const float *a, size_t m, size_t k, size_t lda, int16_t *quantized, float *scales);

/// What `hmcp_int8_multiply` does with each result after scaling.
enum hmcp_int8_epilogue {
    /// c = product + bias.
    HMCP_INT8_STORE = 0,
    /// c = GELU(product + bias), with the exact (erf) GELU.
    HMCP_INT8_GELU = 1,
    /// c += product + bias.
    HMCP_INT8_ACCUMULATE = 2,
};

/// c ≈ a · weightᵀ + bias for `m` rows quantized by `hmcp_int8_quantize_rows` and an [n, k] weight
/// packed by `hmcp_int8_pack`, finished by `epilogue`; `bias` may be NULL; `ldc` is the row stride
/// of `c`. Single-threaded. Only call when `hmcp_int8_supported()`.
void hmcp_int8_multiply(
    const int16_t *quantized, const float *row_scales, size_t m, size_t k, const int16_t *packed,
    const float *weight_scales, size_t n, const float *bias, enum hmcp_int8_epilogue epilogue, float *c, size_t ldc);

/// Scaled dot-product attention of one head over one sequence of `length` tokens: for each query
/// row, softmax(scale · q · Kᵀ) · V into `context`. `query`, `key` and `value` point at the head's
/// first column in rows of stride `ld`; `context` has row stride `ldc`. `head_size` is a multiple of
/// 16 up to 128; `scratch` holds at least `hmcp_attention_scratch_size(length, head_size)` floats.
/// Float32 throughout. Only call when `hmcp_int8_supported()`.
void hmcp_attention(
    const float *query, const float *key, const float *value, size_t ld, size_t length, size_t head_size,
    float scale, float *context, size_t ldc, float *scratch);

/// Floats of scratch `hmcp_attention` needs for `length` tokens.
size_t hmcp_attention_scratch_size(size_t length, size_t head_size);

#endif
