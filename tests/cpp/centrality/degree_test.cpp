// Degree and strength on hand-counted graphs (networkx's counting of
// self-ties: 2 in an undirected degree, 1 in and 1 out when directed).
#include <onakit/centrality/degree.hpp>
#include <onakit/graph/builder.hpp>

#include <gtest/gtest.h>

#include <vector>

namespace {

onakit::graph make(std::size_t n, std::vector<onakit::vertex_id> s, std::vector<onakit::vertex_id> t,
                   std::vector<double> w, bool directed) {
  return onakit::make_graph(n, s, t, w, directed);
}

std::vector<double> run(const onakit::graph& g, onakit::degree_direction d, bool weighted, bool normalized) {
  onakit::degree_options o;
  o.direction = d;
  o.weighted = weighted;
  o.normalized = normalized;
  return onakit::degree(g, o).scores;
}

using onakit::degree_direction;

// 0->1 (1), 0->2 (2), 1->2 (3), 2->2 (4): a directed self-tie at 2.
onakit::graph directed_example() { return make(3, {0, 0, 1, 2}, {1, 2, 2, 2}, {1, 2, 3, 4}, true); }

TEST(Degree, DirectedCountsPerDirection) {
  const auto g = directed_example();
  // Raw: out 2,1,1; in 0,1,3 (2 gets 0,1 and itself); total 2,2,4.
  EXPECT_EQ(run(g, degree_direction::out, false, false), (std::vector<double>{2, 1, 1}));
  EXPECT_EQ(run(g, degree_direction::in, false, false), (std::vector<double>{0, 1, 3}));
  EXPECT_EQ(run(g, degree_direction::total, false, false), (std::vector<double>{2, 2, 4}));
  // Normalised by n - 1 = 2 (exact in binary).
  EXPECT_EQ(run(g, degree_direction::out, false, true), (std::vector<double>{1, 0.5, 0.5}));
  EXPECT_EQ(run(g, degree_direction::in, false, true), (std::vector<double>{0, 0.5, 1.5}));
  EXPECT_EQ(run(g, degree_direction::total, false, true), (std::vector<double>{1, 1, 2}));
}

TEST(Degree, DirectedStrength) {
  const auto g = directed_example();
  // out: 0: 1+2, 1: 3, 2: 4; in: 0: 0, 1: 1, 2: 2+3+4.
  EXPECT_EQ(run(g, degree_direction::out, true, false), (std::vector<double>{3, 3, 4}));
  EXPECT_EQ(run(g, degree_direction::in, true, false), (std::vector<double>{0, 1, 9}));
  EXPECT_EQ(run(g, degree_direction::total, true, false), (std::vector<double>{3, 4, 13}));
  EXPECT_EQ(run(g, degree_direction::total, true, true), (std::vector<double>{1.5, 2, 6.5}));
}

TEST(Degree, UndirectedSelfTieCountsTwice) {
  // 0-1 (1), 1-2 (2), 2-2 (5).
  const auto g = make(3, {0, 1, 2}, {1, 2, 2}, {1, 2, 5}, false);
  const std::vector<double> deg{1, 2, 3}, strength{1, 3, 12};
  for (const auto d : {degree_direction::total, degree_direction::in, degree_direction::out}) {
    EXPECT_EQ(run(g, d, false, false), deg);
    EXPECT_EQ(run(g, d, true, false), strength);
  }
  EXPECT_EQ(run(g, degree_direction::total, false, true), (std::vector<double>{0.5, 1, 1.5}));
}

TEST(Degree, StarAndIsolate) {
  // Undirected star 0-{1,2,3} plus isolated 4: n - 1 = 4.
  const auto g = make(5, {0, 0, 0}, {1, 2, 3}, {}, false);
  EXPECT_EQ(run(g, degree_direction::total, false, true), (std::vector<double>{0.75, 0.25, 0.25, 0.25, 0}));
}

TEST(Degree, TinyGraphs) {
  const onakit::graph empty;
  EXPECT_TRUE(onakit::degree(empty).scores.empty());
  // networkx: a graph of one person has degree centrality 1.
  const auto one = make(1, {}, {}, {}, true);
  EXPECT_EQ(onakit::degree(one).scores, (std::vector<double>{1.0}));
  EXPECT_EQ(run(one, degree_direction::total, false, false), (std::vector<double>{0.0}));
}

}  // namespace
