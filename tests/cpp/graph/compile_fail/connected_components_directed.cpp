// Compile-fail check (tests/CMakeLists.txt): BGL's two-argument
// connected_components on an onakit::graph must not compile, because BGL
// would read the directed graph as undirected and count DFS trees. With
// ONAKIT_EXPECT_COMPILES the right way (undirected_view) is compiled
// instead, so the check proves the snippet itself is sound.
#include <onakit/graph/undirected_view.hpp>

#include <boost/graph/connected_components.hpp>

#include <vector>

int count_components(const onakit::graph& g) {
  std::vector<int> comp(boost::num_vertices(g));
#ifdef ONAKIT_EXPECT_COMPILES
  return boost::connected_components(onakit::undirected_view(g), comp.data());
#elif defined(ONAKIT_NAMED_PARAMS)
  return boost::connected_components(g, comp.data(), boost::color_map(static_cast<boost::default_color_type*>(nullptr)));
#else
  return boost::connected_components(g, comp.data());
#endif
}
