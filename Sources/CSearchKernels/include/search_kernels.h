// The scoring loops of the search engine, in C so they can use the widest SIMD the CPU has (AVX-512,
// or AVX2 with FMA and F16C, chosen once at run time) while the binary still runs on any x86-64.
#ifndef HMCP_SEARCH_KERNELS_H
#define HMCP_SEARCH_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// scores[i] = dot(rows + i * stride, query) for i in [0, count).
/// `stride` is a multiple of 16 floats, rows and query are zero-padded up to it. Every row is
/// summed in the same order wherever it sits, so equal rows always get equal scores.
void hmcp_dot_scan(const float *rows, size_t count, size_t stride, const float *query, float *scores);

/// The variant in use: "avx512", "avx2" or "generic".
const char *hmcp_dot_scan_variant(void);

/// Runs one named variant ("avx512", "avx2", "generic") for tests; returns 0 when this CPU or
/// build lacks it (nothing is written then), 1 otherwise.
int hmcp_dot_scan_using(const char *variant, const float *rows, size_t count, size_t stride, const float *query, float *scores);

/// scores[i] ≈ dot(rows + i * stride, query) for rows of IEEE binary16 bit patterns, summed in float32.
/// `stride` is a multiple of 32 halves, rows and query are zero-padded up to it. Approximate: the
/// variants may sum in different orders; callers bound the difference from the float32 scan.
void hmcp_half_dot_scan(const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores);

/// Runs one named variant of `hmcp_half_dot_scan` ("avx512", "avx2", "generic") for tests; returns 0
/// when this CPU or build lacks it (nothing is written then), 1 otherwise.
int hmcp_half_dot_scan_using(const char *variant, const uint16_t *rows, size_t count, size_t stride, const float *query, float *scores);

/// scores[q * count + i] ≈ dot(rows + i * stride, queries + q * query_stride) for i in [0, count) and
/// q in [0, query_count), for rows of IEEE binary16 bit patterns, summed in float32. `stride` is a
/// multiple of 32 halves and `query_stride` of 16 floats, rows and queries zero-padded up to them;
/// `scratch` holds `4 * stride` floats. Approximate like `hmcp_half_dot_scan`.
void hmcp_half_dot_block(const uint16_t *rows, size_t count, size_t stride, const float *queries, size_t query_count,
                         size_t query_stride, float *scores, float *scratch);

/// Runs one named variant of `hmcp_half_dot_block` ("avx512", "avx2", "generic") for tests; returns 0
/// when this CPU or build lacks it (nothing is written then), 1 otherwise.
int hmcp_half_dot_block_using(const char *variant, const uint16_t *rows, size_t count, size_t stride, const float *queries,
                              size_t query_count, size_t query_stride, float *scores, float *scratch);

/// The first i in [start, end) with scores[i] >= floor, or `end` when there is none.
size_t hmcp_first_at_least(const float *scores, size_t start, size_t end, float floor);

#endif
