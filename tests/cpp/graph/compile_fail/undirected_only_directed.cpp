// Compile-fail check (tests/CMakeLists.txt): BGL's undirected-only
// algorithms other than connected_components on an onakit::graph must not
// compile either. ONAKIT_CASE picks the call; ONAKIT_EXPECT_COMPILES runs
// them all on an undirected_view instead (the control).
#include <onakit/graph/undirected_view.hpp>

#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/kruskal_min_spanning_tree.hpp>
#include <boost/property_map/property_map.hpp>

#include <iterator>
#include <vector>

#ifdef ONAKIT_EXPECT_COMPILES
using graph_type = onakit::undirected_view;
#else
using graph_type = onakit::graph;
#endif

std::size_t run(const graph_type& g) {
  std::vector<int> comp(boost::num_edges(g));
  std::vector<onakit::vertex_id> cut;
  std::vector<boost::graph_traits<graph_type>::edge_descriptor> tree;
#if defined(ONAKIT_EXPECT_COMPILES) || ONAKIT_CASE == 1
  (void)boost::biconnected_components(g, boost::make_iterator_property_map(comp.begin(), get(boost::edge_index, g)));
#endif
#if defined(ONAKIT_EXPECT_COMPILES) || ONAKIT_CASE == 2
  boost::articulation_points(g, std::back_inserter(cut));
#endif
#if defined(ONAKIT_EXPECT_COMPILES) || ONAKIT_CASE == 3
  boost::kruskal_minimum_spanning_tree(g, std::back_inserter(tree));
#endif
  return cut.size() + tree.size();
}
