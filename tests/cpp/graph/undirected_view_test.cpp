#include <onakit/centrality/cut_points.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/graph/components.hpp>
#include <onakit/graph/make_graph.hpp>
#include <onakit/graph/undirected_view.hpp>
#include <onakit/ingest/email_csv.hpp>

#include "test_data.hpp"

#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/kruskal_min_spanning_tree.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using onakit::undirected_view;
using onakit::vertex_id;

BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<undirected_view>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<undirected_view>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<undirected_view>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<undirected_view>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyGraphConcept<undirected_view, onakit::undirected_edge, boost::edge_weight_t>));
BOOST_CONCEPT_ASSERT(
    (boost::ReadablePropertyGraphConcept<undirected_view, onakit::undirected_edge, onakit::edge_distance_t>));
static_assert(std::is_same_v<boost::graph_traits<undirected_view>::directed_category, boost::undirected_tag>);

// Two triangles {0,1,2} and {3,4,5} joined by the bridge 2-3, a self-tie on 5, 6 isolated.
onakit::graph bowtie(bool directed = false) {
  const std::vector<vertex_id> s{0, 1, 0, 2, 3, 4, 3, 5}, t{1, 2, 2, 3, 4, 5, 5, 5};
  const std::vector<double> w{1, 2, 3, 4, 5, 6, 7, 8};
  return onakit::make_graph(7, s, t, w, directed);
}

TEST(UndirectedView, RefusesADirectedGraph) {
  const auto g = bowtie(true);
  try {
    (void)undirected_view(g);
    FAIL() << "expected invalid_option";
  } catch (const onakit::invalid_option& e) {
    EXPECT_NE(std::string(e.what()).find("weakly_connected_components"), std::string::npos) << e.what();
  }
}

TEST(UndirectedView, EachTieOnceWithOneIndex) {
  const auto g = bowtie();
  const undirected_view ug(g);
  EXPECT_EQ(boost::num_edges(ug), 8u);  // ties, where boost::num_edges(g) counts 15 arcs
  EXPECT_EQ(boost::num_edges(g), 15u);
  std::set<std::pair<vertex_id, vertex_id>> seen;
  std::set<onakit::edge_id> ids;
  const auto idx = get(boost::edge_index, ug);
  const auto wmap = get(boost::edge_weight, ug);
  double total = 0;
  for (auto [it, end] = boost::edges(ug); it != end; ++it) {
    const auto u = boost::source(*it, ug), v = boost::target(*it, ug);
    EXPECT_LE(u, v);
    seen.insert({u, v});
    ids.insert(get(idx, *it));
    total += get(wmap, *it);
  }
  EXPECT_EQ(seen.size(), 8u);
  EXPECT_EQ(ids.size(), 8u);
  EXPECT_EQ(*ids.rbegin(), 7u);  // dense 0 .. num_ties-1
  EXPECT_DOUBLE_EQ(total, 36.0);
  // Both directions of a tie are one edge.
  const auto [a, fa] = boost::edge(vertex_id{2}, vertex_id{3}, ug);
  const auto [b, fb] = boost::edge(vertex_id{3}, vertex_id{2}, ug);
  ASSERT_TRUE(fa && fb);
  EXPECT_EQ(a, b);
  EXPECT_EQ(get(idx, a), get(idx, b));
  EXPECT_DOUBLE_EQ(get(get(onakit::edge_distance, ug), a), 0.25);
  for (auto [it, end] = boost::out_edges(vertex_id{3}, ug); it != end; ++it) EXPECT_EQ(boost::source(*it, ug), 3u);
}

TEST(UndirectedView, ComponentsBiconnectedAndKruskal) {
  const auto g = bowtie();
  const undirected_view ug(g);
  std::vector<int> comp(boost::num_vertices(ug));
  EXPECT_EQ(boost::connected_components(ug, comp.data()), 2);
  EXPECT_EQ(comp[0], comp[5]);
  EXPECT_NE(comp[0], comp[6]);
  std::vector<vertex_id> art;
  boost::articulation_points(ug, std::back_inserter(art));
  std::sort(art.begin(), art.end());
  EXPECT_EQ(art, (std::vector<vertex_id>{2, 3}));
  // Maximum spanning forest by strength = minimum by length 1/w.
  std::vector<onakit::undirected_edge> tree;
  boost::kruskal_minimum_spanning_tree(ug, std::back_inserter(tree),
                                       boost::weight_map(get(onakit::edge_distance, ug)));
  double kept = 0;
  for (const auto& e : tree) kept += get(get(boost::edge_weight, ug), e);
  EXPECT_EQ(tree.size(), 5u);      // 7 people, 2 components
  EXPECT_DOUBLE_EQ(kept, 3 + 2 + 4 + 7 + 6);  // drops 0-1 (1) and 3-4 (5); the self-tie never
}

onakit::graph radoslaw(bool directed, double min_weight = 0) {
  onakit::email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  const auto log = onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), o);
  onakit::build_options bo;
  bo.directed = directed;
  bo.min_weight = min_weight;
  return onakit::build_graph(log, bo).graph;
}

/// Expects two component labellings to be the same partition.
void expect_same_partition(const std::vector<int>& a, const onakit::components_result& b,
                           const onakit::graph& g) {
  std::map<int, vertex_id> to_b;
  for (vertex_id v = 0; v < g.num_vertices(); ++v) {
    const auto [it, inserted] = to_b.emplace(a[v], b.component[v]);
    EXPECT_EQ(it->second, b.component[v]) << "person " << g.labels()[v];
  }
  EXPECT_EQ(to_b.size(), b.count);
}

// The trap: BGL's two-argument connected_components accepts any
// graph and, on a directed one, counts DFS trees (29 on radoslaw, which is
// one weak component). onakit refuses that call at compile time (see
// compile_fail/connected_components_directed.cpp); the right ways agree
// with onakit's own components.
TEST(UndirectedViewRealData, ConnectedComponentsMatchOnakit) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  // Everyone: the weak components of the directed graph are the components
  // of the undirected one (same ties, direction dropped).
  const auto dg = radoslaw(true);
  const auto weak = onakit::weakly_connected_components(dg);
  const auto ug = radoslaw(false);
  ASSERT_EQ(ug.labels(), dg.labels());
  const undirected_view view(ug);
  std::vector<int> comp(boost::num_vertices(view));
  EXPECT_EQ(static_cast<vertex_id>(boost::connected_components(view, comp.data())), weak.count);
  expect_same_partition(comp, weak, ug);
  // Strong ties only (>= 10 messages): many components, same partition.
  const auto strong = radoslaw(false, 10.0);
  const auto cc = onakit::weakly_connected_components(strong);
  EXPECT_GT(cc.count, 10u);
  const undirected_view sview(strong);
  EXPECT_EQ(static_cast<vertex_id>(boost::connected_components(sview, comp.data())), cc.count);
  expect_same_partition(comp, cc, strong);
}

// Articulation points need BGL's undirected DFS to see both directions of a
// tie as one edge: the view's shared edge index makes them match onakit's.
TEST(UndirectedViewRealData, ArticulationPointsMatchOnakit) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  const auto g = radoslaw(false);
  const undirected_view view(g);
  std::vector<vertex_id> art;
  boost::articulation_points(view, std::back_inserter(art));
  std::sort(art.begin(), art.end());
  std::vector<vertex_id> expect;
  const auto cp = onakit::cut_points(g);
  for (vertex_id v = 0; v < g.num_vertices(); ++v)
    if (cp.articulation[v]) expect.push_back(v);
  EXPECT_EQ(art, expect);
  EXPECT_FALSE(expect.empty());
}

}  // namespace
