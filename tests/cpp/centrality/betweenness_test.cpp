// Betweenness vs hand-computed values (networkx conventions), vs Boost.Graph's
// brandes_betweenness_centrality on real data sets, thread-count invariance,
// interruption and the sampling approximation.
#include <onakit/centrality/betweenness.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/graph/bgl.hpp>
#include <onakit/graph/builder.hpp>

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/property_map/property_map.hpp>
#include <gtest/gtest.h>

#include "leafy_graph.hpp"
#include "test_data.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
constexpr double tol = 1e-12;

onakit::graph undirected(std::size_t n, const ids& s, const ids& t, const std::vector<double>& w = {}) {
  return onakit::make_graph(n, s, t, w, false);
}

// A seeded random graph with some weight structure (and a few self-ties).
onakit::graph random_graph(std::size_t n, std::size_t m, bool directed, std::uint64_t seed) {
  onakit::detail::xoshiro256ss rng(seed);
  ids s, t;
  std::vector<double> w;
  for (std::size_t i = 0; i < m; ++i) {
    s.push_back(rng.uniform_below32(static_cast<std::uint32_t>(n)));
    t.push_back(rng.uniform_below32(static_cast<std::uint32_t>(n)));
    w.push_back(1.0 + static_cast<double>(rng.uniform_below(4)));
  }
  return onakit::make_graph(n, s, t, w, directed);
}

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "person " << i;
}

TEST(Betweenness, UndirectedPath) {
  // 0-1-2-3-4: unordered pairs through 1: 3, through 2: 4; normalised 2/((n-1)(n-2)) = 1/6.
  const auto g = undirected(5, {0, 1, 2, 3}, {1, 2, 3, 4});
  expect_near_all(onakit::betweenness(g).scores, {0, 0.5, 4.0 / 6, 0.5, 0});
  onakit::betweenness_options raw;
  raw.normalized = false;
  expect_near_all(onakit::betweenness(g, raw).scores, {0, 3, 4, 3, 0});
}

TEST(Betweenness, StarCentreBrokersEveryPair) {
  const auto g = undirected(5, {0, 0, 0, 0}, {1, 2, 3, 4});
  expect_near_all(onakit::betweenness(g).scores, {1, 0, 0, 0, 0});
}

TEST(Betweenness, DirectedPathFollowsDirection) {
  const auto g = onakit::make_graph(4, ids{0, 1, 2}, ids{1, 2, 3});
  onakit::betweenness_options raw;
  raw.normalized = false;
  expect_near_all(onakit::betweenness(g, raw).scores, {0, 2, 2, 0});
  expect_near_all(onakit::betweenness(g).scores, {0, 2.0 / 6, 2.0 / 6, 0});
}

TEST(Betweenness, DisconnectedIsolatedAndSelfTies) {
  // Two paths 0-1-2 and 3-4-5, person 6 alone: n = 7, normalised by 2/(6*5).
  const auto g = undirected(7, {0, 1, 3, 4}, {1, 2, 4, 5});
  const std::vector<double> want{0, 1.0 / 15, 0, 0, 1.0 / 15, 0, 0};
  expect_near_all(onakit::betweenness(g).scores, want);
  const auto looped = undirected(7, {0, 1, 3, 4, 1, 6}, {1, 2, 4, 5, 1, 6});
  expect_near_all(onakit::betweenness(looped).scores, want);
  onakit::betweenness_options w;
  w.weighted = true;
  expect_near_all(onakit::betweenness(looped, w).scores, want);
}

TEST(Betweenness, WeightedUsesInverseWeightAndSplitsExactTies) {
  // Square 0-1-2-3-0 with lengths 1, 1, 0.5, 0.5: 0..2 goes via 3 (1 < 2);
  // 1..3 has two paths of length 1.5 (via 0 and via 2), half each.
  const auto g = undirected(4, {0, 1, 2, 3}, {1, 2, 3, 0}, {1, 1, 2, 2});
  onakit::betweenness_options o;
  o.weighted = true;
  o.normalized = false;
  expect_near_all(onakit::betweenness(g, o).scores, {0.5, 0, 0.5, 1});
  o.weighted = false;  // hop counts: both pairs split evenly
  expect_near_all(onakit::betweenness(g, o).scores, {0.5, 0.5, 0.5, 0.5});
}

TEST(Betweenness, ZeroWeightTieIsAbsentForWeightedPaths) {
  const auto g = undirected(3, {0, 1, 0}, {1, 2, 2}, {1, 1, 0});
  ASSERT_EQ(g.num_edges(), 3u);
  onakit::betweenness_options o;
  o.normalized = false;
  expect_near_all(onakit::betweenness(g, o).scores, {0, 0, 0});
  o.weighted = true;
  expect_near_all(onakit::betweenness(g, o).scores, {0, 1, 0});
}

TEST(Betweenness, EndpointsAsNetworkx) {
  // Path 0-1-2; by hand from networkx's _accumulate_endpoints: raw {4, 6, 4}, scale 1/(n(n-1)).
  const auto g = undirected(3, {0, 1}, {1, 2});
  onakit::betweenness_options o;
  o.endpoints = true;
  expect_near_all(onakit::betweenness(g, o).scores, {4.0 / 6, 1, 4.0 / 6});
  o.normalized = false;
  expect_near_all(onakit::betweenness(g, o).scores, {2, 3, 2});
}

TEST(Betweenness, TinyGraphs) {
  EXPECT_TRUE(onakit::betweenness(onakit::graph{}).scores.empty());
  const auto two = undirected(2, {0}, {1});
  expect_near_all(onakit::betweenness(two).scores, {0, 0});
}

TEST(Betweenness, BitIdenticalForOneAndTwoThreads) {
  for (const bool directed : {true, false})
    for (const bool weighted : {false, true})
      for (const bool endpoints : {false, true}) {
        const auto g = random_graph(700, 2500, directed, 11);
        onakit::betweenness_options o;
        o.weighted = weighted;
        o.endpoints = endpoints;
        o.threads = 1;
        const auto one = onakit::betweenness(g, o).scores;
        o.threads = 2;
        const auto two = onakit::betweenness(g, o).scores;
        EXPECT_EQ(one, two) << "directed=" << directed << " weighted=" << weighted << " endpoints=" << endpoints;
        o.threads = 3;
        EXPECT_EQ(one, onakit::betweenness(g, o).scores);
      }
}

TEST(Betweenness, InterruptStopsTheRun) {
  const auto g = random_graph(300, 900, true, 3);
  onakit::betweenness_options o;
  o.interrupt = [] { return true; };
  EXPECT_THROW((void)onakit::betweenness(g, o), onakit::interrupted);
  o.approximate = true;
  EXPECT_THROW((void)onakit::betweenness(g, o), onakit::interrupted);
  int calls = 0;
  o.approximate = false;
  o.threads = 1;
  o.interrupt = [&calls] { ++calls; return calls > 5; };  // stops mid-run, from inside the source loop
  EXPECT_THROW((void)onakit::betweenness(g, o), onakit::interrupted);
  EXPECT_EQ(calls, 6);
}

// Progress rides on the interrupt poll: the check reads where the source
// loop is (done of total = the sources searched: the people not folded as
// leaves, leaf_folding.hpp), and the position only moves forward.
TEST(Betweenness, PollReportsTheSourcePosition) {
  const auto g = random_graph(300, 900, true, 3);
  onakit::betweenness_options o;
  o.threads = 1;
  std::vector<onakit::work_position> seen;
  o.interrupt = [&seen] {
    seen.push_back(onakit::poll_position());
    return false;
  };
  onakit::reset_position();
  (void)onakit::betweenness(g, o);
  ASSERT_GT(seen.size(), 10u);  // one poll every 4 sources
  const std::uint64_t searched = 300 - onakit::detail::fold_leaves(g).folded;
  EXPECT_LT(searched, 300u);  // this graph has leaves
  for (std::size_t i = 1; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].total, searched);
    EXPECT_GT(seen[i].done, seen[i - 1].done);
  }
  EXPECT_GE(seen.back().done + 10, searched);
}

TEST(Betweenness, ApproximateWithinEpsilonAndRepeatable) {
  for (const bool weighted : {false, true}) {
    // Big enough that the sample (~1500 pairs) stays below n: no exact fallback.
    const auto g = random_graph(4000, 12000, true, 5);
    onakit::betweenness_options o;
    o.weighted = weighted;
    const auto exact = onakit::betweenness(g, o).scores;
    o.approximate = true;
    o.epsilon = 0.05;
    o.seed = 42;
    o.threads = 1;
    const auto a = onakit::betweenness(g, o);
    EXPECT_GT(a.samples, 0u);
    EXPECT_LT(a.samples, g.num_vertices());
    EXPECT_FALSE(a.exact);
    for (std::size_t v = 0; v < exact.size(); ++v) EXPECT_NEAR(a.scores[v], exact[v], o.epsilon) << v;
    o.threads = 2;
    EXPECT_EQ(onakit::betweenness(g, o).scores, a.scores);
    o.seed = 43;
    EXPECT_NE(onakit::betweenness(g, o).scores, a.scores);
  }
}

TEST(Betweenness, ApproximateSampleSizeFromVertexDiameter) {
  // Undirected path of 10: vertex diameter 10, floor(log2(8)) + 1 = 4.
  ids s, t;
  for (onakit::vertex_id i = 0; i + 1 < 10; ++i) { s.push_back(i); t.push_back(i + 1); }
  const auto g = undirected(10, s, t);
  onakit::betweenness_options o;
  o.approximate = true;
  o.epsilon = 0.1;
  o.delta = 0.1;
  const auto r = onakit::betweenness(g, o);
  EXPECT_EQ(r.vertex_diameter, 10u);
  // By hand: eps' = 0.1 * 8/10 = 0.08, 0.5 / 0.08^2 = 78.125; floor(log2(10 - 2)) + 1 = 4,
  // ln(1 / 0.1) = 2.302585: 78.125 * 6.302585 = 492.39, rounded up.
  EXPECT_EQ(onakit::detail::rk_sample_size(10, 0.08, 0.1), 493u);
  // 493 samples cost more than the 10 exact searches: exact scores instead.
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.samples, 0u);
  // Saturates instead of overflowing for an absurdly small epsilon.
  EXPECT_EQ(onakit::detail::rk_sample_size(10, 1e-200, 0.1), std::numeric_limits<std::uint64_t>::max());
}

// Regression (issue 10): epsilon = 1e-6 on 300 people asked for ~2.7e12
// samples and hung, ignoring Ctrl-C. The sample would cost more than exact
// Brandes, so the exact scores come back at once, flagged as exact.
TEST(Betweenness, TinyEpsilonFallsBackToExact) {
  for (const bool weighted : {false, true}) {
    const auto g = random_graph(300, 900, true, 7);
    onakit::betweenness_options o;
    o.weighted = weighted;
    const auto exact = onakit::betweenness(g, o);
    EXPECT_TRUE(exact.exact);
    o.approximate = true;
    o.epsilon = 1e-6;
    const auto r = onakit::betweenness(g, o);
    EXPECT_TRUE(r.exact);
    EXPECT_EQ(r.samples, 0u);
    EXPECT_GT(r.vertex_diameter, 0u);
    expect_near_all(r.scores, exact.scores);
  }
}

// Issue 17: whether to sample is decided by cost in ties scanned (see
// ApproximateSamplesBeyondOnePerPersonWhenCheaper below for email-Eu-core):
// on a long path (vertex diameter 200: 2000+ pairs, each meeting
// after ~n/3 levels) the sample would scan more ties than Brandes: exact.
TEST(Betweenness, ApproximateFallsBackWhenTheSampleScansMore) {
  ids s, t;
  for (onakit::vertex_id i = 0; i + 1 < 200; ++i) s.push_back(i), t.push_back(i + 1);
  const auto g = undirected(200, s, t);
  onakit::betweenness_options o;
  o.approximate = true;
  o.epsilon = 0.05;
  const auto r = onakit::betweenness(g, o);
  EXPECT_LT(onakit::detail::rk_sample_size(200, 0.05, 0.1), 200u * (2 * 398u + 200u));  // not decided up front
  EXPECT_TRUE(r.exact);
  EXPECT_EQ(r.samples, 0u);
  o.approximate = false;
  expect_near_all(r.scores, onakit::betweenness(g, o).scores);
}

// Directed and disconnected: pairs with no path count nothing, and the
// estimate over all ordered pairs is still within epsilon.
TEST(Betweenness, ApproximateOnDisconnectedGraphs) {
  for (const bool directed : {false, true}) {
    // Three parts: two random graphs and 500 people alone.
    const auto a = random_graph(1500, 4500, directed, 21), b = random_graph(1500, 4500, directed, 22);
    ids s, t;
    for (const auto* part : {&a, &b}) {
      const onakit::vertex_id base = part == &a ? 0 : 1500;
      const auto off = part->out_offsets();
      const auto tg = part->out_targets();
      for (onakit::vertex_id u = 0; u < 1500; ++u)
        for (auto e = off[u]; e < off[u + 1]; ++e)
          if (directed || u <= tg[e]) s.push_back(base + u), t.push_back(base + tg[e]);
    }
    const auto g = onakit::make_graph(3500, s, t, {}, directed);
    onakit::betweenness_options o;
    const auto exact = onakit::betweenness(g, o).scores;
    o.approximate = true;
    o.epsilon = 0.05;
    o.threads = 2;
    const auto r = onakit::betweenness(g, o);
    ASSERT_FALSE(r.exact);
    double worst = 0, sum = 0;
    for (std::size_t v = 0; v < exact.size(); ++v) {
      worst = std::max(worst, std::abs(r.scores[v] - exact[v]));
      sum += r.scores[v];
      if (v >= 3000) {
        EXPECT_EQ(r.scores[v], 0.0) << "alone, yet counted: " << v;
      }
    }
    EXPECT_LE(worst, o.epsilon) << "directed=" << directed;
    EXPECT_GT(sum, 0.0);
    o.threads = 1;
    EXPECT_EQ(onakit::betweenness(g, o).scores, r.scores);
  }
}

// Diameter (in ties) by a BFS from every person: the oracle for the bounds.
std::uint32_t plain_diameter(const onakit::graph& g) {
  const auto a = onakit::detail::out_adjacency(g);
  std::uint32_t best = 0;
  for (onakit::vertex_id s = 0; s < g.num_vertices(); ++s) {
    std::vector<std::uint32_t> d(g.num_vertices(), std::numeric_limits<std::uint32_t>::max());
    ids q{s};
    d[s] = 0;
    for (std::size_t h = 0; h < q.size(); ++h)
      for (auto e = a.off[q[h]]; e < a.off[q[h] + 1]; ++e)
        if (d[a.adj[e]] == std::numeric_limits<std::uint32_t>::max()) {
          d[a.adj[e]] = d[q[h]] + 1;
          best = std::max(best, d[a.adj[e]]);
          q.push_back(a.adj[e]);
        }
  }
  return best;
}

TEST(Betweenness, UndirectedDiameterBoundsBracketTheDiameter) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    // From sparse (many components, long paths) to dense.
    const auto g = random_graph(300, 150 * seed, false, seed);
    const auto b = onakit::detail::undirected_diameter_bounds(g);
    const auto d = plain_diameter(g);
    EXPECT_LE(b.lower, d) << seed;
    EXPECT_GE(b.upper, d) << seed;
    EXPECT_LE(b.upper, 2 * d) << seed;
  }
  // Tight on a path and on a tree; two components: the longer one counts.
  ids s, t;
  for (onakit::vertex_id i = 0; i + 1 < 10; ++i) s.push_back(i), t.push_back(i + 1);
  s.insert(s.end(), {20, 20, 21, 22}), t.insert(t.end(), {21, 22, 23, 24});  // 23-21-20-22-24
  const auto b = onakit::detail::undirected_diameter_bounds(undirected(30, s, t));
  EXPECT_EQ(b.lower, 9u);
  EXPECT_EQ(b.upper, 9u);
  const auto none = onakit::detail::undirected_diameter_bounds(undirected(5, {}, {}));
  EXPECT_EQ(none.upper, 0u);
}

// The bounds only replace the all-sources search when the sample size is the
// same: the samples (and so the scores) are those of the exact vertex diameter.
TEST(Betweenness, ApproximateCheapBoundKeepsTheSampleSize) {
  int cheap = 0;
  for (const std::uint64_t seed : {3u, 4u, 5u}) {
    const auto g = random_graph(3000, 4500 * seed, false, seed);
    onakit::betweenness_options o;
    o.approximate = true;
    o.epsilon = 0.05;
    const auto r = onakit::betweenness(g, o);
    ASSERT_FALSE(r.exact);
    const auto vd = onakit::detail::vertex_diameter_bound(g, false, 1, {});
    EXPECT_EQ(vd, plain_diameter(g) + 1u);
    const double eps = 0.05 * (3000 - 2) / 3000.0;
    EXPECT_EQ(r.samples, onakit::detail::rk_sample_size(vd, eps, 0.1)) << seed;
    const auto b = onakit::detail::undirected_diameter_bounds(g);
    const bool agree = onakit::detail::rk_sample_size(b.upper + 1u, eps, 0.1) ==
                       onakit::detail::rk_sample_size(b.lower + 1u, eps, 0.1);
    EXPECT_EQ(r.vertex_diameter, agree ? b.upper + 1u : vd) << seed;
    cheap += agree ? 1 : 0;
  }
  EXPECT_GE(cheap, 1) << "no case took the bounds";
}

// The sampling loop polls the interrupt callback: one that fires after a few
// polls stops a run whose sample is below n (no exact fallback).
TEST(Betweenness, InterruptStopsTheSampling) {
  const auto g = random_graph(4000, 12000, false, 9);
  onakit::betweenness_options o;
  o.approximate = true;
  o.epsilon = 0.05;
  o.threads = 1;
  const auto full = onakit::betweenness(g, o);
  ASSERT_FALSE(full.exact);
  ASSERT_GT(full.samples, 1000u);  // several polls (every 256 samples) happen in the loop
  int calls = 0;
  o.interrupt = [&calls] { ++calls; return calls > 3; };
  EXPECT_THROW((void)onakit::betweenness(g, o), onakit::interrupted);
  EXPECT_EQ(calls, 4);
}

// threads= is validated at the entry and capped to the cores and the work
// (issue 10: threads=16384 on a tiny graph started 16k OS threads).
TEST(Betweenness, ThreadsOutOfRangeAndHuge) {
  const auto g = random_graph(50, 150, true, 2);
  onakit::betweenness_options o;
  const auto one = onakit::betweenness(g, o).scores;
  o.threads = onakit::max_threads;  // allowed, capped to min(cores, n)
  EXPECT_EQ(onakit::betweenness(g, o).scores, one);
  o.approximate = true;
  o.epsilon = 0.5;
  EXPECT_NO_THROW((void)onakit::betweenness(g, o));
  for (const int bad : {-1, onakit::max_threads + 1, 100000}) {
    o.threads = bad;
    EXPECT_THROW((void)onakit::betweenness(g, o), onakit::invalid_option) << bad;
  }
}

TEST(Betweenness, RejectsBadOptions) {
  const auto g = undirected(3, {0, 1}, {1, 2});
  onakit::betweenness_options o;
  o.approximate = true;
  o.epsilon = 0;
  EXPECT_THROW((void)onakit::betweenness(g, o), onakit::invalid_option);
  o.epsilon = 0.1;
  o.endpoints = true;
  EXPECT_THROW((void)onakit::betweenness(g, o), onakit::invalid_option);
}


TEST(Betweenness, WeightZeroTieToSomeoneUnreachedIsNoPath) {
  // d->a, d->c, a->b (weight 1), b->c (weight 0: never on a weighted path).
  // Source d reaches c first, so a stale value of c must not reach b from source a.
  const std::vector<double> w{1.0, 1.0, 1.0, 0.0};
  const auto g = onakit::make_graph(4, ids{0, 0, 1, 2}, ids{3, 1, 2, 3}, w, true);
  onakit::betweenness_options o;
  o.weighted = true;
  o.normalized = false;
  o.threads = 1;
  expect_near_all(onakit::betweenness(g, o).scores, {0, 1, 0, 0});  // networkx: only d->b passes a
}

// ---- Boost.Graph oracle on real data sets --------------------------------------------------------
// boost::brandes_betweenness_centrality is an independent implementation of
// Brandes' algorithm. The conventions differ and are matched here explicitly:
// - onakit::graph appears to BGL as a directed graph (an undirected tie as two
//   arcs; graph/bgl.hpp), so BGL sums over ordered pairs (s, t) in both cases.
//   onakit's unnormalised score is that sum for a directed graph and half of
//   it (unordered pairs) for an undirected one; normalised, onakit divides the
//   ordered-pair sum by (n-1)(n-2) in both cases (networkx). BGL's own
//   relative_betweenness_centrality (2 / ((n-1)(n-2))) is not used: it assumes
//   an undirected BGL graph, which it never sees here.
// - BGL's weight_map is a tie's length; onakit's weighted betweenness uses
//   length 1/weight, so BGL gets a length map of 1.0 / w, computed with the
//   same division onakit uses (detail/paths.hpp). Both compare path lengths
//   with exact ==, so shortest-path ties split identically.
// - Self-ties: ignored by onakit; BGL's search never relaxes them (a vertex is
//   not one step further than itself), so they change nothing there either.
// Tolerance: the two sum the same terms in different orders: 1e-9 relative.

struct tie_table {
  std::size_t n = 0;
  ids s, t;
  std::vector<double> w;
};

// "a b" lines (SNAP) or a "from,to,weight" CSV with a header; ids shifted by `base`.
tie_table read_ties(const std::string& relative, onakit::vertex_id base) {
  std::ifstream in(onakit::testing::data_file(relative));
  tie_table tt;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '"' || line[0] == '#') continue;  // header / comment
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream fields(line);
    onakit::vertex_id a = 0, b = 0;
    double w = 1;
    if (!(fields >> a >> b)) continue;
    if (!(fields >> w)) w = 1;  // SNAP files have no weight column
    tt.s.push_back(a - base), tt.t.push_back(b - base), tt.w.push_back(w);
    tt.n = std::max<std::size_t>({tt.n, a - base + 1u, b - base + 1u});
  }
  return tt;
}

// Raw BGL scores: the sum over ordered pairs (see above).
std::vector<double> bgl_betweenness(const onakit::graph& g, bool weighted) {
  std::vector<double> c(g.num_vertices(), 0.0);
  const auto index = get(boost::vertex_index, g);
  auto centrality = boost::make_iterator_property_map(c.begin(), index);
  if (!weighted) {
    boost::brandes_betweenness_centrality(g, boost::centrality_map(centrality).vertex_index_map(index));
  } else {
    // Indexed like out_weights() (boost::edge_index): an undirected tie has two
    // entries there, so the size is the arc count, not g.num_edges().
    const auto w = g.out_weights();
    std::vector<double> length(w.size());
    for (std::size_t e = 0; e < length.size(); ++e) length[e] = 1.0 / w[e];
    const auto len = boost::make_iterator_property_map(length.begin(), get(boost::edge_index, g));
    boost::brandes_betweenness_centrality(
        g, boost::centrality_map(centrality).vertex_index_map(index).weight_map(len));
  }
  return c;
}

void expect_bgl_agrees(const onakit::graph& g, bool weighted) {
  const std::vector<double> ordered = bgl_betweenness(g, weighted);
  const double n = static_cast<double>(g.num_vertices());
  const double pairs = (n - 1) * (n - 2);
  const double halve = g.directed() ? 1.0 : 0.5;
  onakit::betweenness_options o;
  o.weighted = weighted;
  o.normalized = false;
  const auto raw = onakit::betweenness(g, o).scores;
  o.normalized = true;
  const auto normalized = onakit::betweenness(g, o).scores;
  ASSERT_EQ(raw.size(), ordered.size());
  double total = 0;
  for (std::size_t v = 0; v < ordered.size(); ++v) {
    const double want = ordered[v] * halve;
    EXPECT_NEAR(raw[v], want, 1e-9 * std::max(1.0, std::abs(want))) << "person " << v;
    EXPECT_NEAR(normalized[v], ordered[v] / pairs, 1e-9 * std::max(1e-3, ordered[v] / pairs)) << "person " << v;
    total += ordered[v];
  }
  EXPECT_GT(total, 0.0);  // a graph with no brokerage would compare nothing
}

TEST(BetweennessBgl, KarateUndirectedUnweightedAndWeighted) {
  ONAKIT_REQUIRE_DATA("karate-zachary/edges.csv");
  const auto tt = read_ties("karate-zachary/edges.csv", 1);
  ASSERT_EQ(tt.n, 34u);
  const auto g = onakit::make_graph(tt.n, tt.s, tt.t, tt.w, false);
  expect_bgl_agrees(g, false);
  expect_bgl_agrees(g, true);
}

TEST(BetweennessBgl, EmailEuCoreDirectedAndUndirected) {
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  const auto tt = read_ties("email-Eu-core/email-Eu-core.txt", 0);
  ASSERT_EQ(tt.n, 1005u);
  expect_bgl_agrees(onakit::make_graph(tt.n, tt.s, tt.t, {}, true), false);
  expect_bgl_agrees(onakit::make_graph(tt.n, tt.s, tt.t, {}, false), false);
}

TEST(BetweennessBgl, UkFacultyDirectedWeighted) {
  ONAKIT_REQUIRE_DATA("ukfaculty/edges.csv");
  const auto tt = read_ties("ukfaculty/edges.csv", 1);
  ASSERT_EQ(tt.n, 81u);
  const auto g = onakit::make_graph(tt.n, tt.s, tt.t, tt.w, true);
  expect_bgl_agrees(g, true);
  expect_bgl_agrees(g, false);
}

// Leaf folding (leaf_folding.hpp) must give what Brandes over every source
// gives (weighted searches do not fold: checked here too).
TEST(Betweenness, FoldedLeavesGiveBrandesOverEverySource) {
  for (const bool directed : {true, false})
    for (const bool weighted : {false, true})
      for (const std::uint64_t seed : {1u, 2u, 3u}) {
        const auto g = onakit::testing::leafy_graph(directed, seed);
        EXPECT_GT(onakit::detail::fold_leaves(g).folded, 150u);
        onakit::betweenness_options o;
        o.weighted = weighted;
        o.normalized = false;
        for (const int threads : {1, 2}) {
          o.threads = threads;
          std::vector<onakit::detail::fixed_sum> every;
          onakit::detail::brandes_sums(g, o, nullptr, every);  // no folding: every source searched
          const auto got = onakit::betweenness(g, o).scores;
          const double halve = directed ? 1.0 : 0.5;
          double total = 0;
          for (std::size_t v = 0; v < got.size(); ++v) {
            const double want = every[v].value() * halve;
            EXPECT_NEAR(got[v], want, 1e-9 * std::max(1.0, want))
                << "person " << v << (directed ? " directed" : " undirected") << (weighted ? " weighted" : "")
                << " seed " << seed;
            total += want;
          }
          EXPECT_GT(total, 100.0);
        }
      }
}

// The same against Boost's Brandes (positive weights only: BGL has no
// infinite lengths), and on the largest real mailing-list graph, where 14.6k
// of 20k people have one contact.
TEST(BetweennessBgl, FoldedLeavesAgree) {
  for (const bool directed : {true, false}) {
    const auto g = onakit::testing::without_zero_weights(onakit::testing::leafy_graph(directed, 7));
    expect_bgl_agrees(g, false);
    expect_bgl_agrees(g, true);
  }
}

TEST(BetweennessBgl, EmailW3cDirectedFoldsMostPeople) {
  ONAKIT_REQUIRE_DATA("email-W3C-benson/email-W3C.txt");
  const auto tt = read_ties("email-W3C-benson/email-W3C.txt", 0);
  const auto g = onakit::make_graph(tt.n, tt.s, tt.t, {}, true);
  EXPECT_GT(onakit::detail::fold_leaves(g).folded, 14000u);
  expect_bgl_agrees(g, false);
}

// Issue 17: whether to sample is decided by cost in ties scanned, not by
// samples >= n. A bidirectional sample scans a small part of the graph, so
// email-Eu-core (undirected, 1005 people) at epsilon 0.05 samples its 1065
// pairs (it used to compute exact scores), within epsilon of exact...
TEST(Betweenness, ApproximateSamplesBeyondOnePerPersonWhenCheaper) {
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  const auto tt = read_ties("email-Eu-core/email-Eu-core.txt", 0);
  for (const bool directed : {false, true}) {
    const auto g = onakit::make_graph(tt.n, tt.s, tt.t, {}, directed);
    onakit::betweenness_options o;
    const auto exact = onakit::betweenness(g, o).scores;
    o.approximate = true;
    o.epsilon = 0.05;
    const auto a = onakit::betweenness(g, o);
    EXPECT_FALSE(a.exact);
    EXPECT_GT(a.samples, g.num_vertices());
    EXPECT_EQ(a.searches, a.samples);
    double worst = 0;
    for (std::size_t v = 0; v < exact.size(); ++v) worst = std::max(worst, std::abs(a.scores[v] - exact[v]));
    EXPECT_LE(worst, o.epsilon) << "directed=" << directed;
  }
}

// The fixed-point sum (paths.hpp): each term is floor(x) and the top 64
// bits of its fraction, exactly, including fractions >= 1/2 (the top bit)
// and terms below 2^-32; sums carry from lo into hi.
TEST(FixedSum, TermsAreExactTo2ToTheMinus64) {
  struct case_t {
    double x;
    std::uint64_t hi, lo;
  };
  const case_t cases[] = {
      {0.0, 0, 0},
      {0.5, 0, std::uint64_t{1} << 63},
      {3.75, 3, std::uint64_t{3} << 62},
      {0x1.8p-63, 0, 3},                                              // 3 * 2^-64
      {0x1.fffffffffffffp-1, 0, ~std::uint64_t{0} << 11},             // 1 - 2^-53
      {0x1p62 + 1024.0, (std::uint64_t{1} << 62) + 1024, 0},
      {12345.0 + 0x123456789p-38, 12345, std::uint64_t{0x123456789} << 26},  // bits on both 32-bit halves
      {0x123456789abcp-64, 0, 0x123456789abc},
      {0x1p-70, 0, 0},                                                // below 2^-64: truncated
  };
  for (const auto& c : cases) {
    onakit::detail::fixed_sum f;
    f.add(c.x);
    EXPECT_EQ(f.hi, c.hi) << c.x;
    EXPECT_EQ(f.lo, c.lo) << c.x;
  }
  onakit::detail::fixed_sum s;
  for (int i = 0; i < 7; ++i) s.add(0.75);
  EXPECT_EQ(s.hi, 5u);
  EXPECT_EQ(s.lo, std::uint64_t{1} << 62);
  EXPECT_EQ(s.value(), 5.25);
}

}  // namespace
