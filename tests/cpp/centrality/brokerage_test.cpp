#include <onakit/centrality/brokerage.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

using ids = std::vector<onakit::vertex_id>;
using counts = std::vector<std::uint64_t>;

// Ties 0->1, 1->2, 1->3, 1->5, 2->0, 2->3, 3->4, 4->0; groups A A B B C A.
// Open two-paths a->b->c (no tie a->c), by broker b:
//   b=0: 2->0->1 (B,A,A gatekeeper), 4->0->1 (C,A,A gatekeeper)
//   b=1: 0->1->2 (A,A,B representative), 0->1->3 (representative), 0->1->5 (A,A,A coordinator)
//   b=2: 1->2->0 (A,B,A itinerant); 1->2->3 is closed by 1->3
//   b=3: 1->3->4 (A,B,C liaison), 2->3->4 (B,B,C representative)
//   b=4: 3->4->0 (B,C,A liaison)
//   b=5: none
TEST(Brokerage, HandCountedRoles) {
  const ids s{0, 1, 1, 1, 2, 2, 3, 4}, t{1, 2, 3, 5, 0, 3, 4, 0};
  const auto g = onakit::make_graph(6, s, t);
  const std::vector<std::uint32_t> group{0, 0, 1, 1, 2, 0};
  for (const int threads : {1, 2}) {
    const auto r = onakit::brokerage(g, group, {.threads = threads});
    EXPECT_EQ(r.coordinator, (counts{0, 1, 0, 0, 0, 0}));
    EXPECT_EQ(r.itinerant, (counts{0, 0, 1, 0, 0, 0}));
    EXPECT_EQ(r.representative, (counts{0, 2, 0, 1, 0, 0}));
    EXPECT_EQ(r.gatekeeper, (counts{2, 0, 0, 0, 0, 0}));
    EXPECT_EQ(r.liaison, (counts{0, 0, 0, 1, 1, 0}));
    EXPECT_EQ(r.total, (counts{2, 3, 1, 2, 1, 0}));
  }
}

TEST(Brokerage, UndirectedCountsBothDirections) {
  // Path 0 - 1 - 2, all in one group: 0->1->2 and 2->1->0.
  const ids s{0, 1}, t{1, 2};
  const auto g = onakit::make_graph(3, s, t, {}, false);
  const std::vector<std::uint32_t> group{7, 7, 7};
  EXPECT_EQ(onakit::brokerage(g, group).coordinator, (counts{0, 2, 0}));
}

// The hand-counted graph above with person 2 ungrouped: every two-path with 2
// as a, b or c drops out (2->0->1, 0->1->2, 1->2->0, 2->3->4); the others keep
// their roles, and 2 itself scores nothing.
TEST(Brokerage, UngroupedPeopleAreLeftOut) {
  const ids s{0, 1, 1, 1, 2, 2, 3, 4}, t{1, 2, 3, 5, 0, 3, 4, 0};
  const auto g = onakit::make_graph(6, s, t);
  const std::vector<std::uint32_t> group{0, 0, onakit::no_group, 1, 2, 0};
  for (const int threads : {1, 2}) {
    const auto r = onakit::brokerage(g, group, {.threads = threads});
    EXPECT_EQ(r.coordinator, (counts{0, 1, 0, 0, 0, 0}));
    EXPECT_EQ(r.itinerant, (counts{0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(r.representative, (counts{0, 1, 0, 0, 0, 0}));
    EXPECT_EQ(r.gatekeeper, (counts{1, 0, 0, 0, 0, 0}));
    EXPECT_EQ(r.liaison, (counts{0, 0, 0, 1, 1, 0}));
    EXPECT_EQ(r.total, (counts{1, 2, 0, 1, 1, 0}));
  }
}

TEST(Brokerage, WrongGroupLengthThrows) {
  const ids s{0}, t{1};
  const auto g = onakit::make_graph(2, s, t);
  const std::vector<std::uint32_t> group{0};
  EXPECT_THROW((void)onakit::brokerage(g, group), onakit::invalid_option);
}

}  // namespace
