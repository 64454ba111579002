#include <onakit/centrality/structural_holes.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
constexpr double tol = 1e-12;

// Star 0-{1,2,3} plus the tie 1-2; person 4 isolated. Unweighted.
//   p_0j = 1/3; node 2 has contacts {0,1}, so p_21 = p_12 = 1/2.
//   c_01 = (1/3 + p_02 p_21)^2 = (1/3 + 1/6)^2 = 1/4 = c_02; c_03 = 1/9; C_0 = 11/18.
//   E_0 = n - 2t/n = 3 - 2/3 = 7/3; efficiency 7/9.
//   r_j = c_0j / (C_0/3): 27/22, 27/22, 12/22; H_0 = sum r ln r / (3 ln 3).
//   Person 1: contacts {0,2}, p = 1/2 each; c_10 = (1/2 + p_12 p_20)^2 = (1/2 + 1/4)^2 = 9/16,
//   c_12 = (1/2 + p_10 p_02)^2 = (1/2 + 1/6)^2 = 4/9; C_1 = 145/144; E_1 = 2 - 2/2 = 1;
//   r = 162/145, 128/145; H_1 = sum r ln r / (2 ln 2).
//   Person 3: one contact: C = 1, E = 1, H undefined (NaN).
onakit::graph star_with_tie(bool directed) {
  const ids s{0, 0, 0, 1}, t{1, 2, 3, 2};
  return onakit::make_graph(5, s, t, {}, directed);
}

TEST(StructuralHoles, HandComputedStar) {
  const auto r = onakit::structural_holes(star_with_tie(false));
  EXPECT_NEAR(r.constraint[0], 11.0 / 18.0, tol);
  EXPECT_NEAR(r.effective_size[0], 7.0 / 3.0, tol);
  EXPECT_NEAR(r.efficiency[0], 7.0 / 9.0, tol);
  const double a = 27.0 / 22.0, b = 12.0 / 22.0;
  EXPECT_NEAR(r.hierarchy[0], (2 * a * std::log(a) + b * std::log(b)) / (3 * std::log(3.0)), tol);
  EXPECT_NEAR(r.constraint[1], 145.0 / 144.0, tol);
  EXPECT_NEAR(r.effective_size[1], 1.0, tol);
  const double r1 = 162.0 / 145.0, r2 = 128.0 / 145.0;
  EXPECT_NEAR(r.hierarchy[1], (r1 * std::log(r1) + r2 * std::log(r2)) / (2 * std::log(2.0)), tol);
  EXPECT_NEAR(r.constraint[3], 1.0, tol);
  EXPECT_NEAR(r.effective_size[3], 1.0, tol);
  EXPECT_TRUE(std::isnan(r.hierarchy[3]));
  EXPECT_TRUE(std::isnan(r.constraint[4]));
  EXPECT_TRUE(std::isnan(r.effective_size[4]));
  EXPECT_TRUE(std::isnan(r.efficiency[4]));
}

TEST(StructuralHoles, MutualWeightsIgnoreDirection) {
  // One-way directed ties give the same proportions as the undirected graph;
  // so does the reversed graph (a receiver-only person is not isolated).
  const auto u = onakit::structural_holes(star_with_tie(false));
  const auto d = onakit::structural_holes(star_with_tie(true));
  const ids s{1, 2, 3, 2}, t{0, 0, 0, 1};
  const auto rev = onakit::structural_holes(onakit::make_graph(5, s, t));
  for (onakit::vertex_id v = 0; v < 4; ++v) {
    EXPECT_NEAR(d.constraint[v], u.constraint[v], tol);
    EXPECT_NEAR(rev.constraint[v], u.constraint[v], tol);
    EXPECT_NEAR(d.effective_size[v], u.effective_size[v], tol);
    EXPECT_NEAR(rev.effective_size[v], u.effective_size[v], tol);
  }
}

TEST(StructuralHoles, WeightedHandCase) {
  // Path 1 - 0 - 2 with weights 1 and 3: p_01 = 1/4, p_02 = 3/4, no indirect
  // paths: C_0 = 1/16 + 9/16 = 10/16; E_0 = 2 (no redundancy).
  const ids s{0, 0}, t{1, 2};
  const std::vector<double> w{1, 3};
  const auto r = onakit::structural_holes(onakit::make_graph(3, s, t, w, false));
  EXPECT_NEAR(r.constraint[0], 10.0 / 16.0, tol);
  EXPECT_NEAR(r.effective_size[0], 2.0, tol);
  const auto unw = onakit::structural_holes(onakit::make_graph(3, s, t, w, false), {.weighted = false});
  EXPECT_NEAR(unw.constraint[0], 0.5, tol);
}

TEST(StructuralHoles, SameResultForOneAndTwoThreads) {
  ids s, t;
  std::vector<double> w;
  std::uint64_t x = 99;
  for (int i = 0; i < 4000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    s.push_back(static_cast<onakit::vertex_id>((x >> 33) % 400));
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    t.push_back(static_cast<onakit::vertex_id>((x >> 33) % 400));
    w.push_back(1.0 + static_cast<double>((x >> 20) % 5));
  }
  const auto g = onakit::make_graph(400, s, t, w);
  const auto a = onakit::structural_holes(g, {.threads = 1});
  const auto b = onakit::structural_holes(g, {.threads = 2});
  for (onakit::vertex_id v = 0; v < 400; ++v) {
    // Bitwise equal (NaN compares via isnan).
    EXPECT_TRUE(a.constraint[v] == b.constraint[v] || (std::isnan(a.constraint[v]) && std::isnan(b.constraint[v])));
    EXPECT_TRUE(a.hierarchy[v] == b.hierarchy[v] || (std::isnan(a.hierarchy[v]) && std::isnan(b.hierarchy[v])));
    EXPECT_TRUE(a.effective_size[v] == b.effective_size[v] ||
                (std::isnan(a.effective_size[v]) && std::isnan(b.effective_size[v])));
  }
  EXPECT_THROW((void)onakit::structural_holes(g, {.interrupt = [] { return true; }}), onakit::interrupted);
}

}  // namespace

namespace {

// constraint & co. return a centrality_result like every measure, and top_k
// gives labels back.
TEST(StructuralHolesResult, ConstraintIsACentralityResultAndTopKLabelsIt) {
  const std::vector<onakit::vertex_id> s{0, 0, 0, 1}, t{1, 2, 3, 2};
  const std::vector<double> w{1, 1, 1, 1};
  auto g = onakit::make_graph(5, s, t, w, false);
  g.set_labels({"hub", "b", "c", "d", "alone"});
  const onakit::centrality_result c = onakit::constraint(g);
  const auto all = onakit::structural_holes(g);
  ASSERT_EQ(c.scores.size(), 5u);
  for (std::size_t v = 0; v < 4; ++v) EXPECT_DOUBLE_EQ(c.scores[v], all.constraint[v]);
  EXPECT_TRUE(std::isnan(c.scores[4]));
  EXPECT_EQ(onakit::effective_size(g).scores[0], all.effective_size[0]);
  // Lowest constraint = the broker: top_k of the negated scores; NaN skipped.
  std::vector<double> neg(c.scores);
  for (auto& x : neg) x = -x;
  const auto top = onakit::top_k(neg, g, 10);
  ASSERT_EQ(top.size(), 4u);
  // C: hub 11/18, d 1 (one contact), b = c = 9/16 + 4/9 (ties keep id order).
  std::vector<std::string> order;
  for (const auto& [who, score] : top) order.push_back(who);
  EXPECT_EQ(order, (std::vector<std::string>{"hub", "d", "b", "c"}));
  EXPECT_NEAR(top[0].second, -11.0 / 18.0, tol);
  const auto top2 = onakit::top_k(c, g, 2);
  ASSERT_EQ(top2.size(), 2u);
  EXPECT_GE(top2[0].second, top2[1].second);
  EXPECT_THROW((void)onakit::top_k(std::vector<double>{1.0}, g, 1), onakit::invalid_option);
}

}  // namespace
