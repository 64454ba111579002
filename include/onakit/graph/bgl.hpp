#pragma once
/// \file bgl.hpp
/// Boost.Graph adaptation of onakit::graph, so any BGL algorithm runs on it.
///
/// Models VertexListGraph, EdgeListGraph, IncidenceGraph, BidirectionalGraph
/// and AdjacencyGraph, with readable property maps for `boost::vertex_index`
/// (identity), `boost::edge_index` (position in the CSR arrays) and
/// `boost::edge_weight`. BGL's directedness is a compile-time tag, so an
/// undirected onakit graph appears to BGL as the equivalent symmetric
/// directed graph (each tie as two arcs), which is what path algorithms
/// such as Dijkstra or BFS need.
///
/// \code
///   #include <onakit/graph/bgl.hpp>
///   #include <boost/graph/dijkstra_shortest_paths.hpp>
///   std::vector<double> dist(boost::num_vertices(g));
///   boost::dijkstra_shortest_paths(g, 0, boost::distance_map(dist.data()));
/// \endcode

#include <onakit/graph/graph.hpp>

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <boost/property_map/property_map.hpp>

#include <utility>

namespace onakit::inline v0_1 {

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
inline std::pair<boost::counting_iterator<vertex_id>, boost::counting_iterator<vertex_id>> vertices(const graph& g) {
  return {boost::counting_iterator<vertex_id>(0), boost::counting_iterator<vertex_id>(g.num_vertices())};
}
inline vertex_id num_vertices(const graph& g) { return g.num_vertices(); }
inline std::pair<detail::all_edge_iter, detail::all_edge_iter> edges(const graph& g) {
  return {detail::all_edge_iter(&g, 0), detail::all_edge_iter(&g, g.num_arcs())};
}
/// Number of arcs BGL sees (an undirected tie counts twice, a self-tie once).
inline edge_id num_edges(const graph& g) { return g.num_arcs(); }
inline std::pair<detail::out_edge_iter, detail::out_edge_iter> out_edges(vertex_id u, const graph& g) {
  return {detail::out_edge_iter(&g, u, g.out_offsets()[u]), detail::out_edge_iter(&g, u, g.out_offsets()[u + 1])};
}
inline edge_id out_degree(vertex_id u, const graph& g) { return g.out_degree(u); }
inline std::pair<detail::in_edge_iter, detail::in_edge_iter> in_edges(vertex_id v, const graph& g) {
  if (g.directed()) return {detail::in_edge_iter(&g, v, g.in_offsets()[v]), detail::in_edge_iter(&g, v, g.in_offsets()[v + 1])};
  return {detail::in_edge_iter(&g, v, g.out_offsets()[v]), detail::in_edge_iter(&g, v, g.out_offsets()[v + 1])};
}
inline edge_id in_degree(vertex_id v, const graph& g) { return g.in_degree(v); }
inline edge_id degree(vertex_id v, const graph& g) { return g.in_degree(v) + g.out_degree(v); }
inline std::pair<detail::adjacency_iter, detail::adjacency_iter> adjacent_vertices(vertex_id u, const graph& g) {
  const auto row = g.out_neighbors(u);
  return {detail::adjacency_iter(row.data()), detail::adjacency_iter(row.data() + row.size())};
}
inline vertex_id source(const bgl_edge& e, const graph&) { return e.source; }
inline vertex_id target(const bgl_edge& e, const graph&) { return e.target; }
inline std::pair<bgl_edge, bool> edge(vertex_id u, vertex_id v, const graph& g) {
  const auto row = g.out_neighbors(u);
  const auto it = std::lower_bound(row.begin(), row.end(), v);
  if (it == row.end() || *it != v) return {bgl_edge{u, v, 0}, false};
  return {bgl_edge{u, v, static_cast<edge_id>(g.out_offsets()[u] + static_cast<edge_id>(it - row.begin()))}, true};
}

inline boost::typed_identity_property_map<vertex_id> get(boost::vertex_index_t, const graph&) { return {}; }
inline vertex_id get(boost::vertex_index_t, const graph&, vertex_id v) { return v; }
inline detail::edge_weight_map get(boost::edge_weight_t, const graph& g) { return {g.out_weights().data()}; }
inline weight_t get(boost::edge_weight_t, const graph& g, const bgl_edge& e) { return g.out_weights()[e.index]; }
inline detail::edge_index_map get(boost::edge_index_t, const graph&) { return {}; }

}  // namespace onakit

namespace boost {

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
struct property_map<const onakit::graph, vertex_index_t> : property_map<onakit::graph, vertex_index_t> {};
template <>
struct property_map<const onakit::graph, edge_weight_t> : property_map<onakit::graph, edge_weight_t> {};
template <>
struct property_map<const onakit::graph, edge_index_t> : property_map<onakit::graph, edge_index_t> {};

}  // namespace boost
