// A random graph with many people of one contact, for the leaf folding of
// exact betweenness and edge betweenness (centrality/detail/leaf_folding.hpp).
#pragma once

#include <onakit/detail/random.hpp>
#include <onakit/graph/make_graph.hpp>

#include <cstdint>
#include <vector>

namespace onakit::testing {

// A random core of 120 people plus 200 leaves of every kind: a tie to the
// core only (v -> u), from it only (u -> v), both, with a self-tie, with a
// weight-0 tie, several leaves on one person (0..9), a component of two, and
// a path of three (whose middle person is the contact of two leaves).
inline graph leafy_graph(bool directed, std::uint64_t seed) {
  detail::xoshiro256ss rng(seed);
  const std::uint32_t core = 120, leaves = 200;
  std::vector<vertex_id> s, t;
  std::vector<double> w;
  auto tie = [&](std::uint32_t a, std::uint32_t b, double wt) {
    s.push_back(a), t.push_back(b), w.push_back(wt);
  };
  for (int i = 0; i < 420; ++i)
    tie(rng.uniform_below32(core), rng.uniform_below32(core), 1.0 + static_cast<double>(rng.uniform_below(3)));
  for (std::uint32_t k = 0; k < leaves; ++k) {
    const std::uint32_t v = core + k, u = rng.uniform_below32(k % 7 == 0 ? 10 : core);
    const double wt = k % 23 == 0 ? 0.0 : 1.0 + static_cast<double>(rng.uniform_below(3));
    switch (k % 5) {
      case 0: tie(v, u, wt); break;
      case 1: tie(u, v, wt); break;
      case 2: tie(v, u, wt), tie(u, v, 2.0); break;
      case 3: tie(v, u, wt), tie(v, v, 1.0); break;
      default: tie(u, v, wt), tie(v, u, 1.0); break;
    }
  }
  const std::uint32_t n = core + leaves;
  tie(n, n + 1, 1.0);
  tie(n + 2, n + 3, 1.0);
  tie(n + 3, n + 4, 1.0);
  return make_graph(n + 5, s, t, w, directed);
}

// The graph with every weight-0 tie given weight 1 (Boost's Brandes has no
// infinite lengths).
inline graph without_zero_weights(const graph& g) {
  std::vector<vertex_id> s, t;
  std::vector<double> w;
  for (vertex_id u = 0; u < g.num_vertices(); ++u) {
    const auto nb = g.out_neighbors(u);
    const auto wt = g.out_weights(u);
    for (std::size_t k = 0; k < nb.size(); ++k)
      if (g.directed() || u <= nb[k]) s.push_back(u), t.push_back(nb[k]), w.push_back(wt[k] > 0 ? wt[k] : 1.0);
  }
  return make_graph(g.num_vertices(), s, t, w, g.directed());
}

}  // namespace onakit::testing
