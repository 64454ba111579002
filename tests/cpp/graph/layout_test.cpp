#include <onakit/graph/layout.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/graph/make_graph.hpp>

#include "test_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;

/// Cliques of `size` people each (ids in blocks), plus `bridges` ties
/// between consecutive cliques and `isolates` people without ties at the end.
onakit::graph cliques(onakit::vertex_id count, onakit::vertex_id size, bool bridged, onakit::vertex_id isolates = 0) {
  ids s, t;
  for (onakit::vertex_id c = 0; c < count; ++c)
    for (onakit::vertex_id i = 0; i < size; ++i)
      for (onakit::vertex_id j = i + 1; j < size; ++j) s.push_back(c * size + i), t.push_back(c * size + j);
  if (bridged)
    for (onakit::vertex_id c = 0; c + 1 < count; ++c) s.push_back(c * size), t.push_back((c + 1) * size + 1);
  return onakit::make_graph(count * size + isolates, s, t, {}, false);
}

struct point {
  double x, y;
};

point centroid(const onakit::layout_result& r, onakit::vertex_id first, onakit::vertex_id count) {
  point c{0, 0};
  for (onakit::vertex_id v = first; v < first + count; ++v) c.x += r.x[v], c.y += r.y[v];
  return {c.x / count, c.y / count};
}

/// Mean and largest distance of a block's people to its centroid.
std::pair<double, double> spread(const onakit::layout_result& r, onakit::vertex_id first, onakit::vertex_id count) {
  const point c = centroid(r, first, count);
  double sum = 0, most = 0;
  for (onakit::vertex_id v = first; v < first + count; ++v) {
    const double d = std::hypot(r.x[v] - c.x, r.y[v] - c.y);
    sum += d;
    most = std::max(most, d);
  }
  return {sum / count, most};
}

void expect_unit_square(const onakit::layout_result& r) {
  ASSERT_EQ(r.x.size(), r.y.size());
  for (std::size_t v = 0; v < r.x.size(); ++v) {
    EXPECT_GE(r.x[v], 0.0);
    EXPECT_LE(r.x[v], 1.0);
    EXPECT_GE(r.y[v], 0.0);
    EXPECT_LE(r.y[v], 1.0);
  }
  // Scaled to fill the square along its longer side.
  const auto [x0, x1] = std::minmax_element(r.x.begin(), r.x.end());
  const auto [y0, y1] = std::minmax_element(r.y.begin(), r.y.end());
  EXPECT_NEAR(std::max(*x1 - *x0, *y1 - *y0), 1.0, 1e-12);
}

TEST(Layout, FastLog1pMatchesTheLibrary) {
  // The attraction's log(1 + d), checked against std::log1p over the range
  // of distances a run meets (positions reach ~1e5 before normalising).
  for (double d = 1e-8; d < 1e12; d *= 1.01)
    EXPECT_NEAR(onakit::detail::fast_log1p(d), std::log1p(d), 2e-8 * std::log1p(d)) << "d=" << d;
  EXPECT_EQ(onakit::detail::fast_log1p(0.0), 0.0);
}

TEST(Layout, EmptyAndSmallGraphs) {
  const auto empty = onakit::force_layout(onakit::graph{});
  EXPECT_TRUE(empty.x.empty());
  EXPECT_TRUE(empty.y.empty());

  const auto one = onakit::force_layout(onakit::make_graph(1, ids{}, ids{}));
  ASSERT_EQ(one.x.size(), 1u);
  EXPECT_EQ(one.x[0], 0.5);
  EXPECT_EQ(one.y[0], 0.5);
  EXPECT_EQ(one.isolates, 1u);

  // A single self-tie is no tie to someone else: still an isolate.
  const auto self = onakit::force_layout(onakit::make_graph(1, ids{0}, ids{0}));
  EXPECT_EQ(self.x[0], 0.5);
  EXPECT_EQ(self.isolates, 1u);

  const auto pair = onakit::force_layout(onakit::make_graph(2, ids{0}, ids{1}));
  expect_unit_square(pair);
  // The two fill the square along its longer side: 1 apart on an axis, at
  // most sqrt(2) on a diagonal.
  const double apart = std::hypot(pair.x[0] - pair.x[1], pair.y[0] - pair.y[1]);
  EXPECT_GE(apart, 1.0 - 1e-12);
  EXPECT_LE(apart, std::sqrt(2.0) + 1e-12);
  EXPECT_EQ(pair.iterations, 100u);
  EXPECT_EQ(pair.isolates, 0u);

  // Nobody with ties: everyone on the rim, spread out.
  const auto loners = onakit::force_layout(onakit::make_graph(4, ids{}, ids{}));
  expect_unit_square(loners);
  EXPECT_EQ(loners.iterations, 0u);
  EXPECT_EQ(loners.isolates, 4u);
  for (onakit::vertex_id u = 0; u < 4; ++u)
    for (onakit::vertex_id v = u + 1; v < 4; ++v)
      EXPECT_GT(std::hypot(loners.x[u] - loners.x[v], loners.y[u] - loners.y[v]), 0.5);
}

/// A planted partition: `groups` groups of `size` people, each person with
/// `inside` random ties in their group and `outside` anywhere, weights 1-5.
onakit::graph planted(onakit::vertex_id groups, onakit::vertex_id size, int inside, int outside, std::uint64_t seed) {
  onakit::detail::xoshiro256ss rng(seed);
  const onakit::vertex_id n = groups * size;
  ids s, t;
  std::vector<double> w;
  for (onakit::vertex_id v = 0; v < n; ++v) {
    for (int k = 0; k < inside + outside; ++k) {
      const onakit::vertex_id u = k < inside ? (v / size) * size + rng.uniform_below32(size) : rng.uniform_below32(n);
      s.push_back(v), t.push_back(u), w.push_back(1.0 + static_cast<double>(rng.uniform_below32(5)));
    }
  }
  for (onakit::vertex_id v = 0; v < 7; ++v) s.push_back(v), t.push_back(v), w.push_back(1);  // self-ties: ignored
  return onakit::make_graph(n, s, t, w, true);
}

TEST(Layout, SameSeedSameResultForAnyThreadCount) {
  // Large enough (2,000 people, ~40,000 ties) that a step runs on several
  // threads: small graphs run on one (layout.hpp).
  const auto g = planted(20, 100, 12, 8, 5);
  onakit::layout_options o;
  o.seed = 11;
  o.iterations = 30;
  o.threads = 1;
  const auto one = onakit::force_layout(g, o);
  expect_unit_square(one);
  for (const int t : {2, 3, 8}) {
    o.threads = t;
    const auto r = onakit::force_layout(g, o);
    EXPECT_EQ(r.x, one.x) << "threads=" << t;  // bit-identical, not just close
    EXPECT_EQ(r.y, one.y) << "threads=" << t;
  }
  o.seed = 12;
  const auto other = onakit::force_layout(g, o);
  EXPECT_NE(other.x, one.x);  // the seed matters
}

TEST(Layout, TwoCliquesJoinedByOneTieLieApart) {
  // The property a drawing of an organisation needs: two groups that talk
  // among themselves, joined by one tie, are drawn as two separate clusters.
  // A random placement puts both centroids near the middle (separation
  // about 0 against spreads about 0.4), so this fails for it.
  for (const std::uint64_t seed : {0, 1, 2}) {
    onakit::layout_options o;
    o.seed = seed;
    const auto r = onakit::force_layout(cliques(2, 15, true), o);
    const point a = centroid(r, 0, 15), b = centroid(r, 15, 15);
    const double separation = std::hypot(a.x - b.x, a.y - b.y);
    const auto [mean_a, max_a] = spread(r, 0, 15);
    const auto [mean_b, max_b] = spread(r, 15, 15);
    EXPECT_GT(separation, 3.0 * std::max(mean_a, mean_b)) << "seed " << seed;
    EXPECT_GT(separation, max_a + max_b) << "seed " << seed;  // the clusters' discs do not overlap
  }
}

TEST(Layout, PlantedGroupsAreDrawnTogether) {
  // 20 groups, 60% of each person's ties inside their group: each group's
  // people are drawn much closer to each other than to the rest.
  const auto r = onakit::force_layout(planted(20, 100, 12, 8, 9));
  double intra = 0, inter = 0, n_intra = 0, n_inter = 0;
  for (onakit::vertex_id a = 0; a < 2000; ++a)
    for (onakit::vertex_id b = a + 1; b < 2000; ++b) {
      const double d = std::hypot(r.x[a] - r.x[b], r.y[a] - r.y[b]);
      if (a / 100 == b / 100) intra += d, ++n_intra;
      else inter += d, ++n_inter;
    }
  EXPECT_GT((inter / n_inter) / (intra / n_intra), 3.0);
}

TEST(Layout, ComponentsStayOnScreenAndApart) {
  // Four cliques sharing no tie: gravity keeps them in view (each fills a
  // fair part of the square, none shrunk to a dot by a far-away one) and
  // repulsion keeps them from overlapping.
  const auto r = onakit::force_layout(cliques(4, 10, false));
  expect_unit_square(r);
  for (onakit::vertex_id c = 0; c < 4; ++c) {
    const auto [mean_c, max_c] = spread(r, c * 10, 10);
    EXPECT_GT(mean_c, 0.01) << "clique " << c;
    for (onakit::vertex_id d = c + 1; d < 4; ++d) {
      const point a = centroid(r, c * 10, 10), b = centroid(r, d * 10, 10);
      const auto [mean_d, max_d] = spread(r, d * 10, 10);
      EXPECT_GT(std::hypot(a.x - b.x, a.y - b.y), max_c + max_d) << "cliques " << c << " and " << d;
    }
  }
}

TEST(Layout, IsolatesOnTheRim) {
  const auto r = onakit::force_layout(cliques(3, 8, true, 6));
  EXPECT_EQ(r.isolates, 6u);
  const point c = centroid(r, 0, 24);
  double farthest = 0;
  for (onakit::vertex_id v = 0; v < 24; ++v) farthest = std::max(farthest, std::hypot(r.x[v] - c.x, r.y[v] - c.y));
  std::vector<double> rim;
  for (onakit::vertex_id v = 24; v < 30; ++v) rim.push_back(std::hypot(r.x[v] - c.x, r.y[v] - c.y));
  for (const double d : rim) {
    EXPECT_GT(d, farthest);           // outside the drawing
    EXPECT_NEAR(d, rim.front(), 1e-9);  // on one circle
  }
}

TEST(Layout, DirectedTiesLaidOutAsTheirUndirectedSum) {
  // u->v and v->u are one tie of the summed weight; weights only count
  // relative to their mean (x4 is exact in binary, so the results are equal).
  const ids s{0, 1, 1, 2, 3, 4, 4, 5, 0, 6}, t{1, 0, 2, 0, 4, 3, 5, 3, 3, 5};
  const std::vector<double> w{1, 1, 2, 2, 1, 1, 2, 2, 1, 3};
  const auto directed = onakit::make_graph(7, s, t, w, true);
  std::vector<double> w4 = w;
  for (double& x : w4) x *= 4;
  const auto undirected4 = onakit::make_graph(7, s, t, w4, false);
  const auto a = onakit::force_layout(directed), b = onakit::force_layout(undirected4);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.y, b.y);
  onakit::layout_options unweighted;
  unweighted.weighted = false;
  EXPECT_NE(onakit::force_layout(directed, unweighted).x, a.x);  // the weights do matter
}

TEST(Layout, RejectsBadOptionsNamingThem) {
  const auto g = cliques(2, 4, true);
  const auto message = [&](auto set) {
    onakit::layout_options o;
    set(o);
    try {
      (void)onakit::force_layout(g, o);
    } catch (const onakit::invalid_option& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([](auto& o) { o.iterations = 0; }).find("iterations="), std::string::npos);
  EXPECT_NE(message([](auto& o) { o.scaling = 0; }).find("scaling="), std::string::npos);
  EXPECT_NE(message([](auto& o) { o.scaling = std::nan(""); }).find("scaling="), std::string::npos);
  EXPECT_NE(message([](auto& o) { o.gravity = -1; }).find("gravity="), std::string::npos);
  EXPECT_NE(message([](auto& o) { o.theta = INFINITY; }).find("theta="), std::string::npos);
  EXPECT_NE(message([](auto& o) { o.threads = -1; }).find("threads="), std::string::npos);
  onakit::layout_options ok;
  ok.gravity = 0;  // allowed: no pull to the centre
  ok.theta = 0;    // allowed: exact repulsion
  expect_unit_square(onakit::force_layout(g, ok));
}

TEST(Layout, InterruptStopsTheRun) {
  const auto g = cliques(5, 10, true);
  onakit::layout_options o;
  o.interrupt = [] { return true; };
  EXPECT_THROW((void)onakit::force_layout(g, o), onakit::interrupted);
  int calls = 0;
  o.interrupt = [&calls] { return ++calls > 5; };  // stops mid-run, between steps
  EXPECT_THROW((void)onakit::force_layout(g, o), onakit::interrupted);
  EXPECT_EQ(calls, 6);
}

TEST(Layout, EmailEuCoreDepartmentsCluster) {
  // Real data: people of the same department (42 departments, the data
  // set's ground truth) are drawn clearly closer together than people of
  // different departments. A random placement gives a ratio of about 1.
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  std::ifstream in(onakit::testing::data_file("email-Eu-core/email-Eu-core.txt"));
  ids s, t;
  onakit::vertex_id u = 0, v = 0, n = 0;
  while (in >> u >> v) s.push_back(u), t.push_back(v), n = std::max({n, u + 1, v + 1});
  const auto g = onakit::make_graph(n, s, t, {}, true);
  std::ifstream labels(onakit::testing::data_file("email-Eu-core/email-Eu-core-department-labels.txt"));
  std::vector<int> dept(n, -1);
  int d = 0;
  while (labels >> u >> d) dept[u] = d;
  onakit::layout_options o;
  o.threads = 2;
  const auto r = onakit::force_layout(g, o);
  expect_unit_square(r);
  double intra = 0, inter = 0, n_intra = 0, n_inter = 0;
  for (onakit::vertex_id a = 0; a < n; ++a) {
    if (g.out_degree(a) + g.in_degree(a) == 0) continue;
    for (onakit::vertex_id b = a + 1; b < n; ++b) {
      const double dist = std::hypot(r.x[a] - r.x[b], r.y[a] - r.y[b]);
      if (dept[a] == dept[b]) intra += dist, ++n_intra;
      else inter += dist, ++n_inter;
    }
  }
  const double ratio = (inter / n_inter) / (intra / n_intra);
  EXPECT_GT(ratio, 1.5) << "mean distance between departments / within: " << ratio;
  RecordProperty("inter_over_intra", std::to_string(ratio));
}

}  // namespace
