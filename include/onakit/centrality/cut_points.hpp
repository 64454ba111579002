#pragma once
/// \file cut_points.hpp
/// Articulation points (cut vertices) and bridges (cut ties): the people
/// and ties whose removal disconnects part of the network.
///
/// ## Definition
/// On the undirected view of the graph (a directed graph's ties taken
/// without direction, u -> v and v -> u being one tie; self-ties ignored):
/// an articulation point is a person whose removal increases the number of
/// connected components; a bridge is a tie whose removal does. Equal to
/// networkx.articulation_points / networkx.bridges, which accept only
/// undirected graphs: for a directed onakit graph they equal networkx run on
/// G.to_undirected().
///
/// ## Algorithm and complexity
/// Depth-first search with low-points (Hopcroft & Tarjan, "Algorithm 447:
/// efficient algorithms for graph manipulation", CACM 16(6), 1973; bridges
/// as Tarjan, "A note on finding the bridges of a graph", IPL 2, 1974),
/// written with an explicit stack so long chains cannot overflow the call
/// stack. O(n + m) time and memory; sequential.
///
/// ## Example
/// \code
///   auto cp = onakit::cut_points(g);
///   for (auto [u, v] : cp.bridges) ...;      // u < v
///   bool is_cut = cp.articulation[3] != 0;
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/centrality/detail/local.hpp>
#include <onakit/graph/graph.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

struct cut_points_options {
  interrupt_check interrupt{};  ///< polled every 65536 people visited
};

struct cut_points_result {
  std::vector<std::uint8_t> articulation;                ///< 1 for articulation points, by vertex_id
  std::vector<std::pair<vertex_id, vertex_id>> bridges;  ///< (u, v) with u < v, sorted
};

/// Articulation points and bridges in one depth-first search.
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline cut_points_result cut_points(const graph& g, const cut_points_options& opt = {}) {
  const vertex_id n = g.num_vertices();
  const auto c = detail::make_contact_lists(g, false, false);
  constexpr std::uint32_t unseen = null_vertex;
  std::vector<std::uint32_t> disc(n, unseen), low(n, 0);
  std::vector<vertex_id> parent(n, null_vertex), stack;
  std::vector<edge_id> next(c.offsets.begin(), c.offsets.end() - 1);
  cut_points_result r;
  r.articulation.assign(n, 0);
  std::uint32_t time = 0;
  detail::poll(opt.interrupt, "cut_points");
  for (vertex_id s = 0; s < n; ++s) {
    if (disc[s] != unseen) continue;
    disc[s] = low[s] = time++;
    stack.push_back(s);
    std::uint32_t root_children = 0;
    while (!stack.empty()) {
      const vertex_id v = stack.back();
      if (next[v] < c.offsets[v + 1]) {
        const vertex_id u = c.targets[next[v]++];
        if (disc[u] == unseen) {
          if ((time & 0xFFFFu) == 0xFFFFu) detail::poll(opt.interrupt, "cut_points");
          parent[u] = v;
          disc[u] = low[u] = time++;
          stack.push_back(u);
          if (v == s) ++root_children;
        } else if (u != parent[v]) {
          low[v] = std::min(low[v], disc[u]);
        }
        continue;
      }
      stack.pop_back();
      const vertex_id p = parent[v];
      if (p == null_vertex) continue;
      low[p] = std::min(low[p], low[v]);
      if (low[v] > disc[p]) r.bridges.emplace_back(std::min(p, v), std::max(p, v));
      if (p != s && low[v] >= disc[p]) r.articulation[p] = 1;
    }
    if (root_children > 1) r.articulation[s] = 1;
  }
  std::sort(r.bridges.begin(), r.bridges.end());
  return r;
}

/// The articulation points, ascending (see cut_points()).
/// \throws interrupted when `interrupt` asks to stop (the message says cut_points).
[[nodiscard]] inline std::vector<vertex_id> articulation_points(const graph& g, const cut_points_options& opt = {}) {
  const auto r = cut_points(g, opt);
  std::vector<vertex_id> out;
  for (vertex_id v = 0; v < g.num_vertices(); ++v)
    if (r.articulation[v] != 0) out.push_back(v);
  return out;
}

/// The bridges as (u, v) with u < v, sorted (see cut_points()).
/// \throws interrupted when `interrupt` asks to stop (the message says cut_points).
[[nodiscard]] inline std::vector<std::pair<vertex_id, vertex_id>> bridges(const graph& g,
                                                                          const cut_points_options& opt = {}) {
  return cut_points(g, opt).bridges;
}

}  // namespace onakit
