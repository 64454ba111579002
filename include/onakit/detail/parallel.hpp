#pragma once
// Thread-count plumbing shared by every kernel: options carry `threads`
// (0 = the OpenMP default); kernels ask here how many to start. One rule:
//   * a request outside [0, max_threads] is a caller error (invalid_option
//     naming `threads=`), checked by check_threads at each public entry;
//   * the team a kernel starts is the request (or OpenMP's default), capped
//     by the machine's cores (omp_get_num_procs) and by the work items, and
//     at least 1 — so threads=100000 on a 3-person graph starts one or two
//     threads, not 100000 (which exhausts memory or makes libgomp abort).
// Results never depend on the count (order-free sums), so the cap is
// invisible except in speed.
//
// OpenMP is optional. onakit parallelises only when the including
// translation unit is compiled with OpenMP (`-fopenmp`, i.e. `_OPENMP` is
// defined: link onakit::openmp, or OpenMP::OpenMP_CXX yourself). Without
// it every kernel runs on the calling thread: `threads=` is still checked,
// but any value runs sequentially, with bit-identical results, no
// `-Wunknown-pragmas` warning and no libgomp to link. Compile every TU of a
// program that includes onakit the same way (with or without OpenMP), as
// for any header-only OpenMP code.

#include <onakit/errors.hpp>

#if defined(_OPENMP)
#include <omp.h>
#endif

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>

/// ONAKIT_OMP(directive): `#pragma omp directive` when compiled with OpenMP,
/// nothing otherwise (so a consumer without `-fopenmp` gets no
/// unknown-pragma warning). Every parallel loop in onakit is written this way.
#define ONAKIT_PRAGMA_(...) _Pragma(#__VA_ARGS__)
#if defined(_OPENMP)
#define ONAKIT_OMP(...) ONAKIT_PRAGMA_(omp __VA_ARGS__)
#else
#define ONAKIT_OMP(...)
#endif

namespace onakit::inline v0_1 {

/// Largest `threads=` a caller may ask for. Larger values are refused rather
/// than silently capped, since they are almost always a typo; any allowed
/// value is then capped to the cores and the work (see thread_count).
inline constexpr int max_threads = 4096;

}  // namespace onakit

namespace onakit::inline v0_1::detail {

/// Throws invalid_option unless 0 <= requested <= max_threads. Every public
/// function with a `threads` option calls it on entry, before any work.
inline void check_threads(long long requested) {
  if (requested < 0 || requested > max_threads)
    throw invalid_option("threads=" + std::to_string(requested) + " is out of range: use 0 (all cores) to " +
                         std::to_string(max_threads));
}

/// Threads a kernel starts for a request of `requested` (0 = OpenMP's
/// default) over `work` independent items: min(request, cores, work), at
/// least 1. Out-of-range requests (which check_threads refuses at the entry)
/// are treated as 0 here, so a kernel never starts more threads than cores.
/// Without OpenMP it is always 1: kernels run on the calling thread.
inline int thread_count(int requested, std::size_t work = std::numeric_limits<std::size_t>::max()) noexcept {
#if defined(_OPENMP)
  const int procs = std::max(1, omp_get_num_procs());
  int t = requested > 0 && requested <= max_threads ? requested : std::max(1, omp_get_max_threads());
  t = std::min(t, procs);
  if (work < static_cast<std::size_t>(t)) t = static_cast<int>(work);
  return std::max(1, t);
#else
  (void)requested;
  (void)work;
  return 1;
#endif
}

/// The calling thread's number in the current parallel team (OpenMP's
/// omp_get_thread_num()); 0 outside a team and without OpenMP.
inline int thread_index() noexcept {
#if defined(_OPENMP)
  return omp_get_thread_num();
#else
  return 0;
#endif
}

}  // namespace onakit::detail
