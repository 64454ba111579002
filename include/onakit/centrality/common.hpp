#pragma once
/// \file common.hpp
/// What every centrality measure shares: the result type and interruption.
///
/// A measure is a free function `result f(const graph&, const options&)`.
/// Scores are indexed by vertex_id. Options carry `threads` (0 = OpenMP
/// default; results do not depend on it) and an optional `interrupt`
/// callback (interrupt_check, from interrupt.hpp) polled between units of
/// work: if it returns true the run stops and throws onakit::interrupted.

#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <vector>

namespace onakit::inline v0_1 {

/// Scores plus diagnostics of iterative methods.
struct centrality_result {
  std::vector<double> scores;   ///< one per person, indexed by vertex_id
  std::uint32_t iterations = 0; ///< iterations used (0 for direct methods)
  bool converged = true;        ///< false if max_iter was reached first
  double residual = 0.0;        ///< last change (L1 norm) of iterative methods
};

}  // namespace onakit
