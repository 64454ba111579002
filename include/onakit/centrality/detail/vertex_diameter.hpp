#pragma once
/// \file vertex_diameter.hpp
/// Bounds on the vertex diameter that size the sample of approximate
/// betweenness (betweenness.hpp). Not API.

#include <onakit/centrality/detail/paths.hpp>
#include <onakit/graph/components.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace onakit::inline v0_1::detail {

/// Bounds on the diameter (in ties) of an undirected graph from three BFS
/// per connected component, O(n + m): a double sweep (BFS from any vertex,
/// then from the farthest one found, a, to the farthest from it, b) gives
/// the lower bound d(a, b); a BFS from the middle c of that a-b path gives
/// the upper bound L1 + L2, the two largest distances from c (any two
/// vertices x, y: d(x, y) <= d(x, c) + d(c, y)). Tight on trees and on the
/// small-world graphs of mail (Magnien, Latapy & Habib, "Fast computation of
/// empirically tight bounds for the diameter of massive graphs", JEA 2009).
struct diameter_bounds {
  std::uint32_t lower = 0, upper = 0;
};

inline diameter_bounds undirected_diameter_bounds(const graph& g) {
  const vertex_id n = g.num_vertices();
  const adjacency a = out_adjacency(g);
  std::vector<std::uint32_t> seen(n, 0);  // the sweep (1, 2, 3) that last reached a vertex
  std::vector<std::uint32_t> dist(n, 0);
  std::vector<vertex_id> parent(n, null_vertex), queue;
  queue.reserve(n);
  diameter_bounds out;
  // BFS of `root`'s component, marked as `sweep`; queue holds it in order of distance.
  const auto bfs = [&](vertex_id root, std::uint32_t sweep) {
    queue.assign(1, root);
    seen[root] = sweep;
    dist[root] = 0;
    parent[root] = null_vertex;
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const vertex_id v = queue[head];
      for (edge_id e = a.off[v]; e < a.off[v + 1]; ++e) {
        const vertex_id w = a.adj[e];
        if (seen[w] == sweep) continue;
        seen[w] = sweep;
        dist[w] = dist[v] + 1;
        parent[w] = v;
        queue.push_back(w);
      }
    }
  };
  for (vertex_id u = 0; u < n; ++u) {
    if (seen[u] != 0) continue;
    bfs(u, 1);
    if (queue.size() == 1) continue;  // alone: no path
    bfs(queue.back(), 2);
    const vertex_id b = queue.back();
    const std::uint32_t d = dist[b];
    vertex_id c = b;
    for (std::uint32_t k = 0; k < d / 2; ++k) c = parent[c];
    bfs(c, 3);
    const std::uint32_t l1 = dist[queue.back()], l2 = dist[queue[queue.size() - 2]];
    out.lower = std::max(out.lower, d);
    out.upper = std::max(out.upper, l1 + l2);
  }
  return out;
}

/// Upper bound on the vertex diameter for the sample size.
inline std::uint64_t vertex_diameter_bound(const graph& g, bool weighted, int threads,
                                           const interrupt_check& interrupt) {
  const vertex_id n = g.num_vertices();
  if (weighted) {
    // Hop counts of weighted shortest paths are bounded by component sizes.
    const auto c = weakly_connected_components(g);
    std::vector<std::uint64_t> size(c.count, 0);
    for (const vertex_id k : c.component) ++size[k];
    return size.empty() ? 0 : *std::max_element(size.begin(), size.end());
  }
  const int t_used = bit_parallel_threads(n, threads);
  std::vector<std::uint32_t> deepest(static_cast<std::size_t>(t_used), 0);  // per thread: max order-free
  bit_parallel_bfs(n, in_adjacency(g), std::numeric_limits<std::uint32_t>::max(), t_used, interrupt, "betweenness",
                   [&](int t, vertex_id, std::uint32_t level, std::uint64_t) {
                     auto& d = deepest[static_cast<std::size_t>(t)];
                     if (level > d) d = level;
                   });
  const std::uint32_t diameter = *std::max_element(deepest.begin(), deepest.end());
  return std::uint64_t{diameter} + 1;
}

}  // namespace onakit::inline v0_1::detail
