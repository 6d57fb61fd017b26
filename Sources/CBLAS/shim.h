// The CBLAS interface of the system BLAS. On Debian, libopenblas-dev makes OpenBLAS serve
// `libblas` and `cblas.h` through the alternatives system.
#include <cblas.h>
