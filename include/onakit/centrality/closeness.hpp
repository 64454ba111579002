#pragma once
/// \file closeness.hpp
/// Closeness and harmonic centrality: how near a person is to everyone who
/// can reach them.
///
/// ## Definitions (identical to networkx)
/// With d(v, u) the shortest-path distance from v to u and R(u) the set of
/// people v != u that can reach u (n people in all):
///
///   closeness(u) = (|R(u)| / sum_{v in R(u)} d(v, u)) * (|R(u)| / (n - 1))   (wf_improved)
///   closeness(u) =  |R(u)| / sum_{v in R(u)} d(v, u)                          (otherwise)
///
/// and 0 when R(u) is empty (Bavelas 1950; the second factor is the
/// Wasserman & Faust 1994 correction for disconnected graphs). This is
/// networkx.closeness_centrality, which for a directed graph uses
/// *incoming* distance (it searches G.reverse()).
///
///   harmonic(u) = sum_{v != u, v reaches u} 1 / d(v, u)
///
/// (Marchiori & Latora 2000; Boldi & Vigna, "Axioms for centrality", 2014),
/// networkx.harmonic_centrality, also over incoming distance: networkx adds
/// 1/d(v, u) to u for each source v. Not normalised (divide by n - 1 for the
/// 0..1 scale).
///
/// `weighted = false`: ties have length 1. `weighted = true`: a tie of
/// weight w has length 1/w (networkx with a `distance = 1/weight` attribute);
/// a tie of weight 0 has infinite length and is never used (networkx would
/// divide by zero). Self-ties are ignored.
///
/// ## Complexity
/// Unweighted: breadth-first search from 256 sources at once with a 4-word
/// mask per person (bit-parallel BFS, centrality/detail/paths.hpp), O((n/64) * D * m)
/// word operations for diameter D, one batch of sources per thread. Weighted: one
/// Dijkstra per person, O(n (m + n log n)), parallel over people. Memory
/// O(n) (per thread). Scores do not depend on the thread count.
///
/// ## Example
/// \code
///   // path 0 - 1 - 2 (undirected): closeness = {2/3, 1, 2/3}, harmonic = {1.5, 2, 1.5}
///   auto g = onakit::make_graph(3, std::vector<onakit::vertex_id>{0, 1},
///                               std::vector<onakit::vertex_id>{1, 2}, {}, false);
///   auto c = onakit::closeness(g);
///   auto h = onakit::harmonic(g);
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/centrality/detail/paths.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>

#include <atomic>
#include <bit>
#include <cstdint>
#include <exception>
#include <limits>
#include <vector>

namespace onakit::inline v0_1 {

struct closeness_options {
  bool weighted = false;     ///< tie length 1/weight instead of 1
  bool wf_improved = true;   ///< Wasserman-Faust scaling by the reachable share
  int threads = 0;           ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{}; ///< polled between batches of sources
};

struct harmonic_options {
  bool weighted = false;     ///< tie length 1/weight instead of 1
  int threads = 0;           ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{}; ///< polled between batches of sources
};

namespace detail {

/// Incoming-distance totals: for each u, the number of people reaching it
/// and the sum of their distances (and of reciprocal distances), by
/// bit-parallel BFS (unweighted).
struct incoming_sums {
  std::vector<std::uint64_t> reached, total;
  std::vector<double> inverse;
};

inline incoming_sums incoming_bfs_sums(const graph& g, bool need_inverse, int threads_requested,
                                       const interrupt_check& interrupt, const char* computation) {
  const vertex_id n = g.num_vertices();
  const int threads = bit_parallel_threads(n, threads_requested);
  const auto nt = static_cast<std::size_t>(threads);
  // Per-thread sums: integers, and reciprocals in fixed point, so the totals
  // do not depend on which thread ran which batch.
  std::vector<std::vector<std::uint64_t>> reached(nt, std::vector<std::uint64_t>(n, 0)), total = reached;
  std::vector<std::vector<fixed_sum>> inverse(need_inverse ? nt : 0, std::vector<fixed_sum>(n));
  bit_parallel_bfs(n, in_adjacency(g), std::numeric_limits<std::uint32_t>::max(), threads, interrupt, computation,
                   [&](int t, vertex_id v, std::uint32_t level, std::uint64_t bits) {
                     const auto ti = static_cast<std::size_t>(t);
                     const auto k = static_cast<std::uint64_t>(std::popcount(bits));
                     reached[ti][v] += k;
                     total[ti][v] += k * level;
                     if (need_inverse) inverse[ti][v].add(static_cast<double>(k) / static_cast<double>(level));
                   });
  incoming_sums s;
  s.reached.assign(n, 0);
  s.total.assign(n, 0);
  if (need_inverse) s.inverse.assign(n, 0.0);
  for (vertex_id v = 0; v < n; ++v) {
    fixed_sum h;
    for (std::size_t t = 0; t < nt; ++t) {
      s.reached[v] += reached[t][v];
      s.total[v] += total[t][v];
      if (need_inverse) h.add(inverse[t][v]);
    }
    if (need_inverse) s.inverse[v] = h.value();
  }
  return s;
}

/// One Dijkstra per person over the reversed ties (so distances are
/// d(v, u) into u); calls per_target(u, dist, order, count) with the
/// settled people order[0..count) (order[0] == u). Parallel over u.
template <class PerTarget>
void incoming_dijkstra(const graph& g, int threads_requested, const interrupt_check& interrupt,
                       const char* computation, PerTarget&& per_target) {
  const vertex_id n = g.num_vertices();
  const std::vector<double> out_len = out_lengths(g);
  const std::vector<double> len = in_lengths(g, out_len);
  adjacency a = in_adjacency(g);
  a.len = len.data();
  [[maybe_unused]] const int threads = thread_count(threads_requested, n);
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  const auto sn = static_cast<std::int64_t>(n);
  ONAKIT_OMP(parallel num_threads(threads))
  {
    std::vector<double> dist(n, std::numeric_limits<double>::infinity());
    std::vector<vertex_id> order(n);
    std::vector<vertex_id> touched;
    touched.reserve(n);
    dist_heap heap;
    heap.reserve(g.num_arcs() + 1);
    const bool poller = detail::thread_index() == 0;
    unsigned since_poll = 0;
    ONAKIT_OMP(for schedule(dynamic, 8))
    for (std::int64_t iu = 0; iu < sn; ++iu) {
      if (stop.load(std::memory_order_relaxed)) continue;
      if (poller && interrupt && ++since_poll >= 8) {
        since_poll = 0;
        if (poll_without_throwing(interrupt, error, static_cast<std::uint64_t>(iu), n)) stop.store(true);
      }
      const auto u = static_cast<vertex_id>(iu);
      std::size_t count = 0;
      heap.clear();
      touched.clear();
      dist[u] = 0.0;
      touched.push_back(u);
      heap.push(0.0, u);
      while (!heap.empty()) {
        const auto [d, v] = heap.pop();
        if (d != dist[v]) continue;
        order[count++] = v;
        for (edge_id e = a.off[v]; e < a.off[v + 1]; ++e) {
          const vertex_id w = a.adj[e];
          const double nd = d + a.len[e];
          if (nd < dist[w]) {
            if (dist[w] == std::numeric_limits<double>::infinity()) touched.push_back(w);
            dist[w] = nd;
            heap.push(nd, w);
          }
        }
      }
      per_target(u, dist.data(), order.data(), count);
      for (const vertex_id v : touched) dist[v] = std::numeric_limits<double>::infinity();
    }
  }
  if (error) std::rethrow_exception(error);
  if (stop.load()) throw interrupted(computation);
}

/// networkx's closeness from the count of people reaching u and their total distance.
inline double closeness_value(double reached, double total, vertex_id n, bool wf_improved) {
  if (!(total > 0.0) || n <= 1) return 0.0;
  double c = reached / total;
  if (wf_improved) c *= reached / (static_cast<double>(n) - 1.0);
  return c;
}

}  // namespace detail

/// Closeness centrality of every person, as networkx.closeness_centrality
/// (incoming distance on a directed graph; see the file comment).
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline centrality_result closeness(const graph& g, const closeness_options& o = {}) {
  detail::check_threads(o.threads);
  detail::poll(o.interrupt, "closeness");
  const vertex_id n = g.num_vertices();
  centrality_result r;
  r.scores.assign(n, 0.0);
  if (!o.weighted) {
    const auto s = detail::incoming_bfs_sums(g, false, o.threads, o.interrupt, "closeness");
    for (vertex_id u = 0; u < n; ++u)
      r.scores[u] = detail::closeness_value(static_cast<double>(s.reached[u]), static_cast<double>(s.total[u]), n,
                                            o.wf_improved);
  } else {
    detail::incoming_dijkstra(g, o.threads, o.interrupt, "closeness",
                              [&](vertex_id u, const double* dist, const vertex_id* order, std::size_t count) {
                                double total = 0.0;
                                for (std::size_t i = 0; i < count; ++i) total += dist[order[i]];
                                r.scores[u] = detail::closeness_value(static_cast<double>(count - 1), total, n,
                                                                      o.wf_improved);
                              });
  }
  return r;
}

/// Harmonic centrality of every person, as networkx.harmonic_centrality
/// (sum of 1/d(v, u) over the people v reaching u; see the file comment).
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline centrality_result harmonic(const graph& g, const harmonic_options& o = {}) {
  detail::check_threads(o.threads);
  detail::poll(o.interrupt, "harmonic");
  const vertex_id n = g.num_vertices();
  centrality_result r;
  r.scores.assign(n, 0.0);
  if (!o.weighted) {
    auto s = detail::incoming_bfs_sums(g, true, o.threads, o.interrupt, "harmonic");
    r.scores = std::move(s.inverse);
  } else {
    detail::incoming_dijkstra(g, o.threads, o.interrupt, "harmonic",
                              [&](vertex_id u, const double* dist, const vertex_id* order, std::size_t count) {
                                double h = 0.0;
                                for (std::size_t i = 1; i < count; ++i) h += 1.0 / dist[order[i]];
                                r.scores[u] = h;
                              });
  }
  return r;
}

}  // namespace onakit
