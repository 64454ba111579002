#pragma once
/// \file make_graph.hpp
/// Tie table -> graph: make_graph() builds the communication graph straight
/// from parallel arrays of sources, targets and weights, without a message
/// log (group-to-group graphs, graphs from other libraries, tests).
///
/// Complexity: O(n + m log d) for m rows, parallel over people for the
/// reduction; the sums do not depend on the thread count.
///
/// Example:
/// \code
///   auto g = onakit::make_graph(3, std::vector<onakit::vertex_id>{0, 1},
///                               std::vector<onakit::vertex_id>{1, 2});
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/detail/csr_build.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <string>

namespace onakit::inline v0_1 {

/// Builds a graph from a tie table: n people, and parallel arrays of
/// sources, targets and (optionally, else 1) weights. Repeated ties are
/// summed; self-ties are kept; for an undirected graph u-v and v-u rows sum
/// into one tie. Throws invalid_option for ids >= n, mismatched lengths,
/// negative/non-finite weights, or repeated ties whose sum overflows.
/// `interrupt` is polled between passes (and every 2^24 rows of the check):
/// true stops with onakit::interrupted("make_graph").
[[nodiscard]] inline graph make_graph(std::size_t n, std::span<const vertex_id> sources,
                                      std::span<const vertex_id> targets,
                                      std::span<const weight_t> weights = {}, bool directed = true,
                                      int threads = 0, const interrupt_check& interrupt = {}) {
  if (sources.size() != targets.size() || (!weights.empty() && weights.size() != sources.size()))
    throw invalid_option("make_graph: sources, targets and weights must have the same length");
  detail::check_threads(threads);
  if (n >= static_cast<std::size_t>(null_vertex)) throw capacity_error("make_graph: too many people");
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (i % (std::size_t{1} << 24) == 0) detail::poll(interrupt, "make_graph");
    if (sources[i] >= n || targets[i] >= n)
      throw invalid_option("make_graph: tie " + std::to_string(i) + " names a person id >= n = " + std::to_string(n));
    if (!weights.empty() && !(weights[i] >= 0 && std::isfinite(weights[i])))
      throw invalid_option("make_graph: tie " + std::to_string(i) + " has a negative or non-finite weight");
  }
  auto each = [&](std::size_t lo, std::size_t hi, auto&& emit) {
    for (std::size_t i = lo; i < hi; ++i) emit(sources[i], targets[i], weights.empty() ? 1.0 : weights[i]);
  };
  const int t = detail::thread_count(threads, std::max(n, sources.size()));
  const auto rows = detail::bucket_and_reduce(n, !directed, sources.size(), each, t);
  detail::poll(interrupt, "make_graph");
  graph g = detail::pack(directed, rows, [](vertex_id, const detail::arc&) { return true; }, t);
  detail::check_finite_ties(g, "make_graph");
  return g;
}

}  // namespace onakit
