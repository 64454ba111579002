// make_graph.hpp on its own: it compiles without builder.hpp and the
// message log (silo/ relies on that), and builds graphs from tie tables.
#include <onakit/graph/make_graph.hpp>

#include <gtest/gtest.h>

#include <span>
#include <vector>

namespace {

TEST(MakeGraph, SumsRepeatsAndChecksInput) {
  const std::vector<onakit::vertex_id> s{0, 0, 1, 2}, t{1, 1, 0, 2};
  const std::vector<double> w{1.5, 2.0, 4.0, 1.0};
  const auto g = onakit::make_graph(3, s, t, w);
  EXPECT_EQ(g.num_edges(), 3u);
  EXPECT_DOUBLE_EQ(g.weight(0, 1), 3.5);
  EXPECT_DOUBLE_EQ(g.weight(2, 2), 1.0);
  const auto u = onakit::make_graph(3, s, t, w, false);
  EXPECT_EQ(u.num_edges(), 2u);
  EXPECT_DOUBLE_EQ(u.weight(1, 0), 7.5);
  const std::vector<onakit::vertex_id> bad{5};
  EXPECT_THROW((void)onakit::make_graph(3, bad, std::span<const onakit::vertex_id>(t.data(), 1)), onakit::invalid_option);
  const std::vector<double> neg{-1, 1, 1, 1};
  EXPECT_THROW((void)onakit::make_graph(3, s, t, neg), onakit::invalid_option);
}

}  // namespace

namespace {

TEST(MakeGraph, PollsTheInterrupt) {
  const std::vector<onakit::vertex_id> s{0, 1, 2}, t{1, 2, 0};
  int polls = 0;
  const auto counting = [&polls] { return ++polls > 1000; };
  (void)onakit::make_graph(3, s, t, {}, true, 1, counting);
  EXPECT_GE(polls, 2);  // before the check of the rows and after summing them
  for (int k = 1; k <= polls; ++k) {
    int n = 0;
    const auto stop = [&n, k] { return ++n >= k; };
    try {
      (void)onakit::make_graph(3, s, t, {}, true, 1, stop);
      ADD_FAILURE() << "poll " << k << " did not stop make_graph";
    } catch (const onakit::interrupted& e) {
      EXPECT_STREQ(e.what(), "make_graph interrupted");
    }
  }
}

}  // namespace
