#include <onakit/graph/builder.hpp>
#include <onakit/graph/components.hpp>

#include <gtest/gtest.h>

namespace {

TEST(Components, WeakAndStrong) {
  // 0->1->2->0 cycle, 2->3, 4<->5, 6 alone
  const std::vector<onakit::vertex_id> s{0, 1, 2, 2, 4, 5}, t{1, 2, 0, 3, 5, 4};
  const auto g = onakit::make_graph(7, s, t);
  const auto w = onakit::weakly_connected_components(g);
  EXPECT_EQ(w.count, 3u);
  EXPECT_EQ(w.component[3], w.component[0]);
  const auto c = onakit::strongly_connected_components(g);
  EXPECT_EQ(c.count, 4u);
  EXPECT_EQ(c.component, (std::vector<onakit::vertex_id>{0, 0, 0, 1, 2, 2, 3}));
}

TEST(Components, DensityAndReciprocityAsNetworkx) {
  const std::vector<onakit::vertex_id> s{0, 1, 2, 2}, t{1, 0, 2, 0};
  const auto g = onakit::make_graph(3, s, t);
  EXPECT_DOUBLE_EQ(onakit::density(g), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(onakit::reciprocity(g), 2.0 / 4.0);  // nx.overall_reciprocity
  const auto u = onakit::make_graph(3, s, t, {}, false);
  EXPECT_DOUBLE_EQ(onakit::density(u), 2.0 * 3 / 6.0);
}

TEST(Components, LongPathDoesNotOverflowTheStack) {
  const onakit::vertex_id n = 200000;
  std::vector<onakit::vertex_id> s, t;
  for (onakit::vertex_id i = 0; i + 1 < n; ++i) { s.push_back(i); t.push_back(i + 1); }
  const auto g = onakit::make_graph(n, s, t);
  EXPECT_EQ(onakit::strongly_connected_components(g).count, n);
  EXPECT_EQ(onakit::weakly_connected_components(g).count, 1u);
}

}  // namespace
