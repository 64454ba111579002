#pragma once
/// \file common.hpp
/// What every centrality measure shares: the result type and interruption.
///
/// A measure is a free function `result f(const graph&, const options&)`.
/// Scores are indexed by vertex_id. Options carry `threads` (0 = OpenMP
/// default; results do not depend on it) and an optional `interrupt`
/// callback polled between units of work (from one thread): if it returns
/// true the run stops and throws onakit::interrupted. The Python layer uses
/// it to make Ctrl-C raise KeyboardInterrupt promptly.

#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <vector>

namespace onakit {

/// Polled between units of work; return true to abandon the run.
using interrupt_check = std::function<bool()>;

/// Scores plus diagnostics of iterative methods.
struct centrality_result {
  std::vector<double> scores;   ///< one per person, indexed by vertex_id
  std::uint32_t iterations = 0; ///< iterations used (0 for direct methods)
  bool converged = true;        ///< false if max_iter was reached first
  double residual = 0.0;        ///< last change (L1 norm) of iterative methods
};

namespace detail {
/// Throws interrupted if the callback asks to stop.
inline void poll(const interrupt_check& check) {
  if (check && check()) throw interrupted("interrupted");
}

/// poll() for inside a parallel region, where an exception must not escape:
/// true if the run should stop; an exception the check throws is kept in
/// `error` for the caller to rethrow after the region.
inline bool poll_without_throwing(const interrupt_check& check, std::exception_ptr& error) noexcept {
  if (!check) return false;
  try {
    return check();
  } catch (...) {
    error = std::current_exception();
    return true;
  }
}
}  // namespace detail

}  // namespace onakit
