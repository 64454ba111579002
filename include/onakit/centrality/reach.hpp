#pragma once
/// \file reach.hpp
/// k-step reach: how many people a person can get a message to through at
/// most k hand-offs.
///
/// ## Definition
///   reach_k(u) = |{ v != u : d(u, v) <= k }|
/// with d the hop distance along the direction of the ties (u -> v means u
/// writes to v); an undirected graph uses every tie both ways. Weights are
/// not used; self-ties are ignored. k = 0 gives 0 for everyone; k >= n - 1
/// gives the number of people reachable at all. Equals
/// len(networkx.single_source_shortest_path_length(G, u, cutoff=k)) - 1.
/// The two-step reach is a common ONA measure of "indirect" access
/// (e.g. Borgatti, "Centrality and network flow", Social Networks 27, 2005,
/// on length-limited walk measures).
///
/// ## Complexity
/// Bit-parallel BFS against the tie direction from 64 people at once,
/// O((n/64) * min(k, D) * m) word operations; parallel over people within
/// each level; memory O(n). Scores do not depend on the thread count.
///
/// ## Example
/// \code
///   // 0 -> 1 -> 2 -> 3: reach with k = 2 is {2, 2, 1, 0}
///   auto g = onakit::make_graph(4, std::vector<onakit::vertex_id>{0, 1, 2},
///                               std::vector<onakit::vertex_id>{1, 2, 3});
///   onakit::reach_options o;
///   o.k = 2;
///   auto r = onakit::reach(g, o);
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/centrality/detail/paths.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>

#include <bit>
#include <cstdint>
#include <vector>

namespace onakit::inline v0_1 {

struct reach_options {
  std::uint32_t k = 2;       ///< largest number of steps
  int threads = 0;           ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{}; ///< polled between batches of people
};

/// Number of people reachable from each person in at most k steps.
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline centrality_result reach(const graph& g, const reach_options& o = {}) {
  detail::check_threads(o.threads);
  detail::poll(o.interrupt, "reach");
  const vertex_id n = g.num_vertices();
  centrality_result r;
  r.scores.assign(n, 0.0);
  if (o.k == 0) return r;
  // Searching against the ties from each batch of targets t counts, at v,
  // the targets with d(v, t) <= k: v's out-reach.
  const int threads = detail::bit_parallel_threads(n, o.threads);
  std::vector<std::vector<std::uint32_t>> count(static_cast<std::size_t>(threads), std::vector<std::uint32_t>(n, 0));
  detail::bit_parallel_bfs(n, detail::out_adjacency(g), o.k, threads, o.interrupt, "reach",
                           [&](int t, vertex_id v, std::uint32_t, std::uint64_t bits) {
                             count[static_cast<std::size_t>(t)][v] += static_cast<std::uint32_t>(std::popcount(bits));
                           });
  for (const auto& c : count)
    for (vertex_id v = 0; v < n; ++v) r.scores[v] += c[v];
  return r;
}

}  // namespace onakit
