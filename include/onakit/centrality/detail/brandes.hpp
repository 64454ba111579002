#pragma once
/// \file brandes.hpp
/// The per-thread kernels of exact Brandes betweenness (betweenness.hpp): a
/// BFS / Dijkstra search with path counts, and the dependency accumulation.
/// Not API.

#include <onakit/centrality/detail/level_brandes.hpp>  // unreached_hop; the level kernel beside this one
#include <onakit/centrality/detail/paths.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

namespace onakit::inline v0_1::detail {

/// Per-thread buffers of one shortest-path search; allocated once per thread.
struct brandes_workspace {
  std::vector<std::uint32_t> hop;  // BFS level, unreached_hop if not reached
  std::vector<double> dist;        // Dijkstra distance, +inf if not reached
  std::vector<double> sigma;       // number of shortest paths from the source
  std::vector<double> coef;        // (1 + delta[x]) / sigma[x] during accumulation
  std::vector<vertex_id> order;    // vertices in order of (non-decreasing) distance
  std::vector<vertex_id> touched;  // Dijkstra: every vertex given a distance
  dist_heap heap;

  brandes_workspace(vertex_id n, bool weighted, std::size_t arcs)
      : sigma(n), coef(n), order(n) {
    if (weighted) {
      dist.assign(n, std::numeric_limits<double>::infinity());
      touched.reserve(n);
      heap.reserve(arcs + 1);
    } else {
      hop.assign(n, unreached_hop);
    }
  }

  /// BFS from s; returns the number of vertices reached (order[0..count)).
  std::size_t bfs(adjacency a, vertex_id s) {
    std::size_t head = 0, tail = 1;
    order[0] = s;
    hop[s] = 0;
    sigma[s] = 1.0;
    while (head < tail) {
      const vertex_id v = order[head++];
      const std::uint32_t nh = hop[v] + 1;
      const double sv = sigma[v];
      for (edge_id e = a.off[v]; e < a.off[v + 1]; ++e) {
        const vertex_id w = a.adj[e];
        if (hop[w] == unreached_hop) {
          hop[w] = nh;
          sigma[w] = sv;
          order[tail++] = w;
        } else if (hop[w] == nh) {
          sigma[w] += sv;
        }
      }
    }
    return tail;
  }

  void reset_bfs(std::size_t count) noexcept {
    for (std::size_t i = 0; i < count; ++i) hop[order[i]] = unreached_hop;
  }

  /// Dijkstra from s over lengths a.len, settling until `stop` is settled
  /// (null_vertex: all). Returns the number settled (order[0..count)).
  std::size_t dijkstra(adjacency a, vertex_id s, vertex_id stop = null_vertex) {
    std::size_t count = 0;
    heap.clear();
    touched.clear();
    dist[s] = 0.0;
    sigma[s] = 1.0;
    touched.push_back(s);
    heap.push(0.0, s);
    while (!heap.empty()) {
      const auto [d, v] = heap.pop();
      if (d != dist[v]) continue;  // stale entry: v was reached more cheaply
      order[count++] = v;
      if (v == stop) break;
      const double sv = sigma[v];
      for (edge_id e = a.off[v]; e < a.off[v + 1]; ++e) {
        const vertex_id w = a.adj[e];
        if (w == v) continue;  // self-ties never lie on shortest paths
        const double nd = d + a.len[e];
        if (nd < dist[w]) {
          if (dist[w] == std::numeric_limits<double>::infinity()) touched.push_back(w);
          dist[w] = nd;
          sigma[w] = sv;
          heap.push(nd, w);
        } else if (nd == dist[w]) {  // exact equality, as networkx
          sigma[w] += sv;
        }
      }
    }
    return count;
  }

  void reset_dijkstra() noexcept {
    for (const vertex_id v : touched) dist[v] = std::numeric_limits<double>::infinity();
  }

  /// Brandes' dependency accumulation over the search just run from s, in
  /// successor form: delta[w] = sigma[w] * sum over DAG successors x of
  /// (1 + delta[x]) / sigma[x]. Adds to acc as networkx does (with or
  /// without endpoints). With folded leaves (leaf_folding.hpp) `bw` holds
  /// the target weights b (b[x] + delta[x] in place of 1 + delta[x]) and
  /// `as` the source's weight a(s), which scales what is added.
  template <bool Weighted>
  void accumulate(adjacency a, vertex_id s, std::size_t count, bool endpoints, fixed_sum* acc,
                  const double* bw = nullptr, double as = 1.0) {
    for (std::size_t i = count; i-- > 1;) {
      const vertex_id w = order[i];
      double sum = 0.0;
      if constexpr (Weighted) {
        const double dw = dist[w];
        for (edge_id e = a.off[w]; e < a.off[w + 1]; ++e) {
          const vertex_id x = a.adj[e];
          // A tie of weight 0 (length +inf) to someone unreached (+inf) is no
          // DAG arc: coef[x] is then a previous source's value.
          if (dw + a.len[e] == dist[x] && dist[x] < std::numeric_limits<double>::infinity()) sum += coef[x];
        }
      } else {
        const std::uint32_t nh = hop[w] + 1;
        for (edge_id e = a.off[w]; e < a.off[w + 1]; ++e) {
          const vertex_id x = a.adj[e];
          if (hop[x] == nh) sum += coef[x];
        }
      }
      const double delta = sigma[w] * sum;
      coef[w] = ((bw != nullptr ? bw[w] : 1.0) + delta) / sigma[w];
      if (endpoints) acc[w].add(delta + 1.0);
      else if (delta != 0.0) acc[w].add(delta * as);
    }
    if (endpoints) acc[s].add(static_cast<double>(count - 1));
  }
};

}  // namespace onakit::inline v0_1::detail
