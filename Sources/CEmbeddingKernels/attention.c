// Scaled dot-product attention of one head over one sequence, float32 on AVX-512: keys transposed
// once so 16 scores come from each vector step, eight query rows at a time (four for heads over 32
// wide, so the accumulators stay in registers) sharing every load.
#include "embedding_kernels.h"

#include <math.h>

enum { QUERY_ROWS = 8 };

static size_t padded(size_t length) { return (length + 15) & ~(size_t)15; }

size_t hmcp_attention_scratch_size(size_t length, size_t head_size) {
    return padded(length) * (head_size + QUERY_ROWS);
}

#if defined(__x86_64__)
#include <immintrin.h>

#define ATTENTION_TARGET __attribute__((target("avx512f,avx512dq,fma")))

// e^x (Cephes expf: reduction by ln 2, degree-5 polynomial, scaling by 2^n), as the float32 path.
ATTENTION_TARGET static inline __m512 exp_avx512(__m512 input) {
    __m512 x = _mm512_min_ps(_mm512_max_ps(input, _mm512_set1_ps(-87.3f)), _mm512_set1_ps(88.3f));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
    __m512 p = _mm512_set1_ps(1.9875691500e-4f);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
    __m512 y = _mm512_add_ps(_mm512_fmadd_ps(p, _mm512_mul_ps(r, r), r), _mm512_set1_ps(1));
    return _mm512_scalef_ps(y, n);
}

// `rows` (≤ 4) query rows: scores against the transposed keys, softmax, then the weighted values.
ATTENTION_TARGET static inline __attribute__((always_inline)) void query_rows(
    int rows, int vectors, const float *query, const float *value, size_t ld, size_t length,
    const float *keys, size_t stride, float scale, float *context, size_t ldc, float *scores) {
    __m512 largest[QUERY_ROWS];
    for (int r = 0; r < rows; r++) largest[r] = _mm512_set1_ps(-INFINITY);
    for (size_t block = 0; block < stride; block += 16) {
        __m512 sum[QUERY_ROWS];
        for (int r = 0; r < rows; r++) sum[r] = _mm512_setzero_ps();
        for (int d = 0; d < vectors * 16; d++) {
            __m512 k = _mm512_loadu_ps(keys + (size_t)d * stride + block);
            for (int r = 0; r < rows; r++) sum[r] = _mm512_fmadd_ps(_mm512_set1_ps(query[r * ld + d]), k, sum[r]);
        }
        __mmask16 valid = length - block >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (length - block)) - 1);
        for (int r = 0; r < rows; r++) {
            __m512 s = _mm512_mask_mul_ps(_mm512_set1_ps(-INFINITY), valid, sum[r], _mm512_set1_ps(scale));
            _mm512_storeu_ps(scores + r * stride + block, s);
            largest[r] = _mm512_max_ps(largest[r], s);
        }
    }
    float inverse[QUERY_ROWS];
    for (int r = 0; r < rows; r++) {
        __m512 top = _mm512_set1_ps(_mm512_reduce_max_ps(largest[r]));
        __m512 total = _mm512_setzero_ps();
        for (size_t block = 0; block < stride; block += 16) {
            __m512 e = exp_avx512(_mm512_sub_ps(_mm512_loadu_ps(scores + r * stride + block), top));
            __mmask16 valid = length - block >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (length - block)) - 1);
            e = _mm512_maskz_mov_ps(valid, e);
            _mm512_storeu_ps(scores + r * stride + block, e);
            total = _mm512_add_ps(total, e);
        }
        inverse[r] = 1 / _mm512_reduce_add_ps(total);
    }
    __m512 acc[QUERY_ROWS][8];
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < vectors; v++) acc[r][v] = _mm512_setzero_ps();
    for (size_t j = 0; j < length; j++) {
        for (int v = 0; v < vectors; v++) {
            __m512 x = _mm512_loadu_ps(value + j * ld + v * 16);
            for (int r = 0; r < rows; r++) acc[r][v] = _mm512_fmadd_ps(_mm512_set1_ps(scores[r * stride + j]), x, acc[r][v]);
        }
    }
    for (int r = 0; r < rows; r++)
        for (int v = 0; v < vectors; v++)
            _mm512_storeu_ps(context + r * ldc + v * 16, _mm512_mul_ps(acc[r][v], _mm512_set1_ps(inverse[r])));
}

ATTENTION_TARGET static inline __attribute__((always_inline)) void attend(
    int vectors, const float *query, const float *key, const float *value, size_t ld, size_t length,
    float scale, float *context, size_t ldc, float *scratch) {
    size_t stride = padded(length);
    float *keys = scratch, *scores = scratch + stride * (size_t)vectors * 16;
    for (int d = 0; d < vectors * 16; d++) {
        float *column = keys + (size_t)d * stride;
        for (size_t j = 0; j < length; j++) column[j] = key[j * ld + d];
        for (size_t j = length; j < stride; j++) column[j] = 0;
    }
    size_t row = 0;
    if (vectors <= 2)
        for (; row + 8 <= length; row += 8)
            query_rows(8, vectors, query + row * ld, value, ld, length, keys, stride, scale, context + row * ldc, ldc, scores);
    for (; row + 4 <= length; row += 4)
        query_rows(4, vectors, query + row * ld, value, ld, length, keys, stride, scale, context + row * ldc, ldc, scores);
    for (; row < length; row++)
        query_rows(1, vectors, query + row * ld, value, ld, length, keys, stride, scale, context + row * ldc, ldc, scores);
}

ATTENTION_TARGET void hmcp_attention(
    const float *query, const float *key, const float *value, size_t ld, size_t length, size_t head_size,
    float scale, float *context, size_t ldc, float *scratch) {
    switch (head_size / 16) {
    case 1: attend(1, query, key, value, ld, length, scale, context, ldc, scratch); break;
    case 2: attend(2, query, key, value, ld, length, scale, context, ldc, scratch); break;
    case 4: attend(4, query, key, value, ld, length, scale, context, ldc, scratch); break;
    default: attend((int)(head_size / 16), query, key, value, ld, length, scale, context, ldc, scratch); break;
    }
}

#else

void hmcp_attention(
    const float *query, const float *key, const float *value, size_t ld, size_t length, size_t head_size,
    float scale, float *context, size_t ldc, float *scratch) {
    (void)query, (void)key, (void)value, (void)ld, (void)length, (void)head_size, (void)scale, (void)context, (void)ldc, (void)scratch;
}

#endif
