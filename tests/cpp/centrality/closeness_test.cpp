// Closeness and harmonic centrality vs hand-computed values (networkx
// conventions: incoming distance), weighted vs unweighted cross-checks and
// thread-count invariance.
#include <onakit/centrality/closeness.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
constexpr double tol = 1e-12;  // relative (sums of up to n terms in different orders)

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol * std::max(1.0, std::abs(want[i]))) << "person " << i;
}

onakit::graph random_graph(std::size_t n, std::size_t m, bool directed, std::uint64_t seed, bool unit = false) {
  onakit::detail::xoshiro256ss rng(seed);
  ids s, t;
  std::vector<double> w;
  for (std::size_t i = 0; i < m; ++i) {
    s.push_back(rng.uniform_below32(static_cast<std::uint32_t>(n)));
    t.push_back(rng.uniform_below32(static_cast<std::uint32_t>(n)));
    w.push_back(unit ? 1.0 : 1.0 + static_cast<double>(rng.uniform_below(4)));
  }
  auto g = onakit::make_graph(n, s, t, w, directed);
  if (unit) {  // make_graph sums repeated ties; rebuild with weight 1 each
    ids s2, t2;
    for (onakit::vertex_id u = 0; u < g.num_vertices(); ++u)
      for (const auto v : g.out_neighbors(u))
        if (directed || u <= v) { s2.push_back(u); t2.push_back(v); }
    g = onakit::make_graph(n, s2, t2, {}, directed);
  }
  return g;
}

TEST(Closeness, UndirectedPath) {
  const auto g = onakit::make_graph(3, ids{0, 1}, ids{1, 2}, {}, false);
  expect_near_all(onakit::closeness(g).scores, {2.0 / 3, 1, 2.0 / 3});
  expect_near_all(onakit::harmonic(g).scores, {1.5, 2, 1.5});
}

TEST(Closeness, DirectedUsesIncomingDistance) {
  // 0 -> 1 -> 2: nobody reaches 0; 1 is reached by 0 (d 1); 2 by 1 (d 1) and 0 (d 2).
  const auto g = onakit::make_graph(3, ids{0, 1}, ids{1, 2});
  expect_near_all(onakit::closeness(g).scores, {0, 0.5, 2.0 / 3});
  onakit::closeness_options raw;
  raw.wf_improved = false;
  expect_near_all(onakit::closeness(g, raw).scores, {0, 1, 2.0 / 3});
  expect_near_all(onakit::harmonic(g).scores, {0, 1, 1.5});
}

TEST(Closeness, IsolatedSelfTiesAndComponents) {
  // 0-1 and 2-3-4 undirected, 5 alone with a self-tie; n = 6.
  const auto g = onakit::make_graph(6, ids{0, 2, 3, 5}, ids{1, 3, 4, 5}, {}, false);
  // 0: one person at distance 1 -> (1/1) * (1/5); 3: two at 1 -> 1 * 2/5; 2: d 1 + 2 -> (2/3)(2/5).
  expect_near_all(onakit::closeness(g).scores, {0.2, 0.2, 4.0 / 15, 0.4, 4.0 / 15, 0});
  expect_near_all(onakit::harmonic(g).scores, {1, 1, 1.5, 2, 1.5, 0});
  onakit::closeness_options w;
  w.weighted = true;
  expect_near_all(onakit::closeness(g, w).scores, {0.2, 0.2, 4.0 / 15, 0.4, 4.0 / 15, 0});
}

TEST(Closeness, WeightedUsesInverseWeight) {
  // 0 -w2- 1 -w4- 2: lengths 0.5 and 0.25.
  const auto g = onakit::make_graph(3, ids{0, 1}, ids{1, 2}, std::vector<double>{2, 4}, false);
  onakit::closeness_options c;
  c.weighted = true;
  expect_near_all(onakit::closeness(g, c).scores, {2 / 1.25, 2 / 0.75, 2 / 1.0});
  onakit::harmonic_options h;
  h.weighted = true;
  expect_near_all(onakit::harmonic(g, h).scores, {2 + 1 / 0.75, 6, 4 + 1 / 0.75});
}

TEST(Closeness, ZeroWeightTieIsAbsentForWeightedPaths) {
  const auto g = onakit::make_graph(3, ids{0, 1}, ids{1, 2}, std::vector<double>{1, 0});
  onakit::harmonic_options h;
  expect_near_all(onakit::harmonic(g, h).scores, {0, 1, 1.5});
  h.weighted = true;
  expect_near_all(onakit::harmonic(g, h).scores, {0, 1, 0});
}

TEST(Closeness, LongPathCrossesSeveralBatches) {
  // Undirected path of 150 (three 64-source batches): sum of distances to u
  // is u(u+1)/2 + (n-1-u)(n-u)/2; harmonic is H(u) + H(n-1-u).
  const onakit::vertex_id n = 150;
  ids s, t;
  for (onakit::vertex_id i = 0; i + 1 < n; ++i) { s.push_back(i); t.push_back(i + 1); }
  const auto g = onakit::make_graph(n, s, t, {}, false);
  std::vector<double> c(n), h(n);
  for (onakit::vertex_id u = 0; u < n; ++u) {
    const double a = u, b = n - 1 - u;
    c[u] = (n - 1.0) / (a * (a + 1) / 2 + b * (b + 1) / 2);
    double hu = 0;
    for (onakit::vertex_id d = 1; d <= u; ++d) hu += 1.0 / d;
    for (onakit::vertex_id d = 1; d <= n - 1 - u; ++d) hu += 1.0 / d;
    h[u] = hu;
  }
  expect_near_all(onakit::closeness(g).scores, c);
  expect_near_all(onakit::harmonic(g).scores, h);
}

TEST(Closeness, BitParallelBfsAgreesWithDijkstraOnUnitWeights) {
  for (const bool directed : {true, false}) {
    const auto g = random_graph(500, 1500, directed, 9, true);
    onakit::closeness_options c;
    const auto bfs = onakit::closeness(g, c).scores;
    c.weighted = true;
    expect_near_all(onakit::closeness(g, c).scores, bfs);
    onakit::harmonic_options h;
    const auto hb = onakit::harmonic(g, h).scores;
    h.weighted = true;
    expect_near_all(onakit::harmonic(g, h).scores, hb);
  }
}

TEST(Closeness, BitIdenticalForOneAndTwoThreads) {
  for (const bool directed : {true, false})
    for (const bool weighted : {false, true}) {
      const auto g = random_graph(900, 2700, directed, 17);
      onakit::closeness_options c;
      c.weighted = weighted;
      onakit::harmonic_options h;
      h.weighted = weighted;
      c.threads = h.threads = 1;
      const auto c1 = onakit::closeness(g, c).scores;
      const auto h1 = onakit::harmonic(g, h).scores;
      c.threads = h.threads = 2;
      EXPECT_EQ(c1, onakit::closeness(g, c).scores);
      EXPECT_EQ(h1, onakit::harmonic(g, h).scores);
    }
}

TEST(Closeness, InterruptStopsTheRun) {
  const auto g = random_graph(300, 900, true, 3);
  onakit::closeness_options c;
  c.interrupt = [] { return true; };
  EXPECT_THROW((void)onakit::closeness(g, c), onakit::interrupted);
  c.weighted = true;
  EXPECT_THROW((void)onakit::closeness(g, c), onakit::interrupted);
  onakit::harmonic_options h;
  int calls = 0;
  h.threads = 1;
  h.interrupt = [&calls] { return ++calls > 2; };  // two polls at entry, then between BFS batches
  EXPECT_THROW((void)onakit::harmonic(g, h), onakit::interrupted);
  EXPECT_EQ(calls, 3);
}

}  // namespace
