#include <onakit/graph/make_graph.hpp>
#include <onakit/graph/tie_table.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;

TEST(TieTable, DirectedGivesEveryTieAndRoundTripsThroughMakeGraph) {
  const ids s{2, 0, 1, 0}, t{0, 1, 2, 2};
  const std::vector<double> w{1.5, 2.0, 3.0, 0.5};
  const auto g = onakit::make_graph(4, s, t, w);
  const auto ties = onakit::tie_table_of(g);
  ASSERT_EQ(ties.size(), 4u);
  EXPECT_EQ(ties.source, (ids{0, 0, 1, 2}));  // CSR order: by source, then target
  EXPECT_EQ(ties.target, (ids{1, 2, 2, 0}));
  EXPECT_EQ(ties.weight, (std::vector<double>{2.0, 0.5, 3.0, 1.5}));
  const auto back = onakit::make_graph(4, ties.source, ties.target, ties.weight);
  EXPECT_EQ(onakit::tie_table_of(back).weight, ties.weight);
}

TEST(TieTable, UndirectedListsEachTieOnceWithSourceNotAboveTarget) {
  const ids s{1, 2, 3}, t{0, 1, 3};
  const auto g = onakit::make_graph(4, s, t, {}, false);
  const auto ties = onakit::tie_table_of(g);
  EXPECT_EQ(ties.source, (ids{0, 1, 3}));
  EXPECT_EQ(ties.target, (ids{1, 2, 3}));
  EXPECT_EQ(ties.weight, (std::vector<double>{1, 1, 1}));
}

TEST(TieTable, EmptyGraph) { EXPECT_EQ(onakit::tie_table_of(onakit::make_graph(3, {}, {})).size(), 0u); }

}  // namespace
