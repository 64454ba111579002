#include <onakit/centrality/core_periphery.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;

// A planted core/periphery: a complete core of 10; 30 periphery people,
// each tied to 3 core members only.
onakit::graph planted() {
  ids s, t;
  for (onakit::vertex_id i = 0; i < 10; ++i)
    for (onakit::vertex_id j = i + 1; j < 10; ++j) s.push_back(i), t.push_back(j);
  for (onakit::vertex_id p = 10; p < 40; ++p)
    for (onakit::vertex_id k = 0; k < 3; ++k) s.push_back(p), t.push_back((p * 7 + k * 3) % 10);
  return onakit::make_graph(40, s, t, {}, false);
}

TEST(CorePeriphery, PlantedCoreRanksFirst) {
  const auto g = planted();
  const auto r = onakit::core_periphery(g);
  EXPECT_TRUE(r.converged);
  const double min_core = *std::min_element(r.scores.begin(), r.scores.begin() + 10);
  const double max_periphery = *std::max_element(r.scores.begin() + 10, r.scores.end());
  EXPECT_GT(min_core, max_periphery);
  EXPECT_GT(r.fit, 0.5);
  double norm = 0;
  for (double c : r.scores) norm += c * c;
  EXPECT_NEAR(norm, 1.0, 1e-12);
}

TEST(CorePeriphery, FitIsThePairwiseCorrelation) {
  const auto g = planted();
  const auto r = onakit::core_periphery(g, {.seed = 3});
  // Direct O(n^2) Pearson correlation over ordered pairs i != j.
  std::vector<double> x, y;
  for (onakit::vertex_id i = 0; i < 40; ++i)
    for (onakit::vertex_id j = 0; j < 40; ++j)
      if (i != j) x.push_back(g.has_edge(i, j) ? 1.0 : 0.0), y.push_back(r.scores[i] * r.scores[j]);
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t k = 0; k < x.size(); ++k) mx += x[k] / n, my += y[k] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) * (x[k] - mx);
    syy += (y[k] - my) * (y[k] - my);
  }
  EXPECT_NEAR(r.fit, sxy / std::sqrt(sxx * syy), 1e-9);
}

TEST(CorePeriphery, SeedDoesNotChangeTheSolution) {
  const auto g = planted();
  const auto a = onakit::core_periphery(g, {.seed = 1});
  const auto b = onakit::core_periphery(g, {.seed = 2});
  for (onakit::vertex_id v = 0; v < 40; ++v) EXPECT_NEAR(a.scores[v], b.scores[v], 1e-7);
}

TEST(CorePeriphery, BadOptionsThrow) {
  const auto g = planted();
  EXPECT_THROW((void)onakit::core_periphery(g, {.max_iter = 0}), onakit::invalid_option);
}

}  // namespace
