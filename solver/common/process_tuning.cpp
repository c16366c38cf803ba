#include "solver/common/process_tuning.h"

#include <dlfcn.h>
#include <malloc.h>

namespace pinn {
namespace {

// Keep large tensor buffers in the process instead of returning them to the
// OS after every free: a PINN step allocates and frees the same big blocks.
void tune_allocator() {
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

// The GEMMs of a PINN step are skinny ([points x 20] x [20 x 20]); OpenBLAS's own
// threads make them slower and fight LibTorch's threads for the cores, so BLAS
// runs single-threaded and pinn splits the points across threads itself.
// Looked up at run time: the BLAS behind libblas.so.3 need not be OpenBLAS.
void single_threaded_blas() {
  using SetThreads = void (*)(int);
  if (auto* set = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) {
    set(1);
  }
}

}  // namespace

void tune_process() {
  tune_allocator();
  single_threaded_blas();
}

}  // namespace pinn
