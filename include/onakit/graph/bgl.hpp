#pragma once
/// \file bgl.hpp
/// Boost.Graph adaptation of onakit::graph, so any BGL algorithm runs on it.
///
/// Models VertexListGraph, EdgeListGraph, IncidenceGraph, BidirectionalGraph
/// and AdjacencyGraph, with readable property maps for `boost::vertex_index`
/// (identity), `boost::edge_index` (position in the CSR arrays),
/// `boost::edge_weight`, `onakit::edge_distance` and `onakit::vertex_label`.
///
/// ## Directed, always: use undirected_view for undirected algorithms
/// BGL's directedness is a compile-time tag, so `onakit::graph` is always
/// *directed* for BGL (`bidirectional_tag`): an undirected onakit graph
/// appears as the equivalent symmetric directed graph (each tie as two
/// arcs), which is what path algorithms such as Dijkstra or BFS need. For an
/// algorithm that needs an undirected graph (connected components,
/// biconnected components, Kruskal, Stoer-Wagner) wrap an undirected graph
/// in onakit::undirected_view (<onakit/graph/undirected_view.hpp>); for
/// components of a directed graph use onakit::weakly_connected_components /
/// strongly_connected_components (<onakit/graph/components.hpp>) or
/// boost::strong_components. `boost::connected_components(g, ...)` on an
/// `onakit::graph` does not compile, nor do biconnected_components,
/// articulation_points and kruskal_minimum_spanning_tree (BGL would accept
/// them and answer wrongly: connected_components counts DFS trees).
///
/// ## Weight is strength, distance is length
/// `get(boost::edge_weight, g)` is the tie *strength* (messages, hours):
/// larger = closer. BGL's path algorithms read their weight map as a
/// *length*, so give them `get(onakit::edge_distance, g)` (1/w, infinite for
/// w = 0): the lengths onakit's own weighted closeness, betweenness and
/// shortest paths use. `get(onakit::vertex_label, g)` gives people's labels.
///
/// ## Counting ties
/// `boost::num_edges(g)` is the number of *arcs* BGL iterates (an undirected
/// tie counts twice, a self-tie once: g.num_arcs()); `g.num_ties()` (alias
/// g.num_edges()) counts ties. On an undirected_view both are the ties.
///
/// \code
///   #include <onakit/graph/bgl.hpp>
///   #include <boost/graph/dijkstra_shortest_paths.hpp>
///   std::vector<double> dist(boost::num_vertices(g));
///   boost::dijkstra_shortest_paths(g, 0, boost::distance_map(dist.data())
///                                            .weight_map(get(onakit::edge_distance, g)));
///   const auto label = get(onakit::vertex_label, g);
///   std::cout << get(label, 0) << " to " << get(label, 1) << ": " << dist[1] << "\n";
/// \endcode

#include <onakit/graph/graph.hpp>

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/named_function_params.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>

#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

namespace onakit::inline v0_1 {

/// Property tag of tie lengths 1/w (infinite for w = 0): the weight map to
/// give BGL's path algorithms (Dijkstra, Bellman-Ford, Johnson, Brandes).
/// `get(onakit::edge_distance, g)`; O(1) per lookup.
enum edge_distance_t { edge_distance };
/// Property tag of people's labels (the identifier strings of the graph).
/// `get(onakit::vertex_label, g)` throws invalid_option when the graph has
/// no labels (built from ids); a lookup returns `const std::string&`.
enum vertex_label_t { vertex_label };

/// BGL edge descriptor: both endpoints and the tie's index in the out arrays.
struct bgl_edge {
  vertex_id source = 0;
  vertex_id target = 0;
  edge_id index = 0;
  friend bool operator==(const bgl_edge& a, const bgl_edge& b) noexcept { return a.index == b.index && a.source == b.source; }
  friend bool operator!=(const bgl_edge& a, const bgl_edge& b) noexcept { return !(a == b); }
};

namespace detail {

class out_edge_iter
    : public boost::iterator_facade<out_edge_iter, bgl_edge, boost::random_access_traversal_tag, bgl_edge> {
 public:
  out_edge_iter() = default;
  out_edge_iter(const graph* g, vertex_id u, edge_id e) : g_(g), u_(u), e_(e) {}

 private:
  friend class boost::iterator_core_access;
  bgl_edge dereference() const { return {u_, g_->out_targets()[e_], e_}; }
  bool equal(const out_edge_iter& o) const { return e_ == o.e_; }
  void increment() { ++e_; }
  void decrement() { --e_; }
  void advance(std::ptrdiff_t d) { e_ = static_cast<edge_id>(static_cast<std::ptrdiff_t>(e_) + d); }
  std::ptrdiff_t distance_to(const out_edge_iter& o) const {
    return static_cast<std::ptrdiff_t>(o.e_) - static_cast<std::ptrdiff_t>(e_);
  }
  const graph* g_ = nullptr;
  vertex_id u_ = 0;
  edge_id e_ = 0;
};

class in_edge_iter
    : public boost::iterator_facade<in_edge_iter, bgl_edge, boost::random_access_traversal_tag, bgl_edge> {
 public:
  in_edge_iter() = default;
  in_edge_iter(const graph* g, vertex_id v, edge_id p) : g_(g), v_(v), p_(p) {}

 private:
  friend class boost::iterator_core_access;
  bgl_edge dereference() const {
    if (g_->directed()) return {g_->in_sources()[p_], v_, g_->in_edges()[p_]};
    return {g_->out_targets()[p_], v_, p_};  // symmetric: v's row lists its in-neighbours
  }
  bool equal(const in_edge_iter& o) const { return p_ == o.p_; }
  void increment() { ++p_; }
  void decrement() { --p_; }
  void advance(std::ptrdiff_t d) { p_ = static_cast<edge_id>(static_cast<std::ptrdiff_t>(p_) + d); }
  std::ptrdiff_t distance_to(const in_edge_iter& o) const {
    return static_cast<std::ptrdiff_t>(o.p_) - static_cast<std::ptrdiff_t>(p_);
  }
  const graph* g_ = nullptr;
  vertex_id v_ = 0;
  edge_id p_ = 0;
};

class all_edge_iter
    : public boost::iterator_facade<all_edge_iter, bgl_edge, boost::forward_traversal_tag, bgl_edge> {
 public:
  all_edge_iter() = default;
  all_edge_iter(const graph* g, edge_id e) : g_(g), e_(e) { settle(); }

 private:
  friend class boost::iterator_core_access;
  void settle() {
    const auto off = g_->out_offsets();
    while (u_ + 1 < off.size() && off[u_ + 1] <= e_) ++u_;
  }
  bgl_edge dereference() const { return {static_cast<vertex_id>(u_), g_->out_targets()[e_], e_}; }
  bool equal(const all_edge_iter& o) const { return e_ == o.e_; }
  void increment() {
    ++e_;
    settle();
  }
  const graph* g_ = nullptr;
  std::size_t u_ = 0;
  edge_id e_ = 0;
};

class adjacency_iter
    : public boost::iterator_facade<adjacency_iter, vertex_id, boost::random_access_traversal_tag, vertex_id> {
 public:
  adjacency_iter() = default;
  explicit adjacency_iter(const vertex_id* p) : p_(p) {}

 private:
  friend class boost::iterator_core_access;
  vertex_id dereference() const { return *p_; }
  bool equal(const adjacency_iter& o) const { return p_ == o.p_; }
  void increment() { ++p_; }
  void decrement() { --p_; }
  void advance(std::ptrdiff_t d) { p_ += d; }
  std::ptrdiff_t distance_to(const adjacency_iter& o) const { return o.p_ - p_; }
  const vertex_id* p_ = nullptr;
};

/// Readable property map of tie weights (or indices) by edge descriptor.
struct edge_weight_map {
  using key_type = bgl_edge;
  using value_type = weight_t;
  using reference = weight_t;
  using category = boost::readable_property_map_tag;
  const weight_t* w = nullptr;
  friend weight_t get(const edge_weight_map& m, const bgl_edge& e) { return m.w[e.index]; }
};
/// Readable property map of tie lengths 1/w (infinite for w = 0).
struct edge_distance_map {
  using key_type = bgl_edge;
  using value_type = double;
  using reference = double;
  using category = boost::readable_property_map_tag;
  const weight_t* w = nullptr;
  friend double get(const edge_distance_map& m, const bgl_edge& e) {
    const weight_t x = m.w[e.index];
    return x > 0 ? 1.0 / x : std::numeric_limits<double>::infinity();
  }
};
/// Readable property map of people's labels by vertex id.
struct vertex_label_map {
  using key_type = vertex_id;
  using value_type = std::string;
  using reference = const std::string&;
  using category = boost::readable_property_map_tag;
  const std::string* labels = nullptr;
  friend const std::string& get(const vertex_label_map& m, vertex_id v) { return m.labels[v]; }
};
/// The label map of `g`; throws invalid_option when it has no labels.
inline vertex_label_map label_map_of(const graph& g, const char* who) {
  if (g.labels().empty() && g.num_vertices() > 0)
    throw invalid_option(std::string(who) + ": the graph has no labels (it was built from ids, not from a "
                         "message log or labelled ties)");
  return {g.labels().data()};
}
template <class>
inline constexpr bool always_false = false;
struct edge_index_map {
  using key_type = bgl_edge;
  using value_type = edge_id;
  using reference = edge_id;
  using category = boost::readable_property_map_tag;
  friend edge_id get(const edge_index_map&, const bgl_edge& e) { return e.index; }
};

}  // namespace detail

struct bgl_traversal_category : boost::bidirectional_graph_tag,
                                boost::vertex_list_graph_tag,
                                boost::edge_list_graph_tag,
                                boost::adjacency_graph_tag {};

// ---- the BGL free functions, found by ADL -------------------------------
/// BGL VertexListGraph: every person, as vertex ids 0 .. n-1. O(1).
/// \throws nothing.
inline std::pair<boost::counting_iterator<vertex_id>, boost::counting_iterator<vertex_id>> vertices(const graph& g) {
  return {boost::counting_iterator<vertex_id>(0), boost::counting_iterator<vertex_id>(g.num_vertices())};
}
/// BGL VertexListGraph: the number of people. O(1).
/// \throws nothing.
inline vertex_id num_vertices(const graph& g) { return g.num_vertices(); }
/// BGL EdgeListGraph: every arc, in CSR order. O(1).
/// \throws nothing.
inline std::pair<detail::all_edge_iter, detail::all_edge_iter> edges(const graph& g) {
  return {detail::all_edge_iter(&g, 0), detail::all_edge_iter(&g, g.num_arcs())};
}
/// Number of arcs BGL sees (an undirected tie counts twice, a self-tie once).
/// \throws nothing.
inline edge_id num_edges(const graph& g) { return g.num_arcs(); }
/// BGL IncidenceGraph: the ties out of `u` (u must be < num_vertices). O(1).
/// \throws nothing.
inline std::pair<detail::out_edge_iter, detail::out_edge_iter> out_edges(vertex_id u, const graph& g) {
  return {detail::out_edge_iter(&g, u, g.out_offsets()[u]), detail::out_edge_iter(&g, u, g.out_offsets()[u + 1])};
}
/// BGL IncidenceGraph: the number of ties out of `u`. O(1).
/// \throws nothing.
inline edge_id out_degree(vertex_id u, const graph& g) { return g.out_degree(u); }
/// BGL BidirectionalGraph: the ties into `v`. O(1).
/// \throws nothing.
inline std::pair<detail::in_edge_iter, detail::in_edge_iter> in_edges(vertex_id v, const graph& g) {
  if (g.directed()) return {detail::in_edge_iter(&g, v, g.in_offsets()[v]), detail::in_edge_iter(&g, v, g.in_offsets()[v + 1])};
  return {detail::in_edge_iter(&g, v, g.out_offsets()[v]), detail::in_edge_iter(&g, v, g.out_offsets()[v + 1])};
}
/// BGL BidirectionalGraph: the number of ties into `v`. O(1).
/// \throws nothing.
inline edge_id in_degree(vertex_id v, const graph& g) { return g.in_degree(v); }
/// BGL BidirectionalGraph: in_degree + out_degree. O(1).
/// \throws nothing.
inline edge_id degree(vertex_id v, const graph& g) { return g.in_degree(v) + g.out_degree(v); }
/// BGL AdjacencyGraph: the people `u` has a tie to. O(1).
/// \throws nothing.
inline std::pair<detail::adjacency_iter, detail::adjacency_iter> adjacent_vertices(vertex_id u, const graph& g) {
  const auto row = g.out_neighbors(u);
  return {detail::adjacency_iter(row.data()), detail::adjacency_iter(row.data() + row.size())};
}
/// BGL: the tail of edge `e`. O(1).
/// \throws nothing.
inline vertex_id source(const bgl_edge& e, const graph&) { return e.source; }
/// BGL: the head of edge `e`. O(1).
/// \throws nothing.
inline vertex_id target(const bgl_edge& e, const graph&) { return e.target; }
/// BGL AdjacencyMatrix-style lookup: the tie u -> v and true, or false. O(log out_degree(u)).
/// \throws nothing.
inline std::pair<bgl_edge, bool> edge(vertex_id u, vertex_id v, const graph& g) {
  const auto row = g.out_neighbors(u);
  const auto it = std::lower_bound(row.begin(), row.end(), v);
  if (it == row.end() || *it != v) return {bgl_edge{u, v, 0}, false};
  return {bgl_edge{u, v, static_cast<edge_id>(g.out_offsets()[u] + static_cast<edge_id>(it - row.begin()))}, true};
}

/// BGL property map `boost::vertex_index`: the identity. O(1).
/// \throws nothing.
inline boost::typed_identity_property_map<vertex_id> get(boost::vertex_index_t, const graph&) { return {}; }
/// `boost::vertex_index` of `v`: v itself.
/// \throws nothing.
inline vertex_id get(boost::vertex_index_t, const graph&, vertex_id v) { return v; }
/// BGL property map `boost::edge_weight`: tie strength (larger = closer), not a length. O(1).
/// \throws nothing.
inline detail::edge_weight_map get(boost::edge_weight_t, const graph& g) { return {g.out_weights().data()}; }
/// Tie strength of edge `e`.
/// \throws nothing.
inline weight_t get(boost::edge_weight_t, const graph& g, const bgl_edge& e) { return g.out_weights()[e.index]; }
/// BGL property map `boost::edge_index`: the arc's position in the CSR arrays. O(1).
/// \throws nothing.
inline detail::edge_index_map get(boost::edge_index_t, const graph&) { return {}; }
/// Tie lengths 1/w for BGL's path algorithms (see the file comment).
/// \throws nothing.
inline detail::edge_distance_map get(edge_distance_t, const graph& g) { return {g.out_weights().data()}; }
/// Tie length 1/w of edge `e` (infinite for w = 0).
/// \throws nothing.
inline double get(edge_distance_t, const graph& g, const bgl_edge& e) { return get(get(edge_distance, g), e); }
/// BGL property map `onakit::vertex_label`: people's labels. O(1).
/// \throws invalid_option when the graph has no labels (built from ids).
inline detail::vertex_label_map get(vertex_label_t, const graph& g) {
  return detail::label_map_of(g, "get(onakit::vertex_label, g)");
}
/// Label of person `v`.
/// \throws invalid_option when the graph has no labels (built from ids).
inline const std::string& get(vertex_label_t, const graph& g, vertex_id v) {
  return get(get(vertex_label, g), v);
}

}  // namespace onakit

namespace boost {

template <>
struct property_kind<onakit::edge_distance_t> {
  using type = edge_property_tag;
};
template <>
struct property_kind<onakit::vertex_label_t> {
  using type = vertex_property_tag;
};

// Also reachable as boost::num_vertices(g) etc., as for BGL's own graphs;
// BGL's algorithms find the onakit:: overloads by ADL.
using onakit::adjacent_vertices;
using onakit::degree;
using onakit::edge;
using onakit::edges;
using onakit::in_degree;
using onakit::in_edges;
using onakit::num_edges;
using onakit::num_vertices;
using onakit::out_degree;
using onakit::out_edges;
using onakit::source;
using onakit::target;
using onakit::vertices;

template <>
struct graph_traits<onakit::graph> {
  using vertex_descriptor = onakit::vertex_id;
  using edge_descriptor = onakit::bgl_edge;
  using directed_category = bidirectional_tag;
  using edge_parallel_category = disallow_parallel_edge_tag;
  using traversal_category = onakit::bgl_traversal_category;
  using vertex_iterator = counting_iterator<onakit::vertex_id>;
  using edge_iterator = onakit::detail::all_edge_iter;
  using out_edge_iterator = onakit::detail::out_edge_iter;
  using in_edge_iterator = onakit::detail::in_edge_iter;
  using adjacency_iterator = onakit::detail::adjacency_iter;
  using vertices_size_type = onakit::vertex_id;
  using edges_size_type = onakit::edge_id;
  using degree_size_type = onakit::edge_id;
  static onakit::vertex_id null_vertex() { return onakit::null_vertex; }
};
template <>
struct graph_traits<const onakit::graph> : graph_traits<onakit::graph> {};

template <>
struct property_map<onakit::graph, vertex_index_t> {
  using type = typed_identity_property_map<onakit::vertex_id>;
  using const_type = type;
};
template <>
struct property_map<onakit::graph, edge_weight_t> {
  using type = onakit::detail::edge_weight_map;
  using const_type = type;
};
template <>
struct property_map<onakit::graph, edge_index_t> {
  using type = onakit::detail::edge_index_map;
  using const_type = type;
};
template <>
struct property_map<onakit::graph, onakit::edge_distance_t> {
  using type = onakit::detail::edge_distance_map;
  using const_type = type;
};
template <>
struct property_map<onakit::graph, onakit::vertex_label_t> {
  using type = onakit::detail::vertex_label_map;
  using const_type = type;
};
template <>
struct property_map<const onakit::graph, onakit::edge_distance_t> : property_map<onakit::graph, onakit::edge_distance_t> {};
template <>
struct property_map<const onakit::graph, onakit::vertex_label_t> : property_map<onakit::graph, onakit::vertex_label_t> {};
template <>
struct property_map<const onakit::graph, vertex_index_t> : property_map<onakit::graph, vertex_index_t> {};
template <>
struct property_map<const onakit::graph, edge_weight_t> : property_map<onakit::graph, edge_weight_t> {};
template <>
struct property_map<const onakit::graph, edge_index_t> : property_map<onakit::graph, edge_index_t> {};

// BGL's undirected-only algorithms do not check directedness (the
// two-argument connected_components, biconnected_components,
// articulation_points, kruskal_minimum_spanning_tree), so on a directed
// graph they compile and answer wrongly: connected_components counts DFS
// trees (29 on radoslaw_email, which is one weak component). onakit::graph
// is directed for BGL, so these more specialised overloads turn such calls
// into a compile error that says what to use instead.
#define ONAKIT_BGL_UNDIRECTED_ONLY(what)                                                                   \
  static_assert(onakit::detail::always_false<Guard>, "onakit::graph is a directed graph for BGL: " what \
                " needs an undirected graph; use onakit::undirected_view(g) (an undirected onakit graph), " \
                "or onakit::weakly_connected_components(g) for components of a directed one")

template <class Guard>
typename property_traits<Guard>::value_type connected_components(const onakit::graph&, Guard) {
  ONAKIT_BGL_UNDIRECTED_ONLY("connected_components");
  return {};
}
template <class Guard, class P, class T, class R>
typename property_traits<Guard>::value_type connected_components(const onakit::graph&, Guard,
                                                                 const bgl_named_params<P, T, R>&) {
  ONAKIT_BGL_UNDIRECTED_ONLY("connected_components");
  return {};
}
template <class Guard>
std::size_t biconnected_components(const onakit::graph&, Guard) {
  ONAKIT_BGL_UNDIRECTED_ONLY("biconnected_components");
  return 0;
}
template <class Guard, class P, class T, class R>
std::size_t biconnected_components(const onakit::graph&, Guard, const bgl_named_params<P, T, R>&) {
  ONAKIT_BGL_UNDIRECTED_ONLY("biconnected_components");
  return 0;
}
template <class Guard, class Out>
std::pair<std::size_t, Out> biconnected_components(const onakit::graph&, Guard, Out out) {
  ONAKIT_BGL_UNDIRECTED_ONLY("biconnected_components");
  return {0, out};
}
template <class Guard, class Out, class P, class T, class R>
std::pair<std::size_t, Out> biconnected_components(const onakit::graph&, Guard, Out out,
                                                   const bgl_named_params<P, T, R>&) {
  ONAKIT_BGL_UNDIRECTED_ONLY("biconnected_components");
  return {0, out};
}
template <class Guard>
Guard articulation_points(const onakit::graph&, Guard out) {
  ONAKIT_BGL_UNDIRECTED_ONLY("articulation_points");
  return out;
}
template <class Guard, class P, class T, class R>
Guard articulation_points(const onakit::graph&, Guard out, const bgl_named_params<P, T, R>&) {
  ONAKIT_BGL_UNDIRECTED_ONLY("articulation_points");
  return out;
}
template <class Guard>
void kruskal_minimum_spanning_tree(const onakit::graph&, Guard) {
  ONAKIT_BGL_UNDIRECTED_ONLY("kruskal_minimum_spanning_tree");
}
template <class Guard, class P, class T, class R>
void kruskal_minimum_spanning_tree(const onakit::graph&, Guard, const bgl_named_params<P, T, R>&) {
  ONAKIT_BGL_UNDIRECTED_ONLY("kruskal_minimum_spanning_tree");
}
#undef ONAKIT_BGL_UNDIRECTED_ONLY

}  // namespace boost
