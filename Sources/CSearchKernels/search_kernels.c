#include "search_kernels.h"

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
#include <immintrin.h>

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

__attribute__((target("avx2,fma"))) static inline float sum_avx2(__m256 even, __m256 odd) {
    __m256 both = _mm256_add_ps(even, odd);
    __m128 half = _mm_add_ps(_mm256_castps256_ps128(both), _mm256_extractf128_ps(both, 1));
    half = _mm_add_ps(half, _mm_movehl_ps(half, half));
    half = _mm_add_ss(half, _mm_movehdup_ps(half));
    return _mm_cvtss_f32(half);
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

// ---- Half-precision rows (IEEE binary16), approximate scores: the engine re-scores its candidates from
// the float32 rows, so these need not match any other variant bit for bit.

typedef void (*half_scan_function)(const uint16_t *, size_t, size_t, const float *, float *);

static float half_to_float(uint16_t half) {
    uint32_t sign = (uint32_t)(half & 0x8000) << 16, exponent = (half >> 10) & 0x1F, mantissa = half & 0x3FF, bits;
    if (exponent == 0x1F) {
        bits = sign | 0x7F800000 | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;
    } else {
        float value = (float)mantissa / 16777216.0f;  // subnormal: mantissa * 2^-24
        memcpy(&bits, &value, sizeof bits);
        bits |= sign;
    }
    float result;
    memcpy(&result, &bits, sizeof result);
    return result;
}

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

// Four rows at a time, 32 components per step; stride is a multiple of 32 halves (64 bytes).
__attribute__((target("avx512f"))) static void half_scan_avx512(
    const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores) {
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const uint16_t *r0 = rows + i * stride, *r1 = r0 + stride, *r2 = r1 + stride, *r3 = r2 + stride;
        __m512 e0 = _mm512_setzero_ps(), e1 = e0, e2 = e0, e3 = e0, o0 = e0, o1 = e0, o2 = e0, o3 = e0;
        for (size_t chunk = 0; chunk < stride; chunk += 32) {
            __m512 qe = _mm512_loadu_ps(query + chunk), qo = _mm512_loadu_ps(query + chunk + 16);
            e0 = _mm512_fmadd_ps(HALF16(r0 + chunk), qe, e0);
            e1 = _mm512_fmadd_ps(HALF16(r1 + chunk), qe, e1);
            e2 = _mm512_fmadd_ps(HALF16(r2 + chunk), qe, e2);
            e3 = _mm512_fmadd_ps(HALF16(r3 + chunk), qe, e3);
            o0 = _mm512_fmadd_ps(HALF16(r0 + chunk + 16), qo, o0);
            o1 = _mm512_fmadd_ps(HALF16(r1 + chunk + 16), qo, o1);
            o2 = _mm512_fmadd_ps(HALF16(r2 + chunk + 16), qo, o2);
            o3 = _mm512_fmadd_ps(HALF16(r3 + chunk + 16), qo, o3);
        }
        scores[i] = _mm512_reduce_add_ps(_mm512_add_ps(e0, o0));
        scores[i + 1] = _mm512_reduce_add_ps(_mm512_add_ps(e1, o1));
        scores[i + 2] = _mm512_reduce_add_ps(_mm512_add_ps(e2, o2));
        scores[i + 3] = _mm512_reduce_add_ps(_mm512_add_ps(e3, o3));
    }
    for (; i < count; i++) {
        const uint16_t *row = rows + i * stride;
        __m512 even = _mm512_setzero_ps(), odd = even;
        for (size_t chunk = 0; chunk < stride; chunk += 32) {
            even = _mm512_fmadd_ps(HALF16(row + chunk), _mm512_loadu_ps(query + chunk), even);
            odd = _mm512_fmadd_ps(HALF16(row + chunk + 16), _mm512_loadu_ps(query + chunk + 16), odd);
        }
        scores[i] = _mm512_reduce_add_ps(_mm512_add_ps(even, odd));
    }
}
#undef HALF16

#define HALF8(pointer) _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(pointer)))

__attribute__((target("avx2,fma,f16c"))) static void half_scan_avx2(
    const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores) {
    for (size_t i = 0; i < count; i++) {
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

#endif

static _Atomic(half_scan_function) chosen_half_scan;

static half_scan_function choose_half(void) {
    half_scan_function function = atomic_load_explicit(&chosen_half_scan, memory_order_acquire);
    if (function) return function;
    function = half_scan_generic;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) {
        function = half_scan_avx512;
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) {
        function = half_scan_avx2;
    }
#endif
    atomic_store_explicit(&chosen_half_scan, function, memory_order_release);
    return function;
}

void hmcp_half_dot_scan(const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores) {
    choose_half()(rows, count, stride, query, scores);
}

int hmcp_half_dot_scan_using(const char *variant, const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores) {
    half_scan_function function = NULL;
    if (strcmp(variant, "generic") == 0) function = half_scan_generic;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (strcmp(variant, "avx512") == 0 && __builtin_cpu_supports("avx512f")) function = half_scan_avx512;
    if (strcmp(variant, "avx2") == 0 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        function = half_scan_avx2;
#endif
    if (!function) return 0;
    function(rows, count, stride, query, scores);
    return 1;
}
