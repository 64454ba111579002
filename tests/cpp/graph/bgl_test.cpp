#include <onakit/graph/bgl.hpp>
#include <onakit/graph/builder.hpp>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/strong_components.hpp>
#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace {

BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<onakit::graph>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<onakit::graph, onakit::bgl_edge, boost::edge_weight_t>));

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

}  // namespace
