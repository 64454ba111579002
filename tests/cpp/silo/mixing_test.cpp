// Hand-computed checks of group_mixing and group_graph (silo/mixing.hpp).
// The Python tests compare the same functions with networkx on real data.
#include <onakit/silo/mixing.hpp>

#include <gtest/gtest.h>

#include "silo/silo_examples.hpp"

namespace {

using namespace onakit::testing::silo;

TEST(SiloMixing, UndirectedTieMatrix) {
  const auto mx = onakit::group_mixing(undirected_example(), undirected_groups, 3);
  // Internal A = 2+1+1 = 4, A-B = 3, B-B = 2, B-C = 1, C-C = self-tie 1.
  const std::vector<double> m{4, 3, 0, 3, 2, 1, 0, 1, 1};
  for (std::size_t i = 0; i < 9; ++i) EXPECT_NEAR(mx.ties[i], m[i], tol) << i;
  // Arc matrix doubles internal ties, keeps the self-tie once.
  const std::vector<double> a{8, 3, 0, 3, 4, 1, 0, 1, 1};
  for (std::size_t i = 0; i < 9; ++i) EXPECT_NEAR(mx.arcs[i], a[i], tol) << i;
  EXPECT_NEAR(mx.total, 11, tol);
  EXPECT_EQ(mx.ungrouped_ties, 1u);
  EXPECT_NEAR(mx.ungrouped_weight, 5, tol);
  EXPECT_EQ(mx.size, (codes{3, 2, 1}));
  const auto unweighted = onakit::group_mixing(undirected_example(), undirected_groups, 3, {.weighted = false});
  EXPECT_NEAR(unweighted.at(0, 0), 3, tol);
  EXPECT_NEAR(unweighted.total, 7, tol);
}

TEST(SiloMixing, GroupGraph) {
  const auto gg = onakit::group_graph(onakit::group_mixing(undirected_example(), undirected_groups, 3));
  EXPECT_FALSE(gg.directed());
  EXPECT_EQ(gg.num_vertices(), 3u);
  EXPECT_EQ(gg.num_edges(), 5u);  // A-A, A-B, B-B, B-C, C-C
  EXPECT_NEAR(gg.weight(0, 1), 3, tol);
  EXPECT_NEAR(gg.weight(1, 0), 3, tol);
  EXPECT_NEAR(gg.weight(0, 0), 4, tol);
  EXPECT_NEAR(gg.weight(0, 2), 0, tol);
  const auto dg = onakit::group_graph(onakit::group_mixing(directed_example(), directed_groups, 2));
  EXPECT_TRUE(dg.directed());
  EXPECT_NEAR(dg.weight(0, 1), 3, tol);
  EXPECT_NEAR(dg.weight(1, 0), 2, tol);
}

TEST(SiloMixing, RejectsBadGroups) {
  const auto g = directed_example();
  EXPECT_THROW((void)onakit::group_mixing(g, codes{0, 0, 1}, 2), onakit::invalid_option);
  EXPECT_THROW((void)onakit::group_mixing(g, codes{0, 0, 1, 2}, 2), onakit::invalid_option);
}

}  // namespace
