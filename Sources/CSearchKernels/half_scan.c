// The single-query scan over IEEE binary16 rows, summed in float32. Its scores are approximate: the
// engine re-scores its candidates from the float32 rows, so the variants need not agree bit for bit,
// only stay within the error bound (`ExactRescoring`), which holds for any order of float32 sums.
#include "search_kernels.h"
#include "kernel_support.h"

#include <stdatomic.h>
#include <string.h>

typedef void (*half_scan_function)(const uint16_t *, size_t, size_t, const float *, float *);

static void half_scan_generic(const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores) {
    for (size_t i = 0; i < count; i++) {
        const uint16_t *row = rows + i * stride;
        float sums[16] = {0};
        for (size_t chunk = 0; chunk < stride; chunk += 16) {
            for (int lane = 0; lane < 16; lane++) sums[lane] += half_to_float(row[chunk + lane]) * query[chunk + lane];
        }
        float total = 0;
        for (int lane = 0; lane < 16; lane++) total += sums[lane];
        scores[i] = total;
    }
}

#if defined(__x86_64__)
#define HALF16(pointer) _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(pointer)))
#define HALF8(pointer) _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(pointer)))

// Sixteen rows per step, one accumulator each (sixteen independent chains hide the FMA latency; each
// query chunk is loaded once for sixteen rows), then one transposing reduction that yields the
// sixteen scores in a single vector. The rows ahead are prefetched so the loads find them in cache.
__attribute__((target("avx512f"))) static void half_scan_avx512(
    const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores) {
    const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    const size_t block = 16 * stride;
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        const uint16_t *first = rows + i * stride;
        const char *ahead = (const char *)(first + 2 * block);
        __m512 sums[16];
        for (int row = 0; row < 16; row++) sums[row] = _mm512_setzero_ps();
        for (size_t chunk = 0; chunk < stride; chunk += 16) {
            __m512 q = _mm512_loadu_ps(query + chunk);
            for (int row = 0; row < 16; row++) sums[row] = _mm512_fmadd_ps(HALF16(first + row * stride + chunk), q, sums[row]);
        }
        if (i + 48 <= count) {
            for (size_t line = 0; line < block * sizeof(uint16_t); line += 64) _mm_prefetch(ahead + line, _MM_HINT_T0);
        }
        _mm512_storeu_ps(scores + i, _mm512_permutexvar_ps(order, sum16_avx512(sums)));
    }
    for (; i < count; i++) {
        const uint16_t *row = rows + i * stride;
        __m512 sum = _mm512_setzero_ps();
        for (size_t chunk = 0; chunk < stride; chunk += 16) sum = _mm512_fmadd_ps(HALF16(row + chunk), _mm512_loadu_ps(query + chunk), sum);
        scores[i] = _mm512_reduce_add_ps(sum);
    }
}

// Four rows per step, two accumulators each, as the float32 AVX2 scan.
__attribute__((target("avx2,fma,f16c"))) static void half_scan_avx2(
    const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores) {
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const uint16_t *r0 = rows + i * stride, *r1 = r0 + stride, *r2 = r1 + stride, *r3 = r2 + stride;
        __m256 e0 = _mm256_setzero_ps(), e1 = e0, e2 = e0, e3 = e0, o0 = e0, o1 = e0, o2 = e0, o3 = e0;
        for (size_t chunk = 0; chunk < stride; chunk += 16) {
            __m256 qe = _mm256_loadu_ps(query + chunk), qo = _mm256_loadu_ps(query + chunk + 8);
            e0 = _mm256_fmadd_ps(HALF8(r0 + chunk), qe, e0);
            e1 = _mm256_fmadd_ps(HALF8(r1 + chunk), qe, e1);
            e2 = _mm256_fmadd_ps(HALF8(r2 + chunk), qe, e2);
            e3 = _mm256_fmadd_ps(HALF8(r3 + chunk), qe, e3);
            o0 = _mm256_fmadd_ps(HALF8(r0 + chunk + 8), qo, o0);
            o1 = _mm256_fmadd_ps(HALF8(r1 + chunk + 8), qo, o1);
            o2 = _mm256_fmadd_ps(HALF8(r2 + chunk + 8), qo, o2);
            o3 = _mm256_fmadd_ps(HALF8(r3 + chunk + 8), qo, o3);
        }
        scores[i] = sum_avx2(e0, o0);
        scores[i + 1] = sum_avx2(e1, o1);
        scores[i + 2] = sum_avx2(e2, o2);
        scores[i + 3] = sum_avx2(e3, o3);
    }
    for (; i < count; i++) {
        const uint16_t *row = rows + i * stride;
        __m256 even = _mm256_setzero_ps(), odd = even;
        for (size_t chunk = 0; chunk < stride; chunk += 16) {
            even = _mm256_fmadd_ps(HALF8(row + chunk), _mm256_loadu_ps(query + chunk), even);
            odd = _mm256_fmadd_ps(HALF8(row + chunk + 8), _mm256_loadu_ps(query + chunk + 8), odd);
        }
        scores[i] = sum_avx2(even, odd);
    }
}
#undef HALF8
#undef HALF16
#endif

static half_scan_function half_scan_named(const char *variant) {
    if (strcmp(variant, "generic") == 0) return half_scan_generic;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (strcmp(variant, "avx512") == 0 && __builtin_cpu_supports("avx512f")) return half_scan_avx512;
    if (strcmp(variant, "avx2") == 0 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        return half_scan_avx2;
#endif
    return NULL;
}

static _Atomic(half_scan_function) chosen_half_scan;

static half_scan_function choose_half(void) {
    half_scan_function function = atomic_load_explicit(&chosen_half_scan, memory_order_acquire);
    if (function) return function;
    function = half_scan_named("avx512");
    if (!function) function = half_scan_named("avx2");
    if (!function) function = half_scan_generic;
    atomic_store_explicit(&chosen_half_scan, function, memory_order_release);
    return function;
}

void hmcp_half_dot_scan(const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores) {
    choose_half()(rows, count, stride, query, scores);
}

int hmcp_half_dot_scan_using(const char *variant, const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores) {
    half_scan_function function = half_scan_named(variant);
    if (!function) return 0;
    function(rows, count, stride, query, scores);
    return 1;
}
