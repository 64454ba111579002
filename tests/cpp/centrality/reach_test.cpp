// k-step reach vs hand-computed values and thread-count invariance.
#include <onakit/centrality/reach.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;

onakit::reach_options with_k(std::uint32_t k, int threads = 0) {
  onakit::reach_options o;
  o.k = k;
  o.threads = threads;
  return o;
}

TEST(Reach, DirectedPathFollowsTies) {
  const auto g = onakit::make_graph(4, ids{0, 1, 2}, ids{1, 2, 3});
  EXPECT_EQ(onakit::reach(g).scores, (std::vector<double>{2, 2, 1, 0}));
  EXPECT_EQ(onakit::reach(g, with_k(1)).scores, (std::vector<double>{1, 1, 1, 0}));
  EXPECT_EQ(onakit::reach(g, with_k(0)).scores, (std::vector<double>{0, 0, 0, 0}));
  EXPECT_EQ(onakit::reach(g, with_k(100)).scores, (std::vector<double>{3, 2, 1, 0}));
}

TEST(Reach, UndirectedStarSelfTieAndIsolate) {
  // Star 0 - {1, 2, 3, 4}, a self-tie on 1, person 5 alone.
  const auto g = onakit::make_graph(6, ids{0, 0, 0, 0, 1}, ids{1, 2, 3, 4, 1}, {}, false);
  EXPECT_EQ(onakit::reach(g, with_k(1)).scores, (std::vector<double>{4, 1, 1, 1, 1, 0}));
  EXPECT_EQ(onakit::reach(g, with_k(2)).scores, (std::vector<double>{4, 4, 4, 4, 4, 0}));
}

TEST(Reach, LongCycleCrossesBatches) {
  // Directed cycle of 200: everyone reaches exactly min(k, n - 1) others.
  const onakit::vertex_id n = 200;
  ids s, t;
  for (onakit::vertex_id i = 0; i < n; ++i) { s.push_back(i); t.push_back((i + 1) % n); }
  const auto g = onakit::make_graph(n, s, t);
  for (const std::uint32_t k : {1u, 7u, 199u, 500u})
    EXPECT_EQ(onakit::reach(g, with_k(k)).scores, std::vector<double>(n, std::min<double>(k, n - 1))) << k;
}

TEST(Reach, SameForOneAndTwoThreads) {
  onakit::detail::xoshiro256ss rng(4);
  ids s, t;
  for (int i = 0; i < 3000; ++i) { s.push_back(rng.uniform_below32(800)); t.push_back(rng.uniform_below32(800)); }
  const auto g = onakit::make_graph(800, s, t);
  EXPECT_EQ(onakit::reach(g, with_k(3, 1)).scores, onakit::reach(g, with_k(3, 2)).scores);
}

TEST(Reach, InterruptStopsTheRun) {
  const auto g = onakit::make_graph(4, ids{0, 1, 2}, ids{1, 2, 3});
  auto o = with_k(2);
  o.interrupt = [] { return true; };
  EXPECT_THROW((void)onakit::reach(g, o), onakit::interrupted);
}

}  // namespace
