#include <onakit/centrality/cut_points.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
using ties = std::vector<std::pair<onakit::vertex_id, onakit::vertex_id>>;

TEST(CutPoints, TwoTrianglesAndAPendant) {
  // 0-1-2-0, bridge 2-3, 3-4-5-3, pendant 5-6; isolate 7.
  const ids s{0, 1, 2, 2, 3, 4, 5, 5}, t{1, 2, 0, 3, 4, 5, 3, 6};
  const auto g = onakit::make_graph(8, s, t, {}, false);
  EXPECT_EQ(onakit::articulation_points(g), (ids{2, 3, 5}));
  EXPECT_EQ(onakit::bridges(g), (ties{{2, 3}, {5, 6}}));
}

TEST(CutPoints, DirectedUsesTheUndirectedView) {
  // Same shape, directed; the bridge is reciprocated (3->2 and 2->3 are one tie).
  const ids s{0, 1, 2, 2, 3, 3, 4, 5, 6}, t{1, 2, 0, 3, 2, 4, 5, 3, 5};
  const auto g = onakit::make_graph(7, s, t);
  EXPECT_EQ(onakit::articulation_points(g), (ids{2, 3, 5}));
  EXPECT_EQ(onakit::bridges(g), (ties{{2, 3}, {5, 6}}));
}

TEST(CutPoints, RootWithOneChildIsNotACutVertex) {
  const ids s{0, 1}, t{1, 2};  // path 0-1-2: only 1 cuts
  const auto g = onakit::make_graph(3, s, t, {}, false);
  EXPECT_EQ(onakit::articulation_points(g), (ids{1}));
  EXPECT_EQ(onakit::bridges(g), (ties{{0, 1}, {1, 2}}));
}

TEST(CutPoints, LongPathDoesNotOverflowTheStack) {
  const onakit::vertex_id n = 200000;
  ids s, t;
  for (onakit::vertex_id i = 0; i + 1 < n; ++i) { s.push_back(i); t.push_back(i + 1); }
  const auto g = onakit::make_graph(n, s, t, {}, false);
  const auto r = onakit::cut_points(g);
  EXPECT_EQ(r.bridges.size(), n - 1);
  EXPECT_EQ(r.articulation[0], 0);
  EXPECT_EQ(r.articulation[n - 1], 0);
  std::size_t cuts = 0;
  for (auto a : r.articulation) cuts += a;
  EXPECT_EQ(cuts, n - 2);
}

}  // namespace
