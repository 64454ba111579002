#pragma once
/// \file tie_table.hpp
/// A graph's ties as three columns (source, target, weight): the form a CSV
/// writer, a DataFrame or another graph library takes. The inverse of
/// make_graph() (make_graph.hpp).

#include <onakit/graph/graph.hpp>

#include <cstddef>
#include <vector>

namespace onakit::inline v0_1 {

/// One row per tie, in CSR order (by source, then target). An undirected
/// tie appears once, as (u, v) with u <= v.
struct tie_table {
  std::vector<vertex_id> source;
  std::vector<vertex_id> target;
  std::vector<weight_t> weight;
  [[nodiscard]] std::size_t size() const noexcept { return source.size(); }
};

/// The ties of `g`. O(n + m) time, 16 bytes per tie.
/// \throws only std::bad_alloc.
[[nodiscard]] inline tie_table tie_table_of(const graph& g) {
  tie_table t;
  t.source.reserve(g.num_edges());
  t.target.reserve(g.num_edges());
  t.weight.reserve(g.num_edges());
  for (vertex_id u = 0; u < g.num_vertices(); ++u) {
    const auto nb = g.out_neighbors(u);
    const auto ws = g.out_weights(u);
    for (std::size_t k = 0; k < nb.size(); ++k)
      if (g.directed() || u <= nb[k]) {
        t.source.push_back(u);
        t.target.push_back(nb[k]);
        t.weight.push_back(ws[k]);
      }
  }
  return t;
}

}  // namespace onakit
