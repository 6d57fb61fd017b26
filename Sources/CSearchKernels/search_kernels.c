#include "search_kernels.h"
#include "kernel_support.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

typedef void (*scan_function)(const float *, size_t, size_t, const float *, float *);

// Portable fallback: two interleaved sums of 16-float chunks, the same order as the SIMD variants.
static void scan_generic(const float *rows, size_t count, size_t stride, const float *query, float *scores) {
    for (size_t i = 0; i < count; i++) {
        const float *row = rows + i * stride;
        float sums[2][16] = {{0}};
        for (size_t chunk = 0; chunk < stride / 16; chunk++) {
            for (int lane = 0; lane < 16; lane++) {
                sums[chunk & 1][lane] += row[chunk * 16 + lane] * query[chunk * 16 + lane];
            }
        }
        float total = 0;
        for (int lane = 0; lane < 16; lane++) total += sums[0][lane] + sums[1][lane];
        scores[i] = total;
    }
}

#if defined(__x86_64__)

__attribute__((target("avx512f"))) static inline float row_avx512(const float *row, size_t stride, const float *query) {
    __m512 even = _mm512_setzero_ps(), odd = _mm512_setzero_ps();
    size_t chunk = 0;
    for (; chunk + 32 <= stride; chunk += 32) {
        even = _mm512_fmadd_ps(_mm512_loadu_ps(row + chunk), _mm512_loadu_ps(query + chunk), even);
        odd = _mm512_fmadd_ps(_mm512_loadu_ps(row + chunk + 16), _mm512_loadu_ps(query + chunk + 16), odd);
    }
    if (chunk < stride) even = _mm512_fmadd_ps(_mm512_loadu_ps(row + chunk), _mm512_loadu_ps(query + chunk), even);
    return _mm512_reduce_add_ps(_mm512_add_ps(even, odd));
}

// Four rows at a time so each query load feeds four rows; each row keeps its own two sums.
__attribute__((target("avx512f"))) static void scan_avx512(const float *rows, size_t count, size_t stride, const float *query, float *scores) {
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const float *r0 = rows + i * stride, *r1 = r0 + stride, *r2 = r1 + stride, *r3 = r2 + stride;
        __m512 e0 = _mm512_setzero_ps(), e1 = e0, e2 = e0, e3 = e0, o0 = e0, o1 = e0, o2 = e0, o3 = e0;
        size_t chunk = 0;
        for (; chunk + 32 <= stride; chunk += 32) {
            __m512 qe = _mm512_loadu_ps(query + chunk), qo = _mm512_loadu_ps(query + chunk + 16);
            e0 = _mm512_fmadd_ps(_mm512_loadu_ps(r0 + chunk), qe, e0);
            e1 = _mm512_fmadd_ps(_mm512_loadu_ps(r1 + chunk), qe, e1);
            e2 = _mm512_fmadd_ps(_mm512_loadu_ps(r2 + chunk), qe, e2);
            e3 = _mm512_fmadd_ps(_mm512_loadu_ps(r3 + chunk), qe, e3);
            o0 = _mm512_fmadd_ps(_mm512_loadu_ps(r0 + chunk + 16), qo, o0);
            o1 = _mm512_fmadd_ps(_mm512_loadu_ps(r1 + chunk + 16), qo, o1);
            o2 = _mm512_fmadd_ps(_mm512_loadu_ps(r2 + chunk + 16), qo, o2);
            o3 = _mm512_fmadd_ps(_mm512_loadu_ps(r3 + chunk + 16), qo, o3);
        }
        if (chunk < stride) {
            __m512 qe = _mm512_loadu_ps(query + chunk);
            e0 = _mm512_fmadd_ps(_mm512_loadu_ps(r0 + chunk), qe, e0);
            e1 = _mm512_fmadd_ps(_mm512_loadu_ps(r1 + chunk), qe, e1);
            e2 = _mm512_fmadd_ps(_mm512_loadu_ps(r2 + chunk), qe, e2);
            e3 = _mm512_fmadd_ps(_mm512_loadu_ps(r3 + chunk), qe, e3);
        }
        scores[i] = _mm512_reduce_add_ps(_mm512_add_ps(e0, o0));
        scores[i + 1] = _mm512_reduce_add_ps(_mm512_add_ps(e1, o1));
        scores[i + 2] = _mm512_reduce_add_ps(_mm512_add_ps(e2, o2));
        scores[i + 3] = _mm512_reduce_add_ps(_mm512_add_ps(e3, o3));
    }
    for (; i < count; i++) scores[i] = row_avx512(rows + i * stride, stride, query);
}

// 8-float chunks alternate between two sums per row (stride is a multiple of 16, so they pair up).
__attribute__((target("avx2,fma"))) static void scan_avx2(const float *rows, size_t count, size_t stride, const float *query, float *scores) {
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const float *r0 = rows + i * stride, *r1 = r0 + stride, *r2 = r1 + stride, *r3 = r2 + stride;
        __m256 e0 = _mm256_setzero_ps(), e1 = e0, e2 = e0, e3 = e0, o0 = e0, o1 = e0, o2 = e0, o3 = e0;
        for (size_t chunk = 0; chunk < stride; chunk += 16) {
            __m256 qe = _mm256_loadu_ps(query + chunk), qo = _mm256_loadu_ps(query + chunk + 8);
            e0 = _mm256_fmadd_ps(_mm256_loadu_ps(r0 + chunk), qe, e0);
            e1 = _mm256_fmadd_ps(_mm256_loadu_ps(r1 + chunk), qe, e1);
            e2 = _mm256_fmadd_ps(_mm256_loadu_ps(r2 + chunk), qe, e2);
            e3 = _mm256_fmadd_ps(_mm256_loadu_ps(r3 + chunk), qe, e3);
            o0 = _mm256_fmadd_ps(_mm256_loadu_ps(r0 + chunk + 8), qo, o0);
            o1 = _mm256_fmadd_ps(_mm256_loadu_ps(r1 + chunk + 8), qo, o1);
            o2 = _mm256_fmadd_ps(_mm256_loadu_ps(r2 + chunk + 8), qo, o2);
            o3 = _mm256_fmadd_ps(_mm256_loadu_ps(r3 + chunk + 8), qo, o3);
        }
        scores[i] = sum_avx2(e0, o0);
        scores[i + 1] = sum_avx2(e1, o1);
        scores[i + 2] = sum_avx2(e2, o2);
        scores[i + 3] = sum_avx2(e3, o3);
    }
    for (; i < count; i++) {
        const float *row = rows + i * stride;
        __m256 even = _mm256_setzero_ps(), odd = even;
        for (size_t chunk = 0; chunk < stride; chunk += 16) {
            even = _mm256_fmadd_ps(_mm256_loadu_ps(row + chunk), _mm256_loadu_ps(query + chunk), even);
            odd = _mm256_fmadd_ps(_mm256_loadu_ps(row + chunk + 8), _mm256_loadu_ps(query + chunk + 8), odd);
        }
        scores[i] = sum_avx2(even, odd);
    }
}
#endif

static _Atomic(scan_function) chosen_scan;
static _Atomic(const char *) chosen_name;

static scan_function choose(void) {
    scan_function function = atomic_load_explicit(&chosen_scan, memory_order_acquire);
    if (function) return function;
    const char *name = "generic";
    function = scan_generic;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) {
        function = scan_avx512;
        name = "avx512";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        function = scan_avx2;
        name = "avx2";
    }
#endif
    atomic_store_explicit(&chosen_name, name, memory_order_relaxed);
    atomic_store_explicit(&chosen_scan, function, memory_order_release);
    return function;
}

void hmcp_dot_scan(const float *rows, size_t count, size_t stride, const float *query, float *scores) {
    choose()(rows, count, stride, query, scores);
}

const char *hmcp_dot_scan_variant(void) {
    choose();
    return atomic_load_explicit(&chosen_name, memory_order_relaxed);
}

int hmcp_dot_scan_using(const char *variant, const float *rows, size_t count, size_t stride, const float *query, float *scores) {
    scan_function function = NULL;
    if (strcmp(variant, "generic") == 0) function = scan_generic;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (strcmp(variant, "avx512") == 0 && __builtin_cpu_supports("avx512f")) function = scan_avx512;
    if (strcmp(variant, "avx2") == 0 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) function = scan_avx2;
#endif
    if (!function) return 0;
    function(rows, count, stride, query, scores);
    return 1;
}
