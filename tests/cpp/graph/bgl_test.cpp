#include <onakit/centrality/closeness.hpp>
#include <onakit/graph/bgl.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/ingest/email_csv.hpp>

#include "test_data.hpp"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/strong_components.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <limits>
#include <string>
#include <vector>

namespace {

BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<onakit::graph, onakit::bgl_edge, boost::edge_weight_t>));
BOOST_CONCEPT_ASSERT(
    (boost::ReadablePropertyGraphConcept<onakit::graph, onakit::bgl_edge, onakit::edge_distance_t>));
BOOST_CONCEPT_ASSERT(
    (boost::ReadablePropertyGraphConcept<onakit::graph, onakit::vertex_id, onakit::vertex_label_t>));
// Directed for BGL, always: undirected-only algorithms need onakit::undirected_view.
static_assert(std::is_same_v<boost::graph_traits<onakit::graph>::directed_category, boost::bidirectional_tag>);

// 0 ->1 (1), 0->2 (4), 1->2 (2), 2->3 (1), 3->0 (7), 4 isolated
onakit::graph diamond(bool directed = true) {
  const std::vector<onakit::vertex_id> s{0, 0, 1, 2, 3}, t{1, 2, 2, 3, 0};
  const std::vector<double> w{1, 4, 2, 1, 7};
  return onakit::make_graph(5, s, t, w, directed);
}

TEST(Bgl, DijkstraOnTheCsrGraph) {
  const auto g = diamond();
  std::vector<double> dist(boost::num_vertices(g));
  std::vector<onakit::vertex_id> pred(boost::num_vertices(g));
  boost::dijkstra_shortest_paths(g, onakit::vertex_id{0},
                                 boost::distance_map(dist.data()).predecessor_map(pred.data()));
  EXPECT_DOUBLE_EQ(dist[1], 1.0);
  EXPECT_DOUBLE_EQ(dist[2], 3.0);  // via 1, not the direct 4
  EXPECT_DOUBLE_EQ(dist[3], 4.0);
  EXPECT_EQ(dist[4], std::numeric_limits<double>::max());
  EXPECT_EQ(pred[2], 1u);
}

TEST(Bgl, UndirectedGraphIsSymmetricForBgl) {
  const auto g = diamond(false);
  std::vector<double> dist(boost::num_vertices(g));
  boost::dijkstra_shortest_paths(g, onakit::vertex_id{3}, boost::distance_map(dist.data()));
  EXPECT_DOUBLE_EQ(dist[0], 4.0);  // 3-2-1-0 = 1+2+1
  EXPECT_EQ(boost::num_edges(g), 10u);
}

TEST(Bgl, EdgesInEdgesAndStrongComponents) {
  const auto g = diamond();
  std::size_t count = 0;
  double total = 0;
  const auto wmap = get(boost::edge_weight, g);
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    ++count;
    total += get(wmap, *it);
    EXPECT_TRUE(g.has_edge(boost::source(*it, g), boost::target(*it, g)));
  }
  EXPECT_EQ(count, 5u);
  EXPECT_DOUBLE_EQ(total, 15.0);
  std::vector<onakit::vertex_id> in;
  for (auto [it, end] = boost::in_edges(onakit::vertex_id{2}, g); it != end; ++it) {
    in.push_back(boost::source(*it, g));
    EXPECT_EQ(boost::target(*it, g), 2u);
  }
  EXPECT_EQ(in, (std::vector<onakit::vertex_id>{0, 1}));
  std::vector<int> comp(boost::num_vertices(g));
  const int n = boost::strong_components(g, comp.data());
  EXPECT_EQ(n, 2);
  EXPECT_EQ(comp[0], comp[3]);
  EXPECT_NE(comp[0], comp[4]);
}

TEST(Bgl, BreadthFirstSearchVisitsReachablePeople) {
  const auto g = diamond();
  std::vector<boost::default_color_type> color(boost::num_vertices(g));
  std::vector<onakit::vertex_id> order;
  struct rec : boost::default_bfs_visitor {
    std::vector<onakit::vertex_id>* out;
    void discover_vertex(onakit::vertex_id v, const onakit::graph&) const { out->push_back(v); }
  } vis;
  vis.out = &order;
  boost::breadth_first_search(g, onakit::vertex_id{1}, boost::visitor(vis).color_map(color.data()));
  EXPECT_EQ(order, (std::vector<onakit::vertex_id>{1, 2, 3, 0}));
}

TEST(Bgl, DistanceMapIsOneOverWeight) {
  const auto g = diamond();
  const auto wmap = get(boost::edge_weight, g);
  const auto dmap = get(onakit::edge_distance, g);
  for (auto [it, end] = boost::edges(g); it != end; ++it) EXPECT_DOUBLE_EQ(get(dmap, *it), 1.0 / get(wmap, *it));
  // Dijkstra on lengths 1/w prefers the strong direct tie 0->2 (w 4, length 0.25)
  // over 0->1->2 (1 + 0.5), unlike Dijkstra on the strength map.
  std::vector<double> dist(boost::num_vertices(g));
  boost::dijkstra_shortest_paths(g, onakit::vertex_id{0}, boost::distance_map(dist.data()).weight_map(dmap));
  EXPECT_DOUBLE_EQ(dist[2], 0.25);
  EXPECT_DOUBLE_EQ(dist[3], 1.25);
}

TEST(Bgl, ZeroWeightTieHasInfiniteLength) {
  const std::vector<onakit::vertex_id> s{0}, t{1};
  const std::vector<double> w{0.0};
  const auto g = onakit::make_graph(2, s, t, w, true);
  const auto [e, found] = boost::edge(onakit::vertex_id{0}, onakit::vertex_id{1}, g);
  ASSERT_TRUE(found);
  EXPECT_TRUE(std::isinf(get(get(onakit::edge_distance, g), e)));
}

TEST(Bgl, LabelMapAndCounts) {
  auto g = diamond(false);
  EXPECT_THROW((void)get(onakit::vertex_label, g), onakit::invalid_option);
  g.set_labels({"ann", "bob", "cy", "dee", "eve"});
  const auto lab = get(onakit::vertex_label, g);
  EXPECT_EQ(get(lab, onakit::vertex_id{3}), "dee");
  // BGL counts arcs, the graph counts ties.
  EXPECT_EQ(boost::num_edges(g), g.num_arcs());
  EXPECT_EQ(g.num_ties(), 5u);
  EXPECT_EQ(g.num_edges(), g.num_ties());
  EXPECT_EQ(g.num_arcs(), 10u);
}

onakit::message_log radoslaw() {
  onakit::email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  return onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), o);
}

// Dijkstra with onakit::edge_distance gives onakit's weighted closeness (1/w
// lengths, incoming distances, Wasserman-Faust scaling) on a real graph, both
// directed and undirected; with the strength map it does not.
TEST(BglRealData, DijkstraWithDistanceMapMatchesWeightedCloseness) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  const auto log = radoslaw();
  for (const bool directed : {true, false}) {
    onakit::build_options bo;
    bo.directed = directed;
    const auto g = onakit::build_graph(log, bo).graph;
    const auto n = boost::num_vertices(g);
    ASSERT_GT(n, 100u);
    const auto inf = std::numeric_limits<double>::max();
    std::vector<double> total(n, 0.0), reached(n, 0.0), total_strength(n, 0.0);
    std::vector<double> dist(n);
    for (onakit::vertex_id s = 0; s < n; ++s) {
      boost::dijkstra_shortest_paths(g, s, boost::distance_map(dist.data()).weight_map(get(onakit::edge_distance, g)));
      for (onakit::vertex_id u = 0; u < n; ++u)
        if (u != s && dist[u] < inf) total[u] += dist[u], reached[u] += 1;
      boost::dijkstra_shortest_paths(g, s, boost::distance_map(dist.data()));  // the trap: strength as length
      for (onakit::vertex_id u = 0; u < n; ++u)
        if (u != s && dist[u] < inf) total_strength[u] += dist[u];
    }
    onakit::closeness_options co;
    co.weighted = true;
    co.threads = 1;
    const auto c = onakit::closeness(g, co);
    std::size_t differ_with_strength = 0;
    for (onakit::vertex_id u = 0; u < n; ++u) {
      const double expect = total[u] > 0 ? reached[u] / total[u] * reached[u] / static_cast<double>(n - 1) : 0.0;
      EXPECT_NEAR(c.scores[u], expect, 1e-12 * std::max(1.0, expect)) << "person " << g.labels()[u];
      const double wrong =
          total_strength[u] > 0 ? reached[u] / total_strength[u] * reached[u] / static_cast<double>(n - 1) : 0.0;
      differ_with_strength += std::abs(wrong - c.scores[u]) > 1e-6 * std::max(1.0, c.scores[u]);
    }
    EXPECT_GT(differ_with_strength, n / 2) << "the strength map should not give onakit's closeness";
  }
}

TEST(BglRealData, LabelMapAndFindAgreeOnRadoslaw) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  const auto g = onakit::build_graph(radoslaw()).graph;
  const auto lab = get(onakit::vertex_label, g);
  for (onakit::vertex_id v = 0; v < g.num_vertices(); ++v) EXPECT_EQ(g.find(get(lab, v)), v);
  EXPECT_EQ(g.find("no such person"), onakit::graph::npos);
  EXPECT_EQ(g.find(" 17"), onakit::graph::npos);  // exact: no trimming (label_matcher trims)
  EXPECT_NE(g.find("17"), onakit::graph::npos);
}

}  // namespace
