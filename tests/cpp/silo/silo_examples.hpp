#pragma once
// The two small hand-computed graphs shared by the silo tests
// (mixing_test, ei_index_test, modularity_test, cohesion_test, boundary_test).
#include <onakit/graph/builder.hpp>
#include <onakit/silo/mixing.hpp>

#include <cstdint>
#include <vector>

namespace onakit::testing::silo {

using ids = std::vector<onakit::vertex_id>;
using codes = std::vector<std::uint32_t>;
constexpr double tol = 1e-12;
constexpr std::uint32_t none = onakit::no_group;

// Undirected: A = {0,1,2}, B = {3,4}, C = {5}; person 6 has no group.
// Ties 0-1 (2), 1-2 (1), 0-2 (1), 2-3 (3), 3-4 (2), 4-5 (1), 5-5 (1), 6-0 (5).
inline onakit::graph undirected_example() {
  const ids s{0, 1, 0, 2, 3, 4, 5, 6}, t{1, 2, 2, 3, 4, 5, 5, 0};
  const std::vector<double> w{2, 1, 1, 3, 2, 1, 1, 5};
  return onakit::make_graph(7, s, t, w, false);
}
inline const codes undirected_groups{0, 0, 0, 1, 1, 2, none};

// Directed: A = {0,1}, B = {2,3}. Ties 0->1 (1), 1->0 (2), 1->2 (3), 2->3 (1), 3->0 (2).
inline onakit::graph directed_example() {
  const ids s{0, 1, 1, 2, 3}, t{1, 0, 2, 3, 0};
  const std::vector<double> w{1, 2, 3, 1, 2};
  return onakit::make_graph(4, s, t, w, true);
}
inline const codes directed_groups{0, 0, 1, 1};

}  // namespace onakit::testing::silo
