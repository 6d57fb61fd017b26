// The several-query scan over IEEE binary16 rows: each tile of four rows is converted to float32 once
// (into the caller's scratch, which stays in L1) and multiplied against every query, four queries at a
// time, so the conversion is paid once per row and the arithmetic runs from registers. Sums are
// float32, in an order that differs by variant; the engine re-scores its candidates from the float32
// rows, so these only need to stay within the error bound (`ExactRescoring`).
#include "search_kernels.h"
#include "kernel_support.h"

#include <stdatomic.h>
#include <string.h>

typedef void (*half_block_function)(const uint16_t *, size_t, size_t, const float *, size_t, size_t, float *, float *);

/// One row (already float32) against one query: sixteen lane sums, then their total.
static float dot_generic(const float *row, const float *query, size_t stride) {
    float sums[16] = {0};
    for (size_t chunk = 0; chunk < stride; chunk += 16) {
        for (int lane = 0; lane < 16; lane++) sums[lane] += row[chunk + lane] * query[chunk + lane];
    }
    float total = 0;
    for (int lane = 0; lane < 16; lane++) total += sums[lane];
    return total;
}

static void half_block_generic(
    const uint16_t *rows, size_t count, size_t stride, const float *queries, size_t query_count, size_t query_stride,
    float *scores, float *scratch) {
    for (size_t i = 0; i < count; i++) {
        for (size_t c = 0; c < stride; c++) scratch[c] = half_to_float(rows[i * stride + c]);
        for (size_t q = 0; q < query_count; q++) scores[q * count + i] = dot_generic(scratch, queries + q * query_stride, stride);
    }
}

#if defined(__x86_64__)
// Four rows by four queries: sixteen accumulators, each tile row and query chunk loaded once per step.
__attribute__((target("avx512f"))) static void half_block_avx512(
    const uint16_t *rows, size_t count, size_t stride, const float *queries, size_t query_count, size_t query_stride,
    float *scores, float *scratch) {
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const uint16_t *tile = rows + i * stride;
        for (size_t c = 0; c < 4 * stride; c += 16) {
            _mm512_storeu_ps(scratch + c, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(tile + c))));
        }
        const float *x0 = scratch, *x1 = x0 + stride, *x2 = x1 + stride, *x3 = x2 + stride;
        size_t q = 0;
        for (; q + 4 <= query_count; q += 4) {
            const float *y0 = queries + q * query_stride, *y1 = y0 + query_stride, *y2 = y1 + query_stride, *y3 = y2 + query_stride;
            __m512 sums[16];
            for (int k = 0; k < 16; k++) sums[k] = _mm512_setzero_ps();
            for (size_t c = 0; c < stride; c += 16) {
                __m512 r0 = _mm512_loadu_ps(x0 + c), r1 = _mm512_loadu_ps(x1 + c), r2 = _mm512_loadu_ps(x2 + c), r3 = _mm512_loadu_ps(x3 + c);
                __m512 y = _mm512_loadu_ps(y0 + c);
                sums[0] = _mm512_fmadd_ps(r0, y, sums[0]);
                sums[4] = _mm512_fmadd_ps(r1, y, sums[4]);
                sums[8] = _mm512_fmadd_ps(r2, y, sums[8]);
                sums[12] = _mm512_fmadd_ps(r3, y, sums[12]);
                y = _mm512_loadu_ps(y1 + c);
                sums[1] = _mm512_fmadd_ps(r0, y, sums[1]);
                sums[5] = _mm512_fmadd_ps(r1, y, sums[5]);
                sums[9] = _mm512_fmadd_ps(r2, y, sums[9]);
                sums[13] = _mm512_fmadd_ps(r3, y, sums[13]);
                y = _mm512_loadu_ps(y2 + c);
                sums[2] = _mm512_fmadd_ps(r0, y, sums[2]);
                sums[6] = _mm512_fmadd_ps(r1, y, sums[6]);
                sums[10] = _mm512_fmadd_ps(r2, y, sums[10]);
                sums[14] = _mm512_fmadd_ps(r3, y, sums[14]);
                y = _mm512_loadu_ps(y3 + c);
                sums[3] = _mm512_fmadd_ps(r0, y, sums[3]);
                sums[7] = _mm512_fmadd_ps(r1, y, sums[7]);
                sums[11] = _mm512_fmadd_ps(r2, y, sums[11]);
                sums[15] = _mm512_fmadd_ps(r3, y, sums[15]);
            }
            // sums[4 * row + query] reduce to element 4 * query + row: four scores per query.
            __m512 total = sum16_avx512(sums);
            _mm_storeu_ps(scores + q * count + i, _mm512_extractf32x4_ps(total, 0));
            _mm_storeu_ps(scores + (q + 1) * count + i, _mm512_extractf32x4_ps(total, 1));
            _mm_storeu_ps(scores + (q + 2) * count + i, _mm512_extractf32x4_ps(total, 2));
            _mm_storeu_ps(scores + (q + 3) * count + i, _mm512_extractf32x4_ps(total, 3));
        }
        for (; q < query_count; q++) {
            const float *y = queries + q * query_stride;
            __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
            for (size_t c = 0; c < stride; c += 16) {
                __m512 yc = _mm512_loadu_ps(y + c);
                s0 = _mm512_fmadd_ps(_mm512_loadu_ps(x0 + c), yc, s0);
                s1 = _mm512_fmadd_ps(_mm512_loadu_ps(x1 + c), yc, s1);
                s2 = _mm512_fmadd_ps(_mm512_loadu_ps(x2 + c), yc, s2);
                s3 = _mm512_fmadd_ps(_mm512_loadu_ps(x3 + c), yc, s3);
            }
            scores[q * count + i] = _mm512_reduce_add_ps(s0);
            scores[q * count + i + 1] = _mm512_reduce_add_ps(s1);
            scores[q * count + i + 2] = _mm512_reduce_add_ps(s2);
            scores[q * count + i + 3] = _mm512_reduce_add_ps(s3);
        }
    }
    for (; i < count; i++) {
        const uint16_t *row = rows + i * stride;
        for (size_t c = 0; c < stride; c += 16) _mm512_storeu_ps(scratch + c, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(row + c))));
        for (size_t q = 0; q < query_count; q++) {
            const float *y = queries + q * query_stride;
            __m512 sum = _mm512_setzero_ps();
            for (size_t c = 0; c < stride; c += 16) sum = _mm512_fmadd_ps(_mm512_loadu_ps(scratch + c), _mm512_loadu_ps(y + c), sum);
            scores[q * count + i] = _mm512_reduce_add_ps(sum);
        }
    }
}

// Four rows by two queries in eight-lane registers (sixteen of them are all AVX2 has).
__attribute__((target("avx2,fma,f16c"))) static void half_block_avx2(
    const uint16_t *rows, size_t count, size_t stride, const float *queries, size_t query_count, size_t query_stride,
    float *scores, float *scratch) {
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const uint16_t *tile = rows + i * stride;
        for (size_t c = 0; c < 4 * stride; c += 8) _mm256_storeu_ps(scratch + c, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(tile + c))));
        const float *x0 = scratch, *x1 = x0 + stride, *x2 = x1 + stride, *x3 = x2 + stride;
        size_t q = 0;
        for (; q + 2 <= query_count; q += 2) {
            const float *ya = queries + q * query_stride, *yb = ya + query_stride;
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (size_t c = 0; c < stride; c += 8) {
                __m256 r0 = _mm256_loadu_ps(x0 + c), r1 = _mm256_loadu_ps(x1 + c), r2 = _mm256_loadu_ps(x2 + c), r3 = _mm256_loadu_ps(x3 + c);
                __m256 y = _mm256_loadu_ps(ya + c);
                a0 = _mm256_fmadd_ps(r0, y, a0);
                a1 = _mm256_fmadd_ps(r1, y, a1);
                a2 = _mm256_fmadd_ps(r2, y, a2);
                a3 = _mm256_fmadd_ps(r3, y, a3);
                y = _mm256_loadu_ps(yb + c);
                b0 = _mm256_fmadd_ps(r0, y, b0);
                b1 = _mm256_fmadd_ps(r1, y, b1);
                b2 = _mm256_fmadd_ps(r2, y, b2);
                b3 = _mm256_fmadd_ps(r3, y, b3);
            }
            const __m256 zero = _mm256_setzero_ps();
            scores[q * count + i] = sum_avx2(a0, zero);
            scores[q * count + i + 1] = sum_avx2(a1, zero);
            scores[q * count + i + 2] = sum_avx2(a2, zero);
            scores[q * count + i + 3] = sum_avx2(a3, zero);
            scores[(q + 1) * count + i] = sum_avx2(b0, zero);
            scores[(q + 1) * count + i + 1] = sum_avx2(b1, zero);
            scores[(q + 1) * count + i + 2] = sum_avx2(b2, zero);
            scores[(q + 1) * count + i + 3] = sum_avx2(b3, zero);
        }
        for (; q < query_count; q++) {
            for (int row = 0; row < 4; row++) scores[q * count + i + row] = dot_generic(scratch + row * stride, queries + q * query_stride, stride);
        }
    }
    for (; i < count; i++) {
        const uint16_t *row = rows + i * stride;
        for (size_t c = 0; c < stride; c += 8) _mm256_storeu_ps(scratch + c, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(row + c))));
        for (size_t q = 0; q < query_count; q++) scores[q * count + i] = dot_generic(scratch, queries + q * query_stride, stride);
    }
}
#endif

static half_block_function half_block_named(const char *variant) {
    if (strcmp(variant, "generic") == 0) return half_block_generic;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (strcmp(variant, "avx512") == 0 && __builtin_cpu_supports("avx512f")) return half_block_avx512;
    if (strcmp(variant, "avx2") == 0 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        return half_block_avx2;
#endif
    return NULL;
}

static _Atomic(half_block_function) chosen_half_block;

static half_block_function choose_half_block(void) {
    half_block_function function = atomic_load_explicit(&chosen_half_block, memory_order_acquire);
    if (function) return function;
    function = half_block_named("avx512");
    if (!function) function = half_block_named("avx2");
    if (!function) function = half_block_generic;
    atomic_store_explicit(&chosen_half_block, function, memory_order_release);
    return function;
}

void hmcp_half_dot_block(
    const uint16_t *rows, size_t count, size_t stride, const float *queries, size_t query_count, size_t query_stride,
    float *scores, float *scratch) {
    choose_half_block()(rows, count, stride, queries, query_count, query_stride, scores, scratch);
}

int hmcp_half_dot_block_using(
    const char *variant, const uint16_t *rows, size_t count, size_t stride, const float *queries, size_t query_count,
    size_t query_stride, float *scores, float *scratch) {
    half_block_function function = half_block_named(variant);
    if (!function) return 0;
    function(rows, count, stride, queries, query_count, query_stride, scores, scratch);
    return 1;
}
