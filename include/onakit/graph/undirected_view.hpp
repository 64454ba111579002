#pragma once
/// \file undirected_view.hpp
/// An undirected onakit::graph as an *undirected* graph for Boost.Graph, for
/// the algorithms that need one (connected_components, biconnected_components,
/// articulation_points, kruskal_minimum_spanning_tree, stoer_wagner_min_cut).
///
/// `onakit::graph` itself is always directed for BGL (bgl.hpp): each
/// undirected tie is two arcs. The view shows each tie once: its
/// `directed_category` is `boost::undirected_tag`, `boost::num_edges(view)`
/// is g.num_ties(), `edges(view)` lists every tie once, and both directions
/// of a tie are the *same* edge (equal descriptors, one `boost::edge_index`
/// in 0 .. num_ties-1), as BGL's undirected DFS needs. A directed graph is
/// refused at construction (invalid_option): use
/// onakit::weakly_connected_components or make_graph(..., directed = false).
///
/// Models VertexListGraph, EdgeListGraph, IncidenceGraph and AdjacencyGraph,
/// with the property maps of bgl.hpp: `boost::vertex_index`,
/// `boost::edge_index` (tie id), `boost::edge_weight` (strength),
/// `onakit::edge_distance` (length 1/w) and `onakit::vertex_label`.
///
/// The view refers to the graph, which must outlive it; copies share the
/// tie index. Construction O(m log d_max) time, 4 bytes per arc.
///
/// \code
///   #include <onakit/graph/undirected_view.hpp>
///   #include <boost/graph/connected_components.hpp>
///   const onakit::undirected_view ug(g);  // throws if g is directed
///   std::vector<int> comp(boost::num_vertices(ug));
///   const int k = boost::connected_components(ug, comp.data());
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/graph/bgl.hpp>
#include <onakit/graph/graph.hpp>

#include <boost/graph/graph_traits.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Edge descriptor of an undirected_view: the endpoints as traversed and the
/// tie id. Both directions of a tie compare equal.
struct undirected_edge {
  vertex_id source = 0;
  vertex_id target = 0;
  edge_id tie = 0;  ///< 0 .. num_ties-1; also the index of the arc for the weight
  edge_id arc = 0;  ///< position in the CSR out arrays (for weights)
  friend bool operator==(const undirected_edge& a, const undirected_edge& b) noexcept { return a.tie == b.tie; }
  friend bool operator!=(const undirected_edge& a, const undirected_edge& b) noexcept { return a.tie != b.tie; }
};

/// An undirected onakit::graph seen by BGL as undirected (see the file comment).
class undirected_view {
 public:
  /// Throws invalid_option when `g` is directed. O(m log d_max).
  explicit undirected_view(const graph& g) : g_(&g) {
    if (g.directed())
      throw invalid_option(
          "undirected_view: the graph is directed; BGL's undirected algorithms would read each arc as a tie. "
          "Use onakit::weakly_connected_components(g) for components, or build the graph undirected "
          "(directed = false in build_graph / make_graph)");
    const auto off = g.out_offsets();
    const auto tgt = g.out_targets();
    auto tie = std::make_shared<std::vector<edge_id>>(tgt.size());
    edge_id next = 0;
    for (vertex_id u = 0; u < g.num_vertices(); ++u)
      for (edge_id e = off[u]; e < off[u + 1]; ++e) {
        const vertex_id v = tgt[e];
        if (v >= u) {
          (*tie)[e] = next++;
        } else {  // v < u: the tie was numbered from v's row, where u appears once
          const auto row = g.out_neighbors(v);
          const auto it = std::lower_bound(row.begin(), row.end(), u);
          (*tie)[e] = (*tie)[off[v] + static_cast<edge_id>(it - row.begin())];
        }
      }
    tie_ = std::move(tie);
  }

  [[nodiscard]] const graph& base() const noexcept { return *g_; }
  /// The tie id of the out-array position `arc`.
  [[nodiscard]] edge_id tie_of(edge_id arc) const noexcept { return (*tie_)[arc]; }

 private:
  const graph* g_;
  std::shared_ptr<const std::vector<edge_id>> tie_;
};

namespace detail {

class uv_out_edge_iter
    : public boost::iterator_facade<uv_out_edge_iter, undirected_edge, boost::random_access_traversal_tag,
                                    undirected_edge> {
 public:
  uv_out_edge_iter() = default;
  uv_out_edge_iter(const undirected_view* g, vertex_id u, edge_id e) : g_(g), u_(u), e_(e) {}

 private:
  friend class boost::iterator_core_access;
  undirected_edge dereference() const { return {u_, g_->base().out_targets()[e_], g_->tie_of(e_), e_}; }
  bool equal(const uv_out_edge_iter& o) const { return e_ == o.e_; }
  void increment() { ++e_; }
  void decrement() { --e_; }
  void advance(std::ptrdiff_t d) { e_ = static_cast<edge_id>(static_cast<std::ptrdiff_t>(e_) + d); }
  std::ptrdiff_t distance_to(const uv_out_edge_iter& o) const {
    return static_cast<std::ptrdiff_t>(o.e_) - static_cast<std::ptrdiff_t>(e_);
  }
  const undirected_view* g_ = nullptr;
  vertex_id u_ = 0;
  edge_id e_ = 0;
};

/// Every tie once: the arcs u -> v with u <= v, in CSR order.
class uv_edge_iter
    : public boost::iterator_facade<uv_edge_iter, undirected_edge, boost::forward_traversal_tag, undirected_edge> {
 public:
  uv_edge_iter() = default;
  uv_edge_iter(const undirected_view* g, edge_id e) : g_(g), e_(e) { settle(); }

 private:
  friend class boost::iterator_core_access;
  void settle() {
    const auto off = g_->base().out_offsets();
    const auto tgt = g_->base().out_targets();
    const auto m = static_cast<edge_id>(tgt.size());
    for (;;) {
      while (u_ + 1 < off.size() && off[u_ + 1] <= e_) ++u_;
      if (e_ >= m || tgt[e_] >= u_) return;
      ++e_;
    }
  }
  undirected_edge dereference() const {
    return {static_cast<vertex_id>(u_), g_->base().out_targets()[e_], g_->tie_of(e_), e_};
  }
  bool equal(const uv_edge_iter& o) const { return e_ == o.e_; }
  void increment() {
    ++e_;
    settle();
  }
  const undirected_view* g_ = nullptr;
  std::size_t u_ = 0;
  edge_id e_ = 0;
};

struct uv_weight_map {
  using key_type = undirected_edge;
  using value_type = weight_t;
  using reference = weight_t;
  using category = boost::readable_property_map_tag;
  const weight_t* w = nullptr;
  friend weight_t get(const uv_weight_map& m, const undirected_edge& e) { return m.w[e.arc]; }
};
struct uv_distance_map {
  using key_type = undirected_edge;
  using value_type = double;
  using reference = double;
  using category = boost::readable_property_map_tag;
  const weight_t* w = nullptr;
  friend double get(const uv_distance_map& m, const undirected_edge& e) {
    return get(edge_distance_map{m.w}, bgl_edge{e.source, e.target, e.arc});
  }
};
struct uv_index_map {
  using key_type = undirected_edge;
  using value_type = edge_id;
  using reference = edge_id;
  using category = boost::readable_property_map_tag;
  friend edge_id get(const uv_index_map&, const undirected_edge& e) { return e.tie; }
};

}  // namespace detail

// ---- the BGL free functions, found by ADL -------------------------------
/// BGL VertexListGraph: every person, as vertex ids 0 .. n-1. O(1).
/// \throws nothing.
inline std::pair<boost::counting_iterator<vertex_id>, boost::counting_iterator<vertex_id>> vertices(
    const undirected_view& g) {
  return vertices(g.base());
}
/// BGL VertexListGraph: the number of people. O(1).
/// \throws nothing.
inline vertex_id num_vertices(const undirected_view& g) { return g.base().num_vertices(); }
/// BGL EdgeListGraph: every tie once, in CSR order. O(1).
/// \throws nothing.
inline std::pair<detail::uv_edge_iter, detail::uv_edge_iter> edges(const undirected_view& g) {
  return {detail::uv_edge_iter(&g, 0), detail::uv_edge_iter(&g, g.base().num_arcs())};
}
/// Number of ties (each once), as BGL counts the edges of an undirected graph.
/// \throws nothing.
inline edge_id num_edges(const undirected_view& g) { return g.base().num_ties(); }
/// BGL IncidenceGraph: the ties of `u` (u must be < num_vertices). O(1).
/// \throws nothing.
inline std::pair<detail::uv_out_edge_iter, detail::uv_out_edge_iter> out_edges(vertex_id u, const undirected_view& g) {
  const auto off = g.base().out_offsets();
  return {detail::uv_out_edge_iter(&g, u, off[u]), detail::uv_out_edge_iter(&g, u, off[u + 1])};
}
/// BGL IncidenceGraph: the number of ties out of `u`. O(1).
/// \throws nothing.
inline edge_id out_degree(vertex_id u, const undirected_view& g) { return g.base().out_degree(u); }
/// BGL: the number of ties of `u` (a self-tie once). O(1).
/// \throws nothing.
inline edge_id degree(vertex_id u, const undirected_view& g) { return g.base().out_degree(u); }
/// BGL AdjacencyGraph: the people `u` has a tie to. O(1).
/// \throws nothing.
inline std::pair<detail::adjacency_iter, detail::adjacency_iter> adjacent_vertices(vertex_id u,
                                                                                   const undirected_view& g) {
  return adjacent_vertices(u, g.base());
}
/// BGL: the tail of edge `e`. O(1).
/// \throws nothing.
inline vertex_id source(const undirected_edge& e, const undirected_view&) { return e.source; }
/// BGL: the head of edge `e`. O(1).
/// \throws nothing.
inline vertex_id target(const undirected_edge& e, const undirected_view&) { return e.target; }
/// BGL AdjacencyMatrix-style lookup: the tie between u and v and true, or false. O(log degree(u)).
/// \throws nothing.
inline std::pair<undirected_edge, bool> edge(vertex_id u, vertex_id v, const undirected_view& g) {
  const auto [e, found] = edge(u, v, g.base());
  if (!found) return {undirected_edge{u, v, 0, 0}, false};
  return {undirected_edge{u, v, g.tie_of(e.index), e.index}, true};
}

/// BGL property map `boost::vertex_index`: the identity. O(1).
/// \throws nothing.
inline boost::typed_identity_property_map<vertex_id> get(boost::vertex_index_t, const undirected_view&) { return {}; }
/// `boost::vertex_index` of `v`: v itself.
/// \throws nothing.
inline vertex_id get(boost::vertex_index_t, const undirected_view&, vertex_id v) { return v; }
/// Tie strength (as bgl.hpp): larger = closer. Not a length.
/// \throws nothing.
inline detail::uv_weight_map get(boost::edge_weight_t, const undirected_view& g) {
  return {g.base().out_weights().data()};
}
/// Tie lengths 1/w (infinite for w = 0), for path algorithms.
/// \throws nothing.
inline detail::uv_distance_map get(edge_distance_t, const undirected_view& g) {
  return {g.base().out_weights().data()};
}
/// Tie ids 0 .. num_ties-1, the same for both directions of a tie.
/// \throws nothing.
inline detail::uv_index_map get(boost::edge_index_t, const undirected_view&) { return {}; }
/// BGL property map `onakit::vertex_label`: people's labels. O(1).
/// \throws invalid_option when the graph has no labels (built from ids).
inline detail::vertex_label_map get(vertex_label_t, const undirected_view& g) {
  return detail::label_map_of(g.base(), "get(onakit::vertex_label, view)");
}

/// Tie strength of edge `e`.
/// \throws nothing.
inline weight_t get(boost::edge_weight_t, const undirected_view& g, const undirected_edge& e) {
  return g.base().out_weights()[e.arc];
}
/// Tie length 1/w of edge `e` (infinite for w = 0).
/// \throws nothing.
inline double get(edge_distance_t, const undirected_view& g, const undirected_edge& e) {
  return get(get(edge_distance, g), e);
}
/// Tie id of edge `e`.
/// \throws nothing.
inline edge_id get(boost::edge_index_t, const undirected_view&, const undirected_edge& e) { return e.tie; }

}  // namespace onakit

namespace boost {

// boost::num_edges(view) etc., as for BGL's own graphs (bgl.hpp brought in
// the onakit::graph overloads; this adds the view's).
using onakit::adjacent_vertices;
using onakit::degree;
using onakit::edge;
using onakit::edges;
using onakit::num_edges;
using onakit::num_vertices;
using onakit::out_degree;
using onakit::out_edges;
using onakit::source;
using onakit::target;
using onakit::vertices;

template <>
struct graph_traits<onakit::undirected_view> {
  struct traversal_category : incidence_graph_tag, vertex_list_graph_tag, edge_list_graph_tag, adjacency_graph_tag {};
  using vertex_descriptor = onakit::vertex_id;
  using edge_descriptor = onakit::undirected_edge;
  using directed_category = undirected_tag;
  using edge_parallel_category = disallow_parallel_edge_tag;
  using vertex_iterator = counting_iterator<onakit::vertex_id>;
  using edge_iterator = onakit::detail::uv_edge_iter;
  using out_edge_iterator = onakit::detail::uv_out_edge_iter;
  using adjacency_iterator = onakit::detail::adjacency_iter;
  using vertices_size_type = onakit::vertex_id;
  using edges_size_type = onakit::edge_id;
  using degree_size_type = onakit::edge_id;
  static onakit::vertex_id null_vertex() { return onakit::null_vertex; }
};
template <>
struct graph_traits<const onakit::undirected_view> : graph_traits<onakit::undirected_view> {};

template <>
struct property_map<onakit::undirected_view, vertex_index_t> {
  using type = typed_identity_property_map<onakit::vertex_id>;
  using const_type = type;
};
template <>
struct property_map<onakit::undirected_view, edge_weight_t> {
  using type = onakit::detail::uv_weight_map;
  using const_type = type;
};
template <>
struct property_map<onakit::undirected_view, onakit::edge_distance_t> {
  using type = onakit::detail::uv_distance_map;
  using const_type = type;
};
template <>
struct property_map<onakit::undirected_view, edge_index_t> {
  using type = onakit::detail::uv_index_map;
  using const_type = type;
};
template <>
struct property_map<onakit::undirected_view, onakit::vertex_label_t> {
  using type = onakit::detail::vertex_label_map;
  using const_type = type;
};
template <class Tag>
struct property_map<const onakit::undirected_view, Tag> : property_map<onakit::undirected_view, Tag> {};

}  // namespace boost
