// Dense layers with int8 weights: each weight row quantized once to 8 bits with its own scale,
// activations per row at run time to 16 bits (so their outlier channels cost little precision),
// products summed in int32 by AVX-512 VNNI's vpdpwssd (pairs of 16-bit values).
//
// Packed weight layout: 64-column panels; within a panel, for each pair of inputs, 4 vectors of
// 16 columns × 2 values, the order vpdpwssd reads them in. 64 columns by 6 rows make 24
// accumulators; rows go in blocks of 24 so a block of rows and a panel stay in L1 together.
#include "embedding_kernels.h"

#include <math.h>
#include <string.h>

enum { PANEL = 64, TILE_ROWS = 6, BLOCK_ROWS = 24 };

size_t hmcp_int8_row_length(size_t k) { return (k + 1) & ~(size_t)1; }

size_t hmcp_int8_packed_size(size_t n, size_t k) {
    return (n + PANEL - 1) / PANEL * PANEL * hmcp_int8_row_length(k);
}

void hmcp_int8_pack(const float *weight, size_t n, size_t k, int16_t *packed, float *scales) {
    size_t kp = hmcp_int8_row_length(k);
    memset(packed, 0, hmcp_int8_packed_size(n, k) * sizeof(int16_t));
    for (size_t row = 0; row < n; row++) {
        const float *w = weight + row * k;
        float largest = 0;
        for (size_t i = 0; i < k; i++) largest = fmaxf(largest, fabsf(w[i]));
        float inverse = largest > 0 ? 127 / largest : 0;
        scales[row] = largest / 127;
        size_t panel = row / PANEL, column = row % PANEL;
        int16_t *target = packed + panel * PANEL * kp + (column / 16) * 32 + (column % 16) * 2;
        for (size_t i = 0; i < k; i++) {
            long q = lrintf(w[i] * inverse);
            target[(i / 2) * PANEL * 2 + i % 2] = (int16_t)(q > 127 ? 127 : (q < -127 ? -127 : q));
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

#define INT8_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx512dq,fma")))

// The largest quantized activation magnitude for rows of `k` values: 32767, or less where a sum of
// `k` products with weights up to 127 could overflow int32.
static float activation_limit(size_t k) {
    double limit = 2147483647.0 / (127.0 * (double)hmcp_int8_row_length(k));
    return limit < 32767 ? (float)floor(limit) : 32767.0f;
}

int hmcp_int8_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vnni");
}

INT8_TARGET void hmcp_int8_quantize_rows(const float *a, size_t m, size_t k, size_t lda, int16_t *quantized, float *scales) {
    size_t kp = hmcp_int8_row_length(k);
    float limit = activation_limit(k);
    __mmask16 tail = (__mmask16)((1u << (k % 16)) - 1);
    for (size_t row = 0; row < m; row++) {
        const float *x = a + row * lda;
        int16_t *q = quantized + row * kp;
        __m512 largest = _mm512_setzero_ps();
        size_t i = 0;
        for (; i + 16 <= k; i += 16) largest = _mm512_max_ps(largest, _mm512_abs_ps(_mm512_loadu_ps(x + i)));
        if (k > i) largest = _mm512_max_ps(largest, _mm512_abs_ps(_mm512_maskz_loadu_ps(tail, x + i)));
        float top = _mm512_reduce_max_ps(largest);
        scales[row] = top / limit;
        __m512 inverse = _mm512_set1_ps(top > 0 ? limit / top : 0);
        for (i = 0; i + 16 <= k; i += 16)
            _mm256_storeu_si256((__m256i *)(q + i), _mm512_cvtsepi32_epi16(_mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(x + i), inverse))));
        if (k > i)
            _mm256_mask_storeu_epi16(q + i, tail, _mm512_cvtsepi32_epi16(_mm512_cvtps_epi32(_mm512_mul_ps(_mm512_maskz_loadu_ps(tail, x + i), inverse))));
        if (kp > k) q[k] = 0;
    }
}
// erf by the rational approximation of Eigen and XLA (|error| < 1e-7 on [-4, 4]), as the float32 path.
INT8_TARGET static inline __m512 erf_avx512(__m512 input) {
    __m512 x = _mm512_min_ps(_mm512_max_ps(input, _mm512_set1_ps(-4)), _mm512_set1_ps(4));
    __m512 x2 = _mm512_mul_ps(x, x);
    __m512 p = _mm512_fmadd_ps(x2, _mm512_set1_ps(-2.72614225801306e-10f), _mm512_set1_ps(2.77068142495902e-08f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-2.10102402082508e-06f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-5.69250639462346e-05f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-7.34990630326855e-04f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-2.95459980854025e-03f));
    p = _mm512_fmadd_ps(x2, p, _mm512_set1_ps(-1.60960333262415e-02f));
    p = _mm512_mul_ps(p, x);
    __m512 q = _mm512_fmadd_ps(x2, _mm512_set1_ps(-1.45660718464996e-05f), _mm512_set1_ps(-2.13374055278905e-04f));
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-1.68282697438203e-03f));
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-7.37332916720468e-03f));
    q = _mm512_fmadd_ps(x2, q, _mm512_set1_ps(-1.42647390514189e-02f));
    return _mm512_div_ps(p, q);
}

// One tile: `rows` (≤ 6) quantized rows against one 64-column panel, then the epilogue.
INT8_TARGET static inline __attribute__((always_inline)) void tile(
    int rows, const int16_t *a, size_t kp, const float *row_scales, const int16_t *panel, const float *weight_scales, const float *bias, size_t columns,
    enum hmcp_int8_epilogue epilogue, float *c, size_t ldc) {
    __m512i acc[TILE_ROWS][4];
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < 4; j++) acc[r][j] = _mm512_setzero_si512();
    for (size_t pair = 0; pair < kp / 2; pair++) {
        const int16_t *b = panel + pair * PANEL * 2;
        __m512i b0 = _mm512_loadu_si512(b), b1 = _mm512_loadu_si512(b + 32);
        __m512i b2 = _mm512_loadu_si512(b + 64), b3 = _mm512_loadu_si512(b + 96);
        for (int r = 0; r < rows; r++) {
            int32_t values;
            memcpy(&values, a + r * kp + pair * 2, 4);
            __m512i x = _mm512_set1_epi32(values);
            acc[r][0] = _mm512_dpwssd_epi32(acc[r][0], x, b0);
            acc[r][1] = _mm512_dpwssd_epi32(acc[r][1], x, b1);
            acc[r][2] = _mm512_dpwssd_epi32(acc[r][2], x, b2);
            acc[r][3] = _mm512_dpwssd_epi32(acc[r][3], x, b3);
        }
    }
    for (int j = 0; j < 4; j++) {
        size_t first = (size_t)j * 16;
        if (first >= columns) break;
        __mmask16 mask = columns - first >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (columns - first)) - 1);
        __m512 ws = _mm512_maskz_loadu_ps(mask, weight_scales + first);
        __m512 bv = bias ? _mm512_maskz_loadu_ps(mask, bias + first) : _mm512_setzero_ps();
        for (int r = 0; r < rows; r++) {
            __m512 sum = _mm512_cvtepi32_ps(acc[r][j]);
            __m512 value = _mm512_fmadd_ps(sum, _mm512_mul_ps(ws, _mm512_set1_ps(row_scales[r])), bv);
            float *out = c + (size_t)r * ldc + first;
            if (epilogue == HMCP_INT8_GELU) {
                __m512 half = _mm512_mul_ps(value, _mm512_set1_ps(0.5f));
                value = _mm512_fmadd_ps(half, erf_avx512(_mm512_mul_ps(value, _mm512_set1_ps(0.70710678118654752f))), half);
            } else if (epilogue == HMCP_INT8_ACCUMULATE) {
                value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(mask, out));
            }
            _mm512_mask_storeu_ps(out, mask, value);
        }
    }
}


INT8_TARGET void hmcp_int8_multiply(
    const int16_t *quantized, const float *row_scales, size_t m, size_t k, const int16_t *packed,
    const float *weight_scales, size_t n, const float *bias, enum hmcp_int8_epilogue epilogue, float *c, size_t ldc) {
    size_t kp = hmcp_int8_row_length(k);
    for (size_t block = 0; block < m; block += BLOCK_ROWS) {
        size_t block_end = block + BLOCK_ROWS < m ? block + BLOCK_ROWS : m;
        for (size_t first = 0; first < n; first += PANEL) {
            const int16_t *panel = packed + first * kp;
            size_t columns = n - first < PANEL ? n - first : PANEL;
            const float *panel_bias = bias ? bias + first : NULL;
            for (size_t row = block; row < block_end; row += TILE_ROWS) {
                const int16_t *a = quantized + row * kp;
                const float *scales = row_scales + row;
                float *out = c + row * ldc + first;
                switch (block_end - row < TILE_ROWS ? block_end - row : TILE_ROWS) {
                case 6: tile(6, a, kp, scales, panel, weight_scales + first, panel_bias, columns, epilogue, out, ldc); break;
                case 5: tile(5, a, kp, scales, panel, weight_scales + first, panel_bias, columns, epilogue, out, ldc); break;
                case 4: tile(4, a, kp, scales, panel, weight_scales + first, panel_bias, columns, epilogue, out, ldc); break;
                case 3: tile(3, a, kp, scales, panel, weight_scales + first, panel_bias, columns, epilogue, out, ldc); break;
                case 2: tile(2, a, kp, scales, panel, weight_scales + first, panel_bias, columns, epilogue, out, ldc); break;
                default: tile(1, a, kp, scales, panel, weight_scales + first, panel_bias, columns, epilogue, out, ldc); break;
                }
            }
        }
    }
}

#else

int hmcp_int8_supported(void) { return 0; }

void hmcp_int8_quantize_rows(const float *a, size_t m, size_t k, size_t lda, int16_t *quantized, float *scales) {
    (void)a, (void)m, (void)k, (void)lda, (void)quantized, (void)scales;
}

void hmcp_int8_multiply(
    const int16_t *quantized, const float *row_scales, size_t m, size_t k, const int16_t *packed,
    const float *weight_scales, size_t n, const float *bias, enum hmcp_int8_epilogue epilogue, float *c, size_t ldc) {
    (void)quantized, (void)row_scales, (void)m, (void)k, (void)packed, (void)weight_scales, (void)n, (void)bias;
    (void)epilogue, (void)c, (void)ldc;
}

#endif
