#pragma once
// Thread-count plumbing shared by kernels: options carry `threads` (0 = the
// OpenMP default); kernels ask here how many to use.

#include <omp.h>

namespace onakit::detail {

/// Threads to use for a request of `requested` (0 = OpenMP's default).
inline int thread_count(int requested) noexcept {
  if (requested > 0) return requested;
  const int n = omp_get_max_threads();
  return n > 0 ? n : 1;
}

}  // namespace onakit::detail
