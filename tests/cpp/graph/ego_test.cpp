#include <onakit/graph/ego.hpp>
#include <onakit/graph/make_graph.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
using dists = std::vector<std::uint32_t>;

// 0 -> 1 -> 2 -> 3, 4 -> 1, 5 alone
onakit::graph chain(bool directed) {
  const ids s{0, 1, 2, 4}, t{1, 2, 3, 1};
  return onakit::make_graph(6, s, t, {}, directed);
}

TEST(Ego, DirectionsOfADirectedGraph) {
  const auto g = chain(true);
  auto both = onakit::ego_vertices(g, 1, 1);
  EXPECT_EQ(both.vertices, (ids{1, 2, 0, 4}));
  EXPECT_EQ(both.distance, (dists{0, 1, 1, 1}));
  auto out = onakit::ego_vertices(g, 1, 2, onakit::ego_direction::out);
  EXPECT_EQ(out.vertices, (ids{1, 2, 3}));
  EXPECT_EQ(out.distance, (dists{0, 1, 2}));
  auto in = onakit::ego_vertices(g, 2, 5, onakit::ego_direction::in);
  EXPECT_EQ(in.vertices, (ids{2, 1, 0, 4}));
  EXPECT_EQ(in.distance, (dists{0, 1, 2, 2}));
}

TEST(Ego, RadiusBoundsTheSearch) {
  const auto g = chain(false);
  EXPECT_EQ(onakit::ego_vertices(g, 0, 0).vertices, (ids{0}));
  EXPECT_EQ(onakit::ego_vertices(g, 0, 2).vertices, (ids{0, 1, 2, 4}));
  EXPECT_EQ(onakit::ego_vertices(g, 0, 100).vertices, (ids{0, 1, 2, 4, 3}));
  // Direction is ignored without directions.
  EXPECT_EQ(onakit::ego_vertices(g, 3, 1, onakit::ego_direction::out).vertices, (ids{3, 2}));
  EXPECT_EQ(onakit::ego_vertices(g, 5, 3).vertices, (ids{5}));
}

TEST(Ego, CenterOutOfRangeThrows) {
  EXPECT_THROW((void)onakit::ego_vertices(chain(true), 6, 1), onakit::invalid_option);
}

}  // namespace
