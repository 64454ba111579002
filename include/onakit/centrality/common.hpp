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

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Scores plus diagnostics of iterative methods.
struct centrality_result {
  std::vector<double> scores;   ///< one per person, indexed by vertex_id
  std::uint32_t iterations = 0; ///< iterations used (0 for direct methods)
  bool converged = true;        ///< false if max_iter was reached first
  double residual = 0.0;        ///< last change (L1 norm) of iterative methods
};

/// The `k` highest scores with the labels of their people, highest first:
/// (label, score) pairs. Ties keep vertex-id order; NaN scores (people a
/// measure leaves undefined, e.g. constraint of an isolate) are skipped.
/// A graph without labels gives each person's id as text.
/// \throws invalid_option if scores.size() != g.num_vertices().
/// \par Complexity  O(n log k) (partial sort).
/// \code
///   for (const auto& [who, score] : onakit::top_k(onakit::pagerank(g), g, 5))
///     std::cout << who << " " << score << "\n";
/// \endcode
[[nodiscard]] inline std::vector<std::pair<std::string, double>> top_k(std::span<const double> scores,
                                                                       const graph& g, std::size_t k) {
  if (scores.size() != g.num_vertices())
    throw invalid_option("top_k: " + std::to_string(scores.size()) + " scores for " +
                         std::to_string(g.num_vertices()) + " people (give a result of this graph)");
  std::vector<vertex_id> ids;
  ids.reserve(scores.size());
  for (vertex_id v = 0; v < scores.size(); ++v)
    if (!std::isnan(scores[v])) ids.push_back(v);
  const auto by_score = [&](vertex_id a, vertex_id b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); };
  k = std::min(k, ids.size());
  std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(k), ids.end(), by_score);
  std::vector<std::pair<std::string, double>> out;
  out.reserve(k);
  const auto& labels = g.labels();
  for (std::size_t i = 0; i < k; ++i)
    out.emplace_back(labels.empty() ? std::to_string(ids[i]) : labels[ids[i]], scores[ids[i]]);
  return out;
}
/// top_k() of a measure's result.
[[nodiscard]] inline std::vector<std::pair<std::string, double>> top_k(const centrality_result& r, const graph& g,
                                                                       std::size_t k) {
  return top_k(std::span<const double>(r.scores), g, k);
}

}  // namespace onakit
