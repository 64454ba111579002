#include <onakit/centrality/clustering.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
constexpr double tol = 1e-12;

TEST(Clustering, UndirectedTriangleWithTail) {
  // Triangle 0-1-2 and a tail 2-3, plus a self-tie 0-0 that must be ignored.
  const ids s{0, 1, 0, 2, 0}, t{1, 2, 2, 3, 0};
  const auto g = onakit::make_graph(4, s, t, {}, false);
  const auto c = onakit::clustering(g).scores;
  EXPECT_NEAR(c[0], 1.0, tol);
  EXPECT_NEAR(c[1], 1.0, tol);
  EXPECT_NEAR(c[2], 1.0 / 3.0, tol);  // 1 triangle among 3 possible pairs
  EXPECT_NEAR(c[3], 0.0, tol);
}

TEST(Clustering, WeightedIsGeometricMeanOverMaxWeight) {
  // Triangle weights 1, 2, 4 and tail 2-3 of weight 8 (= max).
  const ids s{0, 1, 0, 2}, t{1, 2, 2, 3};
  const std::vector<double> w{1, 2, 4, 8};
  const auto g = onakit::make_graph(4, s, t, w, false);
  const auto c = onakit::clustering(g, {.weighted = true}).scores;
  // The triangle's intensity: cbrt(1 * 2 * 4 / 8^3) = cbrt(1/64) = 1/4. Person 0 has
  // one possible pair and it closes: 1/4; person 2 has three pairs: 2 * (1/4) / (3 * 2).
  EXPECT_NEAR(c[0], 0.25, tol);
  EXPECT_NEAR(c[2], 1.0 / 12, tol);
  EXPECT_NEAR(c[3], 0.0, tol);
}

TEST(Clustering, DirectedFagiolo) {
  // 0->1, 1->2, 2->0, 0->2. For 0: S = A + A^T has S01 = 1, S02 = 2, S12 = 1;
  // (S^3)_00 = S01 S12 S20 + S02 S21 S10 = 2 + 2 = 4; d_tot = 3, d_<-> = 1:
  // c_0 = 4 / (2 (3*2 - 2)) = 1/2.
  const ids s{0, 1, 2, 0}, t{1, 2, 0, 2};
  const auto g = onakit::make_graph(3, s, t);
  const auto c = onakit::clustering(g).scores;
  EXPECT_NEAR(c[0], 0.5, tol);
  // For 1: S10 = 1, S12 = 1, S02 = 2: (S^3)_11 = 2*(1*2*1) = 4; d_tot = 2, d_<-> = 0:
  // c_1 = 4 / (2 * 2) = 1.
  EXPECT_NEAR(c[1], 1.0, tol);
}

onakit::graph pseudo_random_graph(bool directed) {
  ids s, t;
  std::vector<double> w;
  std::uint64_t x = 12345;
  for (int i = 0; i < 3000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    s.push_back(static_cast<onakit::vertex_id>((x >> 33) % 300));
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    t.push_back(static_cast<onakit::vertex_id>((x >> 33) % 300));
    w.push_back(1.0 + static_cast<double>((x >> 20) % 7));
  }
  return onakit::make_graph(300, s, t, w, directed);
}

TEST(Clustering, SameResultForOneAndTwoThreads) {
  for (const bool directed : {false, true})
    for (const bool weighted : {false, true}) {
      const auto g = pseudo_random_graph(directed);
      const auto a = onakit::clustering(g, {.weighted = weighted, .threads = 1}).scores;
      const auto b = onakit::clustering(g, {.weighted = weighted, .threads = 2}).scores;
      EXPECT_EQ(a, b);
    }
}

// Issue 10: threads=40000 made libgomp exit the process. Now the allowed
// maximum is capped to the cores and the people; beyond it is an error.
TEST(Clustering, HugeThreadCountsAreCappedOrRefused) {
  const auto g = pseudo_random_graph(false);
  const auto one = onakit::clustering(g, {.threads = 1}).scores;
  EXPECT_EQ(onakit::clustering(g, {.threads = onakit::max_threads}).scores, one);
  const auto tiny = onakit::make_graph(3, ids{0, 1, 2}, ids{1, 2, 0}, {}, false);
  EXPECT_EQ(onakit::clustering(tiny, {.threads = onakit::max_threads}).scores,
            onakit::clustering(tiny, {.threads = 1}).scores);
  EXPECT_THROW((void)onakit::clustering(g, {.threads = 40000}), onakit::invalid_option);
  EXPECT_THROW((void)onakit::clustering(g, {.threads = -1}), onakit::invalid_option);
}

TEST(Clustering, InterruptStops) {
  const auto g = pseudo_random_graph(true);
  EXPECT_THROW((void)onakit::clustering(g, {.interrupt = [] { return true; }}), onakit::interrupted);
}

}  // namespace
