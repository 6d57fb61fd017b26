// Helpers shared by the scan kernels: binary16 decoding for the portable variants and the horizontal
// sums of the SIMD ones. Private to CSearchKernels.
#ifndef HMCP_KERNEL_SUPPORT_H
#define HMCP_KERNEL_SUPPORT_H

#include <stdint.h>
#include <string.h>

/// The float32 value of an IEEE binary16 bit pattern (exact: every half is a float).
static inline float half_to_float(uint16_t half) {
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

#if defined(__x86_64__)
#include <immintrin.h>

/// The sum of the 16 lanes of `even + odd`.
__attribute__((target("avx2,fma"))) static inline float sum_avx2(__m256 even, __m256 odd) {
    __m256 both = _mm256_add_ps(even, odd);
    __m128 half = _mm_add_ps(_mm256_castps256_ps128(both), _mm256_extractf128_ps(both, 1));
    half = _mm_add_ps(half, _mm_movehl_ps(half, half));
    half = _mm_add_ss(half, _mm_movehdup_ps(half));
    return _mm_cvtss_f32(half);
}

/// The lane sums of 16 accumulators in one vector: element `4 * j + i` is the sum of `a[4 * i + j]`.
/// Each lane's value goes through four more additions.
__attribute__((target("avx512f"))) static inline __m512 sum16_avx512(const __m512 a[16]) {
    __m512 pairs[8], quads[4];
    for (int i = 0; i < 8; i++) {
        pairs[i] = _mm512_add_ps(_mm512_shuffle_f32x4(a[2 * i], a[2 * i + 1], 0x44), _mm512_shuffle_f32x4(a[2 * i], a[2 * i + 1], 0xEE));
    }
    for (int i = 0; i < 4; i++) {
        quads[i] = _mm512_add_ps(
            _mm512_shuffle_f32x4(pairs[2 * i], pairs[2 * i + 1], 0x88), _mm512_shuffle_f32x4(pairs[2 * i], pairs[2 * i + 1], 0xDD));
    }
    __m512 low = _mm512_add_ps(_mm512_unpacklo_ps(quads[0], quads[1]), _mm512_unpackhi_ps(quads[0], quads[1]));
    __m512 high = _mm512_add_ps(_mm512_unpacklo_ps(quads[2], quads[3]), _mm512_unpackhi_ps(quads[2], quads[3]));
    return _mm512_add_ps(_mm512_castpd_ps(_mm512_unpacklo_pd(_mm512_castps_pd(low), _mm512_castps_pd(high))),
                         _mm512_castpd_ps(_mm512_unpackhi_pd(_mm512_castps_pd(low), _mm512_castps_pd(high))));
}
#endif

#endif
