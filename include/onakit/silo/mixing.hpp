#pragma once
/// \file mixing.hpp
/// Group mixing: how much tie weight flows between and within groups
/// (departments, teams, sites), and the group-to-group graph.
///
/// ## Groups
/// Every silo measure takes one group code per person, `group[v]` in
/// 0 .. k-1, or `no_group` for a person without a group. Ties touching a
/// person without a group are left out of every group figure and counted in
/// the result (`ungrouped_ties`, `ungrouped_weight`), never dropped silently.
///
/// ## Definition
/// The *arc matrix* A (k x k, row-major) sums the tie weight over the
/// out-adjacency: for every entry u -> v of the CSR out-rows with both u and
/// v grouped, A[g(u)][g(v)] += w(u, v) (1 when !weighted). For a directed
/// graph A is the sender-group x recipient-group matrix. For an undirected
/// graph each tie appears in both endpoints' rows, so A is symmetric, a tie
/// between groups a != b adds to A[a][b] and A[b][a], an internal tie adds
/// 2w to A[a][a], and a self-tie adds w once (this is networkx's
/// attribute_mixing_matrix convention).
///
/// The *tie matrix* M counts each tie once: M = A when directed; when
/// undirected M[a][b] = A[a][b] for a != b and M[a][a] = the weight of the
/// internal ties of a, each once ((A[a][a] + self[a]) / 2). M's diagonal is
/// the internal weight; `total` is the weight of all ties among grouped
/// people, each once.
///
/// ## Complexity
/// O(n + m + k^2) time, O(k^2) memory.
///
/// ## Example
/// \code
///   std::vector<std::uint32_t> dept = ...;        // one code per person
///   auto mx = onakit::group_mixing(g, dept, 4);   // 4 groups
///   double sales_to_it = mx.at(0, 2);             // tie matrix entry
///   onakit::graph gg = onakit::group_graph(mx);   // people = groups
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/graph/make_graph.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace onakit::inline v0_1 {

// no_group, the code of a person without a group, is in types.hpp (brokerage uses it too).

struct mixing_options {
  bool weighted = true;  ///< sum tie weights (true) or count ties (false)
};

struct mixing_result {
  std::uint32_t groups = 0;     ///< k
  bool directed = true;
  std::vector<double> arcs;     ///< arc matrix A, k*k row-major (see file doc)
  std::vector<double> ties;     ///< tie matrix M, k*k row-major, each tie once
  std::vector<double> self;     ///< per group: weight of self-ties of its members
  std::vector<std::uint32_t> size;  ///< per group: number of members
  double total = 0;             ///< weight of the ties among grouped people, each once
  std::uint64_t ungrouped_ties = 0;  ///< ties touching a person without a group, each once
  double ungrouped_weight = 0;       ///< their weight
  [[nodiscard]] double at(std::uint32_t a, std::uint32_t b) const { return ties[std::size_t{a} * groups + b]; }
};

namespace detail {
/// Checks the group vector against the graph; returns nothing, throws
/// invalid_option naming the first bad entry.
inline void check_groups(const graph& g, std::span<const std::uint32_t> group, std::uint32_t k, const char* who) {
  if (group.size() != g.num_vertices())
    throw invalid_option(std::string(who) + ": " + std::to_string(group.size()) + " group codes for " +
                         std::to_string(g.num_vertices()) + " people (give one code per person, no_group for none)");
  for (std::size_t v = 0; v < group.size(); ++v)
    if (group[v] >= k && group[v] != no_group)
      throw invalid_option(std::string(who) + ": person " + std::to_string(v) + " has group code " +
                           std::to_string(group[v]) + " >= the number of groups " + std::to_string(k));
}

/// Calls f(u, v, w) for every tie once (directed: every arc; undirected:
/// u <= v), with w already 1 when !weighted.
template <class F>
void for_each_tie(const graph& g, bool weighted, F&& f) {
  const auto off = g.out_offsets();
  const auto tgt = g.out_targets();
  const auto wts = g.out_weights();
  const bool dir = g.directed();
  for (vertex_id u = 0; u < g.num_vertices(); ++u)
    for (edge_id e = off[u]; e < off[u + 1]; ++e) {
      const vertex_id v = tgt[e];
      if (!dir && v < u) continue;
      f(u, v, weighted ? wts[e] : 1.0);
    }
}

/// group_mixing() without the check of the group codes, for public
/// functions that check them under their own name first.
[[nodiscard]] inline mixing_result mixing_of(const graph& g, std::span<const std::uint32_t> group, std::uint32_t k,
                                             const mixing_options& opt) {
  mixing_result r;
  r.groups = k;
  r.directed = g.directed();
  const std::size_t kk = std::size_t{k} * k;
  r.arcs.assign(kk, 0.0);
  r.self.assign(k, 0.0);
  r.size.assign(k, 0);
  for (const auto c : group)
    if (c != no_group) ++r.size[c];
  detail::for_each_tie(g, opt.weighted, [&](vertex_id u, vertex_id v, double w) {
    const std::uint32_t a = group[u], b = group[v];
    if (a == no_group || b == no_group) {
      ++r.ungrouped_ties;
      r.ungrouped_weight += w;
      return;
    }
    r.total += w;
    if (u == v) {
      r.self[a] += w;
      r.arcs[std::size_t{a} * k + a] += w;
      return;
    }
    r.arcs[std::size_t{a} * k + b] += w;
    if (!r.directed) r.arcs[std::size_t{b} * k + a] += w;
  });
  r.ties = r.arcs;
  if (!r.directed)
    for (std::uint32_t a = 0; a < k; ++a)
      r.ties[std::size_t{a} * k + a] = (r.arcs[std::size_t{a} * k + a] + r.self[a]) / 2;
  return r;
}
}  // namespace detail

/// The group mixing matrices of g for k groups.
/// \throws invalid_option if group.size() != n or a code is >= k (and not
///         no_group); the message starts with `group_mixing:`.
[[nodiscard]] inline mixing_result group_mixing(const graph& g, std::span<const std::uint32_t> group, std::uint32_t k,
                                                const mixing_options& opt = {}) {
  detail::check_groups(g, group, k, "group_mixing");
  return detail::mixing_of(g, group, k, opt);
}

/// The group-to-group graph: person i of the result is group i; a tie
/// a -> b carries M[a][b] (directed) or a tie a - b carries M[a][b]
/// (undirected); self-ties carry the internal weight M[a][a]. Pairs with
/// zero weight have no tie. O(k^2).
/// \throws only std::bad_alloc.
[[nodiscard]] inline graph group_graph(const mixing_result& mx) {
  std::vector<vertex_id> s, t;
  std::vector<weight_t> w;
  const std::uint32_t k = mx.groups;
  for (std::uint32_t a = 0; a < k; ++a)
    for (std::uint32_t b = mx.directed ? 0 : a; b < k; ++b)
      if (const double x = mx.at(a, b); x > 0) {
        s.push_back(a);
        t.push_back(b);
        w.push_back(x);
      }
  return make_graph(k, s, t, w, mx.directed, 1);
}

}  // namespace onakit
