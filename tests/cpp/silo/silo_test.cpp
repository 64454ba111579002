// Hand-computed checks of the silo measures (mixing.hpp, ei_index.hpp,
// modularity.hpp, cohesion.hpp, boundary.hpp). The Python tests compare the
// same functions with networkx on real data.
#include <onakit/graph/builder.hpp>
#include <onakit/silo/boundary.hpp>
#include <onakit/silo/cohesion.hpp>
#include <onakit/silo/ei_index.hpp>
#include <onakit/silo/mixing.hpp>
#include <onakit/silo/modularity.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
using codes = std::vector<std::uint32_t>;
constexpr double tol = 1e-12;
constexpr std::uint32_t none = onakit::no_group;

// Undirected: A = {0,1,2}, B = {3,4}, C = {5}; person 6 has no group.
// Ties 0-1 (2), 1-2 (1), 0-2 (1), 2-3 (3), 3-4 (2), 4-5 (1), 5-5 (1), 6-0 (5).
onakit::graph undirected_example() {
  const ids s{0, 1, 0, 2, 3, 4, 5, 6}, t{1, 2, 2, 3, 4, 5, 5, 0};
  const std::vector<double> w{2, 1, 1, 3, 2, 1, 1, 5};
  return onakit::make_graph(7, s, t, w, false);
}
const codes undirected_groups{0, 0, 0, 1, 1, 2, none};

// Directed: A = {0,1}, B = {2,3}. Ties 0->1 (1), 1->0 (2), 1->2 (3), 2->3 (1), 3->0 (2).
onakit::graph directed_example() {
  const ids s{0, 1, 1, 2, 3}, t{1, 0, 2, 3, 0};
  const std::vector<double> w{1, 2, 3, 1, 2};
  return onakit::make_graph(4, s, t, w, true);
}
const codes directed_groups{0, 0, 1, 1};

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

TEST(SiloModularity, HandComputed) {
  // Undirected, m = 11: A 4/11 - (11/22)^2, B 2/11 - (8/22)^2, C 1/11 - (3/22)^2
  // (C's self-tie counts twice in its degree 1 + 2) -> (308 - 194)/484.
  EXPECT_NEAR(onakit::modularity(undirected_example(), undirected_groups, 3), 114.0 / 484, tol);
  // Resolution 0.5: 308/484 - 97/484.
  EXPECT_NEAR(onakit::modularity(undirected_example(), undirected_groups, 3, {.resolution = 0.5}), 211.0 / 484,
              tol);
  // Directed, m = 9: A 3/9 - 6*5/81, B 1/9 - 3*4/81 -> -6/81.
  EXPECT_NEAR(onakit::modularity(directed_example(), directed_groups, 2), -6.0 / 81, tol);
  EXPECT_THROW((void)onakit::modularity(directed_example(), directed_groups, 2, {.resolution = -1}),
               onakit::invalid_option);
}

TEST(SiloAssortativity, HandComputed) {
  // Arc counts: AA 6, AB 1, BA 1, BB 2, BC 1, CB 1, CC 1 (sum 13); rows 7,4,2.
  // r = (9/13 - 69/169) / (1 - 69/169) = 48/100.
  EXPECT_NEAR(onakit::assortativity(undirected_example(), undirected_groups, 3), 0.48, tol);
}

TEST(SiloCohesion, HandComputed) {
  const auto u = onakit::group_cohesion(undirected_example(), undirected_groups, 3);
  EXPECT_NEAR(u.insularity[0], 4.0 / 7, tol);
  EXPECT_NEAR(u.insularity[1], 2.0 / 6, tol);
  EXPECT_NEAR(u.insularity[2], 0.0, tol);
  EXPECT_NEAR(u.org_insularity, 6.0 / 10, tol);
  // Volumes: A 3+3+5 = 11, B 5+3 = 8, C 1+2 = 3 (of 22); cuts 3, 4, 1.
  EXPECT_NEAR(u.conductance[0], 3.0 / 11, tol);
  EXPECT_NEAR(u.conductance[1], 4.0 / 8, tol);
  EXPECT_NEAR(u.conductance[2], 1.0 / 3, tol);
  // Directed, out+in volumes: A 1+4 + 5+1 = 11, B 1+3 + 2+1 = 7; cut 3+2.
  const auto d = onakit::group_cohesion(directed_example(), directed_groups, 2);
  EXPECT_NEAR(d.conductance[0], 5.0 / 7, tol);
  EXPECT_NEAR(d.conductance[1], 5.0 / 7, tol);
  EXPECT_NEAR(d.insularity[0], 3.0 / 8, tol);
}

TEST(SiloBoundary, HandComputed) {
  for (const int threads : {1, 2}) {
    const auto r = onakit::boundary_spanners(undirected_example(), undirected_groups, 3, {.threads = threads});
    // A-B is only 2-3, B-C only 4-5: each endpoint is a sole bridge of one pair.
    EXPECT_EQ(r.sole_bridge_pairs, (codes{0, 0, 1, 1, 1, 1, 0}));
    EXPECT_EQ(r.groups_reached, (codes{0, 0, 1, 1, 1, 1, 0}));
    EXPECT_NEAR(r.external_share[2], 3.0 / 5, tol);
    EXPECT_NEAR(r.external_share[4], 1.0 / 3, tol);
    EXPECT_NEAR(r.external_share[5], 1.0, tol);
    EXPECT_TRUE(std::isnan(r.external_share[6]));
    // Brokerage: 1-2-3 and 0-2-3 are open (A,A,B): representative both ways?
    // Broker 2, a->2->c open with a in {0,1}, c = 3: representative x2;
    // 3->2->a: gatekeeper x2 (B,A,A).
    EXPECT_EQ(r.roles.representative[2], 2u);
    EXPECT_EQ(r.roles.gatekeeper[2], 2u);
  }
  // A second A-B tie 1-4 removes the sole bridges of A-B.
  const ids s{0, 1, 0, 2, 3, 4, 1}, t{1, 2, 2, 3, 4, 5, 4};
  const auto g = onakit::make_graph(6, s, t, {}, false);
  const auto r = onakit::boundary_spanners(g, codes{0, 0, 0, 1, 1, 2}, 3);
  EXPECT_EQ(r.sole_bridge_pairs, (codes{0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(r.groups_reached[4], 2u);
}

}  // namespace
