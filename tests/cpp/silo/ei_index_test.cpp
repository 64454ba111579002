// Hand-computed checks of the E-I index and its permutation test (silo/ei_index.hpp).
// The Python tests compare the same functions with networkx on real data.
#include <onakit/detail/random.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/silo/ei_index.hpp>

#include <gtest/gtest.h>

#include "silo/silo_examples.hpp"

#include <cmath>

namespace {

using namespace onakit::testing::silo;

TEST(SiloEI, UndirectedHandComputed) {
  const auto r = onakit::ei_index(undirected_example(), undirected_groups, 3);
  // Org: I = 4 + 2 = 6 (self-tie excluded), E = 3 + 1 = 4 -> (4-6)/10.
  EXPECT_NEAR(r.org_ei, -0.2, tol);
  // A: I 4, E 3 -> -1/7; B: I 2, E 3+1 -> 1/3; C: I 0, E 1 -> 1.
  EXPECT_NEAR(r.group_ei[0], -1.0 / 7, tol);
  EXPECT_NEAR(r.group_ei[1], 1.0 / 3, tol);
  EXPECT_NEAR(r.group_ei[2], 1.0, tol);
  // Expected, N = 6: group (2N - 3n + 1)/(2N - n - 1): A 4/8, B 7/9, C 10/10;
  // org 1 - 2 (3*2 + 2*1 + 0) / (6*5) = 7/15.
  EXPECT_NEAR(r.group_expected[0], 0.5, tol);
  EXPECT_NEAR(r.group_expected[1], 7.0 / 9, tol);
  EXPECT_NEAR(r.group_expected[2], 1.0, tol);
  EXPECT_NEAR(r.org_expected, 7.0 / 15, tol);
  // Person 2: I 1+1, E 3 -> 1/5; expected (N - 2n + 1)/(N - 1) = 1/5.
  EXPECT_NEAR(r.node_ei[2], 0.2, tol);
  EXPECT_NEAR(r.node_expected[2], 0.2, tol);
  EXPECT_NEAR(r.node_ei[5], 1.0, tol);  // its self-tie is excluded
  EXPECT_TRUE(std::isnan(r.node_ei[6]));
  EXPECT_EQ(r.excluded_ties, 1u);
  EXPECT_NEAR(r.excluded_weight, 5, tol);
  EXPECT_EQ(r.self_ties, 1u);
  EXPECT_TRUE(std::isnan(r.group_p[0]));  // no permutations asked
  // Unweighted: A I 3, E 1 -> -1/2.
  const auto c = onakit::ei_index(undirected_example(), undirected_groups, 3, {.weighted = false});
  EXPECT_NEAR(c.group_ei[0], -0.5, tol);
}

TEST(SiloEI, DirectedHandComputed) {
  const auto r = onakit::ei_index(directed_example(), directed_groups, 2);
  // I = 1+2 (A) + 1 (B) = 4, E = 3 + 2 = 5 -> 1/9; A: (5-3)/8; B: (5-1)/6.
  EXPECT_NEAR(r.org_ei, 1.0 / 9, tol);
  EXPECT_NEAR(r.group_ei[0], 0.25, tol);
  EXPECT_NEAR(r.group_ei[1], 2.0 / 3, tol);
  // N = 4, n = 2: group (8-6+1)/(8-2-1) = 3/5, org 1 - 2*4/12 = 1/3.
  EXPECT_NEAR(r.group_expected[0], 0.6, tol);
  EXPECT_NEAR(r.org_expected, 1.0 / 3, tol);
  // Person 1: out 1->0 (2, I), 1->2 (3, E); in 0->1 (1, I): I 3, E 3 -> 0.
  EXPECT_NEAR(r.node_ei[1], 0.0, tol);
  EXPECT_NEAR(r.node_expected[1], 1.0 / 3, tol);
}

// Two 10-cliques joined by one tie: both groups are far more insular than
// any random relabelling, so p = 1/(1 + permutations) unless a permutation
// recovers the partition (probability 2 / C(20,10) ~ 1e-5 each).
onakit::graph two_cliques(codes& group) {
  ids s, t;
  for (std::uint32_t c = 0; c < 2; ++c)
    for (std::uint32_t i = 0; i < 10; ++i)
      for (std::uint32_t j = i + 1; j < 10; ++j) s.push_back(10 * c + i), t.push_back(10 * c + j);
  s.push_back(0), t.push_back(10);
  group.assign(20, 0);
  for (std::uint32_t v = 10; v < 20; ++v) group[v] = 1;
  return onakit::make_graph(20, s, t, {}, false);
}

TEST(SiloEI, PermutationTestFindsPlantedSilos) {
  codes group;
  const auto g = two_cliques(group);
  const auto r = onakit::ei_index(g, group, 2, {.permutations = 199, .seed = 3, .threads = 1});
  EXPECT_NEAR(r.group_p[0], 1.0 / 200, tol);
  EXPECT_NEAR(r.group_p[1], 1.0 / 200, tol);
  EXPECT_NEAR(r.org_p, 1.0 / 200, tol);
}

TEST(SiloEI, PermutationsIndependentOfThreadsAndSeeded) {
  // A random-looking graph where the p-values are not extreme.
  ids s, t;
  onakit::detail::xoshiro256ss rng(11);
  for (int e = 0; e < 300; ++e) s.push_back(rng.uniform_below32(60)), t.push_back(rng.uniform_below32(60));
  const auto g = onakit::make_graph(60, s, t);
  codes group(60);
  for (std::uint32_t v = 0; v < 60; ++v) group[v] = v % 4;
  group[7] = none;
  const auto a = onakit::ei_index(g, group, 4, {.permutations = 300, .seed = 5, .threads = 1});
  const auto b = onakit::ei_index(g, group, 4, {.permutations = 300, .seed = 5, .threads = 2});
  const auto c = onakit::ei_index(g, group, 4, {.permutations = 300, .seed = 6, .threads = 2});
  EXPECT_EQ(a.group_p, b.group_p);
  EXPECT_EQ(a.org_p, b.org_p);
  EXPECT_NE(a.group_p, c.group_p);
  for (const double p : a.group_p) {
    EXPECT_GT(p, 0.0);
    EXPECT_LE(p, 1.0);
  }
}

}  // namespace
