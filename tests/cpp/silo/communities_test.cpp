#include <onakit/graph/builder.hpp>
#include <onakit/synthetic/synthetic_org.hpp>
#include <onakit/silo/communities.hpp>
#include <onakit/silo/community_quality.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "test_data.hpp"

namespace {

using ids = std::vector<onakit::vertex_id>;
using onakit::community_method;
using onakit::community_objective;
constexpr double tol = 1e-12;

// Two 4-cliques {0..3} and {4..7} joined by the tie 3-4.
onakit::graph two_cliques() {
  ids s, t;
  for (onakit::vertex_id base : {0u, 4u})
    for (onakit::vertex_id i = 0; i < 4; ++i)
      for (onakit::vertex_id j = i + 1; j < 4; ++j) s.push_back(base + i), t.push_back(base + j);
  s.push_back(3), t.push_back(4);
  return onakit::make_graph(8, s, t, {}, false);
}

onakit::build_options undirected() {
  onakit::build_options o;
  o.directed = false;
  return o;
}

onakit::graph email_eu_core() {
  std::ifstream in(onakit::testing::data_file("email-Eu-core/email-Eu-core.txt"));
  ids s, t;
  onakit::vertex_id u = 0, v = 0, n = 0;
  while (in >> u >> v) s.push_back(u), t.push_back(v), n = std::max({n, u + 1, v + 1});
  return onakit::make_graph(n, s, t, {}, true);
}

// Independent check: each community induces a connected subgraph of the
// undirected view (BFS over out- and in-ties).
bool communities_connected(const onakit::graph& g, const std::vector<std::uint32_t>& memb, std::uint32_t k) {
  std::vector<char> seen(g.num_vertices(), 0);
  std::vector<char> done(k, 0);
  for (onakit::vertex_id s = 0; s < g.num_vertices(); ++s) {
    if (seen[s]) continue;
    if (done[memb[s]]) return false;  // a second component of a community
    done[memb[s]] = 1;
    std::vector<onakit::vertex_id> stack{s};
    seen[s] = 1;
    while (!stack.empty()) {
      const auto v = stack.back();
      stack.pop_back();
      for (const auto nbrs : {g.out_neighbors(v), g.in_neighbors(v)})
        for (const auto u : nbrs)
          if (!seen[u] && memb[u] == memb[v]) seen[u] = 1, stack.push_back(u);
    }
  }
  return true;
}

TEST(PartitionQuality, HandComputedDirectedWithSelfTie) {
  // 0->1 (2), 1->0 (1), 1->2 (1), 2->2 (3). Undirected view: 0-1 = 3, 1-2 = 1,
  // self-tie 2-2 = 3 (once). m = 7; strengths k0 = 3, k1 = 4, k2 = 1 + 2*3 = 7.
  const ids s{0, 1, 1, 2}, t{1, 0, 2, 2};
  const std::vector<double> w{2, 1, 1, 3};
  const auto g = onakit::make_graph(3, s, t, w, true);
  const std::vector<std::uint32_t> part{5, 5, 9};  // {0,1}, {2}; ids need not be compact
  // Q = (3 + 3)/7 - [(7/14)^2 + (7/14)^2] = 6/7 - 1/2
  EXPECT_NEAR(onakit::partition_quality(g, part), 6.0 / 7.0 - 0.5, tol);
  // gamma = 2: 6/7 - 2 * 1/2 = -1/7
  EXPECT_NEAR(onakit::partition_quality(g, part, {.resolution = 2.0}), 6.0 / 7.0 - 1.0, tol);
  // CPM, gamma = 0.5: {0,1}: 3 - 0.5 * 1 = 2.5; {2}: 3 - 0 = 3  -> 5.5
  EXPECT_NEAR(onakit::partition_quality(g, part, {.objective = community_objective::cpm, .resolution = 0.5}), 5.5,
              tol);
}

TEST(PartitionQuality, RejectsBadInput) {
  const auto g = two_cliques();
  const std::vector<std::uint32_t> short_part(3, 0);
  EXPECT_THROW((void)onakit::partition_quality(g, short_part), onakit::invalid_option);
  const std::vector<std::uint32_t> part(8, 0);
  EXPECT_THROW((void)onakit::partition_quality(g, part, {.resolution = -1}), onakit::invalid_option);
}

class CommunitiesMethod : public ::testing::TestWithParam<community_method> {};

TEST_P(CommunitiesMethod, TwoCliquesFound) {
  const auto g = two_cliques();
  for (std::uint64_t seed : {0u, 1u, 2u, 3u}) {
    const auto r = onakit::communities(g, {.method = GetParam(), .seed = seed});
    ASSERT_EQ(r.count, 2u);
    // Equal sizes: community 0 is the one holding person 0.
    EXPECT_EQ(r.membership, (std::vector<std::uint32_t>{0, 0, 0, 0, 1, 1, 1, 1}));
    // m = 13; each clique: L = 6, K = 2*6 + 1 = 13. Q = 2 (6/13 - (13/26)^2) = 12/13 - 1/2
    EXPECT_NEAR(r.quality, 12.0 / 13.0 - 0.5, tol);
  }
}

TEST_P(CommunitiesMethod, CpmResolutionExtremes) {
  const auto g = two_cliques();
  // gamma = 0: every tie is worth having: one community holds everybody.
  auto r = onakit::communities(g, {.method = GetParam(), .objective = community_objective::cpm, .resolution = 0.0});
  EXPECT_EQ(r.count, 1u);
  EXPECT_NEAR(r.quality, 13.0, tol);
  // gamma = 1.5 > density 1 of any group: singletons are optimal (H = 0).
  r = onakit::communities(g, {.method = GetParam(), .objective = community_objective::cpm, .resolution = 1.5});
  EXPECT_EQ(r.count, 8u);
  EXPECT_NEAR(r.quality, 0.0, tol);
  // gamma = 0.5: the cliques (6 - 0.5 * 6 each = 6) beat everything together (13 - 0.5 * 28 = -1).
  r = onakit::communities(g, {.method = GetParam(), .objective = community_objective::cpm, .resolution = 0.5});
  EXPECT_EQ(r.count, 2u);
  EXPECT_NEAR(r.quality, 6.0, tol);
}

TEST_P(CommunitiesMethod, NoTiesGivesSingletons) {
  const auto g = onakit::make_graph(5, ids{}, ids{}, {}, false);
  const auto r = onakit::communities(g, {.method = GetParam()});
  EXPECT_EQ(r.count, 5u);
  EXPECT_EQ(r.membership, (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(r.quality, 0.0);
}

TEST_P(CommunitiesMethod, SameForOneAndTwoThreadsAndSeedRepeatable) {
  const auto org = onakit::make_synthetic_org({.people = 1500, .departments = 12, .weeks = 2, .seed = 3});
  const auto g = onakit::build_graph(org.log, undirected()).graph;
  const auto r1 = onakit::communities(g, {.method = GetParam(), .seed = 11, .threads = 1});
  const auto r2 = onakit::communities(g, {.method = GetParam(), .seed = 11, .threads = 2});
  const auto r3 = onakit::communities(g, {.method = GetParam(), .seed = 11, .threads = 2});
  EXPECT_EQ(r1.membership, r2.membership);
  EXPECT_EQ(r1.quality, r2.quality);  // same arithmetic in the same order: bitwise equal
  EXPECT_EQ(r2.membership, r3.membership);
  // The reported quality is the quality of the returned partition.
  EXPECT_NEAR(r1.quality, onakit::partition_quality(g, r1.membership), 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Methods, CommunitiesMethod,
                         ::testing::Values(community_method::leiden, community_method::louvain),
                         [](const auto& param_info) {
                           return std::string(param_info.param == community_method::leiden ? "leiden" : "louvain");
                         });

TEST(Communities, LeidenOnEmailEuCoreIsConnectedAndConsistent) {
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  const auto g = email_eu_core();
  ASSERT_EQ(g.num_vertices(), 1005u);
  for (std::uint64_t seed : {0u, 1u, 2u}) {
    const auto r = onakit::communities(g, {.seed = seed});
    EXPECT_EQ(r.split, 0u);  // the refinement alone kept communities connected
    EXPECT_TRUE(communities_connected(g, r.membership, r.count));
    EXPECT_NEAR(r.quality, onakit::partition_quality(g, r.membership), 1e-12);
    // Ordered by size, descending.
    std::vector<std::size_t> size(r.count, 0);
    for (auto c : r.membership) ++size[c];
    EXPECT_TRUE(std::is_sorted(size.rbegin(), size.rend()));
    // Louvain, on the same graph and seed, does not do better than Leiden by more than noise.
    const auto lv = onakit::communities(g, {.method = community_method::louvain, .seed = seed});
    EXPECT_GE(r.quality, lv.quality - 0.01);
  }
}

TEST(Communities, LeidenParallelPathsSameForOneAndTwoThreads) {
  // Large enough (>= 16,384 people, >= 2^17 adjacency entries) that the
  // batched parallel local move, the parallel refinement, aggregation and
  // split run: the partition must still not depend on the thread count.
  // Under ThreadSanitizer (scripts/test-sanitizers --thread) it is also the
  // regression test of split_disconnected's race on another community's part[].
  const auto org = onakit::make_synthetic_org({.people = 17000, .departments = 30, .weeks = 1, .seed = 5});
  const auto g = onakit::build_graph(org.log, undirected()).graph;
  ASSERT_GE(g.num_arcs(), onakit::detail::community_parallel_min_arcs);
  const auto r1 = onakit::communities(g, {.seed = 4, .threads = 1});
  const auto r2 = onakit::communities(g, {.seed = 4, .threads = 2});
  const auto r3 = onakit::communities(g, {.seed = 4, .threads = 3});
  EXPECT_EQ(r1.membership, r2.membership);
  EXPECT_EQ(r1.membership, r3.membership);
  EXPECT_EQ(r1.quality, r2.quality);
  EXPECT_EQ(r1.split, 0u);
  EXPECT_TRUE(communities_connected(g, r1.membership, r1.count));
  EXPECT_NEAR(r1.quality, onakit::partition_quality(g, r1.membership), 1e-12);
  // Not worse than Louvain (sequential sweeps) on the same graph.
  const auto lv = onakit::communities(g, {.method = community_method::louvain, .seed = 4});
  EXPECT_GE(r1.quality, lv.quality - 1e-3);
}

TEST(Communities, SplitDisconnectedRenumbersByFirstAppearance) {
  // Two 4-cliques and an isolate, all put in community 0; person 8 alone in 1.
  ids s, t;
  for (onakit::vertex_id base : {0u, 4u})
    for (onakit::vertex_id i = 0; i < 4; ++i)
      for (onakit::vertex_id j = i + 1; j < 4; ++j) s.push_back(base + i), t.push_back(base + j);
  const auto g = onakit::make_graph(10, s, t, {}, false);
  const auto cg = onakit::detail::undirected_view(g, 1);
  for (int threads : {1, 2}) {
    std::vector<std::uint32_t> memb{0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
    EXPECT_EQ(onakit::detail::split_disconnected(cg, memb, 2, threads), 4u);
    EXPECT_EQ(memb, (std::vector<std::uint32_t>{0, 0, 0, 0, 1, 1, 1, 1, 2, 3}));
    std::vector<std::uint32_t> connected{0, 0, 0, 0, 1, 1, 1, 1, 2, 3};
    EXPECT_EQ(onakit::detail::split_disconnected(cg, connected, 4, threads), 4u);
    EXPECT_EQ(connected, (std::vector<std::uint32_t>{0, 0, 0, 0, 1, 1, 1, 1, 2, 3}));
  }
}

TEST(Communities, RejectsBadOptions) {
  const auto g = two_cliques();
  EXPECT_THROW((void)onakit::communities(g, {.resolution = -0.1}), onakit::invalid_option);
  EXPECT_THROW((void)onakit::communities(g, {.randomness = 0.0}), onakit::invalid_option);
  EXPECT_THROW((void)onakit::communities(g, {.iterations = 0}), onakit::invalid_option);
}

TEST(Communities, InterruptStops) {
  const auto org = onakit::make_synthetic_org({.people = 3000, .departments = 10, .weeks = 1, .seed = 1});
  const auto g = onakit::build_graph(org.log, undirected()).graph;
  EXPECT_THROW((void)onakit::communities(g, {.interrupt = [] { return true; }}), onakit::interrupted);
}

}  // namespace
