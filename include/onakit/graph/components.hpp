#pragma once
/// \file components.hpp
/// Connected components and whole-graph summary figures (density,
/// reciprocity), defined as networkx defines them.

#include <onakit/graph/graph.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace onakit::inline v0_1 {

/// Component label per person (0-based, numbered in order of the smallest
/// member) and the number of components.
struct components_result {
  std::vector<vertex_id> component;
  vertex_id count = 0;
};

/// Weakly connected components (connected components when undirected):
/// union-find over all ties, O(m alpha(n)).
/// \throws only std::bad_alloc.
[[nodiscard]] inline components_result weakly_connected_components(const graph& g) {
  const vertex_id n = g.num_vertices();
  std::vector<vertex_id> parent(n);
  std::iota(parent.begin(), parent.end(), vertex_id{0});
  auto find = [&](vertex_id x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (vertex_id u = 0; u < n; ++u)
    for (const vertex_id v : g.out_neighbors(u)) {
      const vertex_id a = find(u), b = find(v);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  components_result r;
  r.component.assign(n, null_vertex);
  for (vertex_id u = 0; u < n; ++u) {
    const vertex_id root = find(u);
    if (r.component[root] == null_vertex) r.component[root] = r.count++;
    r.component[u] = r.component[root];
  }
  return r;
}

/// Strongly connected components (Tarjan's algorithm, iterative so deep
/// graphs cannot overflow the stack), O(n + m). For an undirected graph the
/// same as weakly_connected_components. Components are renumbered in order
/// of their smallest member.
/// \throws only std::bad_alloc.
[[nodiscard]] inline components_result strongly_connected_components(const graph& g) {
  if (!g.directed()) return weakly_connected_components(g);
  const vertex_id n = g.num_vertices();
  std::vector<vertex_id> index(n, null_vertex), low(n, 0), comp(n, null_vertex);
  std::vector<vertex_id> stack;
  std::vector<std::pair<vertex_id, edge_id>> call;  // (vertex, next out position)
  vertex_id next_index = 0, count = 0;
  const auto off = g.out_offsets();
  const auto tgt = g.out_targets();
  std::vector<char> on_stack(n, 0);
  for (vertex_id s = 0; s < n; ++s) {
    if (index[s] != null_vertex) continue;
    call.push_back({s, off[s]});
    index[s] = low[s] = next_index++;
    stack.push_back(s);
    on_stack[s] = 1;
    while (!call.empty()) {
      auto& [u, pos] = call.back();
      if (pos < off[u + 1]) {
        const vertex_id v = tgt[pos++];
        if (index[v] == null_vertex) {
          index[v] = low[v] = next_index++;
          stack.push_back(v);
          on_stack[v] = 1;
          call.push_back({v, off[v]});
        } else if (on_stack[v]) {
          low[u] = std::min(low[u], index[v]);
        }
        continue;
      }
      const vertex_id done = u;
      call.pop_back();
      if (!call.empty()) low[call.back().first] = std::min(low[call.back().first], low[done]);
      if (low[done] == index[done]) {
        vertex_id w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp[w] = count;
        } while (w != done);
        ++count;
      }
    }
  }
  // Renumber by smallest member for a stable, readable labelling.
  std::vector<vertex_id> remap(count, null_vertex);
  vertex_id k = 0;
  for (vertex_id u = 0; u < n; ++u) {
    if (remap[comp[u]] == null_vertex) remap[comp[u]] = k++;
    comp[u] = remap[comp[u]];
  }
  return {std::move(comp), count};
}

/// Density as networkx: m / (n (n-1)) directed, 2m / (n (n-1)) undirected;
/// self-ties count in m. 0 for fewer than 2 people.
/// \throws nothing.
[[nodiscard]] inline double density(const graph& g) noexcept {
  const double n = g.num_vertices();
  if (n < 2) return 0.0;
  const double m = g.num_edges();
  return (g.directed() ? m : 2 * m) / (n * (n - 1));
}

/// Overall reciprocity as networkx.overall_reciprocity: the share of
/// directed ties u -> v (u != v) whose reverse v -> u exists, among all
/// directed ties (self-ties count in the denominator). 1 for an undirected
/// graph with ties; 0 for a graph without ties.
/// \throws nothing.
[[nodiscard]] inline double reciprocity(const graph& g) noexcept {
  if (g.num_edges() == 0) return 0.0;
  if (!g.directed()) return 1.0;
  std::uint64_t mutual = 0;
  for (vertex_id u = 0; u < g.num_vertices(); ++u)
    for (const vertex_id v : g.out_neighbors(u)) mutual += (u != v && g.has_edge(v, u));
  return static_cast<double>(mutual) / static_cast<double>(g.num_edges());
}

}  // namespace onakit
