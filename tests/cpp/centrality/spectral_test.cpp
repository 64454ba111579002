// PageRank, eigenvector, Katz and HITS on small graphs whose fixed points
// are solved by hand (each expected value's derivation is in a comment).
// Runs use a tight tol (1e-14 per person) so the iterate is within ~1e-13
// of the fixed point; EXPECT_NEAR uses 1e-10.
#include <onakit/centrality/spectral.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace {

using onakit::vertex_id;
constexpr double eps = 1e-10;

onakit::graph make(std::size_t n, std::vector<vertex_id> s, std::vector<vertex_id> t, std::vector<double> w = {},
                   bool directed = true) {
  return onakit::make_graph(n, s, t, w, directed);
}

void expect_near(const std::vector<double>& got, const std::vector<double>& want, double tol = eps) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "person " << i;
}

onakit::centrality_result pr(const onakit::graph& g, onakit::pagerank_options o = {}) {
  o.tol = 1e-14;
  o.max_iter = 1000;
  auto r = onakit::pagerank(g, o);
  EXPECT_TRUE(r.converged);
  return r;
}

// A seeded random directed weighted graph of 5000 people (three reduction
// blocks) with dangling people and self-ties, for thread-invariance checks.
onakit::graph random_graph(bool directed) {
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  };
  const std::size_t n = 5000;
  std::vector<vertex_id> s, t;
  std::vector<double> w;
  for (std::size_t k = 0; k < 40000; ++k) {
    const vertex_id u = next() % 4000;  // people 4000.. send nothing: dangling
    s.push_back(u);
    t.push_back(next() % 5000);
    w.push_back(1.0 + next() % 7);
  }
  return onakit::make_graph(n, s, t, w, directed);
}

// ---- PageRank ---------------------------------------------------------------

TEST(PageRank, CycleIsUniform) {
  const auto g = make(3, {0, 1, 2}, {1, 2, 0});
  const auto r = pr(g);
  expect_near(r.scores, {1.0 / 3, 1.0 / 3, 1.0 / 3});
  EXPECT_EQ(r.iterations, 1u);  // x = 1/n is already the fixed point
}

TEST(PageRank, DanglingSpreadsUniformly) {
  // 0 -> 1, 1 dangling. x0 = .85 * x1/2 + .075 and x0 + x1 = 1
  // => 1.425 x0 = .5.
  const auto r = pr(make(2, {0}, {1}));
  const double x0 = 0.5 / 1.425;
  expect_near(r.scores, {x0, 1 - x0});
}

TEST(PageRank, UndirectedStar) {
  // Centre c, 3 leaves l: l = .85 c/3 + .0375, c + 3l = 1 => c = .8875 / 1.85.
  const auto r = pr(make(4, {0, 0, 0}, {1, 2, 3}, {}, false));
  const double c = 0.8875 / 1.85, l = (1 - c) / 3;
  expect_near(r.scores, {c, l, l, l});
}

TEST(PageRank, WeightsSplitOutflow) {
  // 0->1 (3), 0->2 (1), 1->0, 2->0: x0 = .85 (x1 + x2) + .05 = .85 (1 - x0) + .05
  // => x0 = .9 / 1.85; x1 = .85 * 3/4 x0 + .05; x2 = .85 * 1/4 x0 + .05.
  const auto g = make(3, {0, 0, 1, 2}, {1, 2, 0, 0}, {3, 1, 1, 1});
  const double x0 = 0.9 / 1.85;
  expect_near(pr(g).scores, {x0, 0.6375 * x0 + 0.05, 0.2125 * x0 + 0.05});
  // Unweighted: 0 splits evenly, x1 = x2 = (1 - x0)/2 with the same x0.
  onakit::pagerank_options o;
  o.weighted = false;
  expect_near(pr(g, o).scores, {x0, (1 - x0) / 2, (1 - x0) / 2});
}

TEST(PageRank, DisconnectedWithIsolate) {
  // 3-cycle + isolated (dangling) 3: b = .85 b/4 + .0375 => b = 1/21;
  // the cycle shares the rest equally.
  const auto r = pr(make(4, {0, 1, 2}, {1, 2, 0}));
  expect_near(r.scores, {20.0 / 63, 20.0 / 63, 20.0 / 63, 1.0 / 21});
}

TEST(PageRank, SelfTieCountsInOutStrength) {
  // 0->0, 0->1, 1->0: x0 = .85 (x0/2 + x1) + .075, x1 = .85 x0/2 + .075
  // with x1 = 1 - x0 => 1.425 x0 = .925.
  const auto r = pr(make(2, {0, 0, 1}, {0, 1, 0}));
  const double x0 = 0.925 / 1.425;
  expect_near(r.scores, {x0, 1 - x0});
}

TEST(PageRank, Personalization) {
  // 3-cycle, teleport only to 0: x1 = .85 x0, x2 = .85 x1, x0 = .85 x2 + .15.
  onakit::pagerank_options o;
  o.personalization = {2, 0, 0};  // normalised to (1, 0, 0)
  const auto r = pr(make(3, {0, 1, 2}, {1, 2, 0}), o);
  const double x0 = 0.15 / (1 - 0.85 * 0.85 * 0.85);
  expect_near(r.scores, {x0, 0.85 * x0, 0.85 * 0.85 * x0});
}

TEST(PageRank, DanglingVector) {
  // 0 -> 1, 1 dangling and sends its score to 0 only:
  // x0 = .85 x1 + .075, x0 + x1 = 1 => 1.85 x0 = .925.
  onakit::pagerank_options o;
  o.dangling = {1, 0};
  const auto r = pr(make(2, {0}, {1}), o);
  expect_near(r.scores, {0.5, 0.5});
}

TEST(PageRank, StopsAtMaxIterWithoutConverging) {
  onakit::pagerank_options o;
  o.max_iter = 2;
  o.tol = 1e-15;
  const auto r = onakit::pagerank(make(2, {0}, {1}), o);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 2u);
  EXPECT_GT(r.residual, 0.0);
}

TEST(PageRank, RejectsBadOptions) {
  const auto g = make(2, {0}, {1});
  onakit::pagerank_options o;
  o.alpha = 1.5;
  EXPECT_THROW((void)onakit::pagerank(g, o), onakit::invalid_option);
  o = {};
  o.personalization = {1, 2, 3};
  EXPECT_THROW((void)onakit::pagerank(g, o), onakit::invalid_option);
  o.personalization = {0, 0};
  EXPECT_THROW((void)onakit::pagerank(g, o), onakit::invalid_option);
  o = {};
  o.tol = 0;
  EXPECT_THROW((void)onakit::pagerank(g, o), onakit::invalid_option);
}

TEST(PageRank, Interruptible) {
  onakit::pagerank_options o;
  o.interrupt = [] { return true; };
  EXPECT_THROW((void)onakit::pagerank(make(2, {0}, {1}), o), onakit::interrupted);
}

TEST(PageRank, EmptyGraph) {
  const onakit::graph g;
  EXPECT_TRUE(onakit::pagerank(g).scores.empty());
}

// ---- eigenvector ----------------------------------------------------------------

onakit::centrality_result ev(const onakit::graph& g, onakit::eigenvector_options o = {}) {
  o.tol = 1e-14;
  o.max_iter = 1000;
  auto r = onakit::eigenvector(g, o);
  EXPECT_TRUE(r.converged);
  return r;
}

TEST(Eigenvector, TriangleAndDirectedCycle) {
  const double s = 1 / std::sqrt(3.0);
  expect_near(ev(make(3, {0, 1, 2}, {1, 2, 0}, {}, false)).scores, {s, s, s});
  expect_near(ev(make(3, {0, 1, 2}, {1, 2, 0})).scores, {s, s, s});
}

TEST(Eigenvector, Star) {
  // lambda = sqrt(3): leaves = c / sqrt(3); c^2 + 3 c^2/3 = 1 => c = 1/sqrt(2).
  const auto r = ev(make(4, {0, 0, 0}, {1, 2, 3}, {}, false));
  const double l = 1 / std::sqrt(6.0);
  expect_near(r.scores, {1 / std::sqrt(2.0), l, l, l});
}

TEST(Eigenvector, WeightsScaleTheLeadingVector) {
  // Path 0 -(1)- 1 -(3)- 2: A = [[0,1,0],[1,0,3],[0,3,0]], lambda = sqrt(10),
  // x ~ (1, sqrt(10), 3); unweighted: lambda = sqrt(2), x ~ (1, sqrt(2), 1).
  const auto g = make(3, {0, 1}, {1, 2}, {1, 3}, false);
  const double r10 = std::sqrt(10.0), nw = std::sqrt(1 + 10 + 9.0);
  expect_near(ev(g).scores, {1 / nw, r10 / nw, 3 / nw});
  onakit::eigenvector_options o;
  o.weighted = false;
  expect_near(ev(g, o).scores, {0.5, std::sqrt(0.5), 0.5});
}

// ---- Katz ---------------------------------------------------------------------

onakit::centrality_result kz(const onakit::graph& g, onakit::katz_options o) {
  o.tol = 1e-15;
  auto r = onakit::katz(g, o);
  EXPECT_TRUE(r.converged);
  return r;
}

TEST(Katz, StarUnnormalised) {
  // c = .1 * 3 l + 1, l = .1 c + 1 => c = 1.3 / .97.
  onakit::katz_options o;
  o.normalized = false;
  const double c = 1.3 / 0.97, l = 0.1 * c + 1;
  expect_near(kz(make(4, {0, 0, 0}, {1, 2, 3}, {}, false), o).scores, {c, l, l, l});
  // Normalised: the same direction at unit length.
  o.normalized = true;
  const double norm = std::sqrt(c * c + 3 * l * l);
  expect_near(kz(make(4, {0, 0, 0}, {1, 2, 3}, {}, false), o).scores, {c / norm, l / norm, l / norm, l / norm});
}

TEST(Katz, DirectedWeightedFlowsAlongTies) {
  // 0 -> 1 with weight 2, alpha .1, beta 1: x0 = 1, x1 = .1 * 2 * 1 + 1.
  onakit::katz_options o;
  o.normalized = false;
  expect_near(kz(make(2, {0}, {1}, {2}), o).scores, {1.0, 1.2});
  o.weighted = false;
  o.beta = 2;
  expect_near(kz(make(2, {0}, {1}, {2}), o).scores, {2.0, 2.2});
}

// ---- HITS ---------------------------------------------------------------------

TEST(Hits, OutStar) {
  onakit::hits_options o;
  o.tol = 1e-14;
  const auto r = onakit::hits(make(4, {0, 0, 0}, {1, 2, 3}), o);
  EXPECT_TRUE(r.converged);
  expect_near(r.hubs, {1, 0, 0, 0});
  expect_near(r.authorities, {0, 1.0 / 3, 1.0 / 3, 1.0 / 3});
}

TEST(Hits, GoldenRatio) {
  // 0->2, 1->2, 1->3: A^T A on {2,3} = [[2,1],[1,1]], leading eigenvector
  // (1, phi - 1): authorities (1/phi, 1 - 1/phi); hubs A a ~ (1, phi):
  // (1/(1+phi), phi/(1+phi)).
  onakit::hits_options o;
  o.tol = 1e-14;
  const auto r = onakit::hits(make(4, {0, 1, 1}, {2, 2, 3}), o);
  const double phi = (1 + std::sqrt(5.0)) / 2;
  EXPECT_TRUE(r.converged);
  expect_near(r.authorities, {0, 0, 1 / phi, 1 - 1 / phi});
  expect_near(r.hubs, {1 / (1 + phi), phi / (1 + phi), 0, 0});
}

TEST(Hits, NoTiesScoresZero) {
  const auto r = onakit::hits(make(3, {}, {}));
  expect_near(r.hubs, {0, 0, 0});
  expect_near(r.authorities, {0, 0, 0});
}

// ---- determinism --------------------------------------------------------------

TEST(Spectral, ThreadCountDoesNotChangeResults) {
  for (const bool directed : {true, false}) {
    const auto g = random_graph(directed);
    onakit::pagerank_options p1, p2;
    p1.tol = p2.tol = 1e-12;
    p1.threads = 1;
    p2.threads = 2;
    const auto a = onakit::pagerank(g, p1), b = onakit::pagerank(g, p2);
    EXPECT_EQ(a.scores, b.scores);  // bitwise: fixed reduction order
    EXPECT_EQ(a.iterations, b.iterations);
    EXPECT_GT(a.iterations, 5u);

    onakit::eigenvector_options e1, e2;
    e1.threads = 1;
    e2.threads = 2;
    EXPECT_EQ(onakit::eigenvector(g, e1).scores, onakit::eigenvector(g, e2).scores);

    onakit::katz_options k1, k2;
    k1.alpha = k2.alpha = 0.001;
    k1.threads = 1;
    k2.threads = 2;
    EXPECT_EQ(onakit::katz(g, k1).scores, onakit::katz(g, k2).scores);

    onakit::hits_options h1, h2;
    h1.threads = 1;
    h2.threads = 2;
    const auto x = onakit::hits(g, h1), y = onakit::hits(g, h2);
    EXPECT_EQ(x.hubs, y.hubs);
    EXPECT_EQ(x.authorities, y.authorities);
  }
}

TEST(Spectral, PageRankSumsToOneOnRandomGraph) {
  onakit::pagerank_options o;
  o.tol = 1e-12;
  const auto r = onakit::pagerank(random_graph(true), o);
  EXPECT_TRUE(r.converged);
  double s = 0;
  for (const double x : r.scores) s += x;
  EXPECT_NEAR(s, 1.0, 1e-9);
}

}  // namespace
