// Finding the few scores worth a look in a block: a batch compares each query's block of scores with
// the floor of its candidate window, and almost every score is below it.
#include "search_kernels.h"

size_t hmcp_first_at_least(const float *scores, size_t start, size_t end, float floor) {
    size_t i = start;
    // Sixteen comparisons folded into one flag, a loop compilers vectorise on any x86-64.
    for (; i + 16 <= end; i += 16) {
        int any = 0;
        for (int lane = 0; lane < 16; lane++) any |= scores[i + lane] >= floor;
        if (any) break;
    }
    for (; i < end; i++) {
        if (scores[i] >= floor) return i;
    }
    return end;
}
