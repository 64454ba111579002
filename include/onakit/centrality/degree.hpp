#pragma once
/// \file degree.hpp
/// Degree centrality: how many ties (or how much tie weight) a person has.
///
/// ## Definition
/// For person v in a graph of n people,
///
///     degree(v)   = number of ties at v          (weighted = false)
///     strength(v) = sum of the weights of them    (weighted = true)
///
/// counted over the ties into v (`in`), out of v (`out`) or both (`total`,
/// = in + out in a directed graph). In an undirected graph the three
/// directions coincide. A self-tie counts as networkx counts it: twice in an
/// undirected degree (it touches v at both ends), once in the in-degree and
/// once in the out-degree of a directed graph (so twice in `total`).
///
/// ## Normalisation
/// With `normalized` (the default) scores are divided by n - 1, the largest
/// degree a simple graph allows, as networkx.degree_centrality,
/// in_degree_centrality and out_degree_centrality do (Freeman, L. C. 1978,
/// "Centrality in social networks: conceptual clarification", Social
/// Networks 1:215-239). A graph of one person scores 1, as in networkx.
/// Weighted strengths are divided by n - 1 too (networkx has no normalised
/// strength; use normalized = false for raw strengths, which equal
/// networkx's G.degree(weight="weight")).
///
/// ## Complexity
/// O(n + m) time, O(n) memory.
///
/// ## Example
/// \code
///   onakit::degree_options opt;
///   opt.direction = onakit::degree_direction::in;
///   auto r = onakit::degree(g, opt);  // r.scores[v] = in_degree(v) / (n - 1)
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <vector>

namespace onakit::inline v0_1 {

/// Which ties of a person a degree counts.
enum class degree_direction : std::uint8_t {
  total,  ///< in + out (the degree of an undirected graph)
  in,     ///< ties received
  out,    ///< ties sent
};

struct degree_options {
  degree_direction direction = degree_direction::total;
  bool weighted = false;   ///< sum tie weights (strength) instead of counting ties
  bool normalized = true;  ///< divide by n - 1
};

/// Degree (or strength) of every person; see the file comment for the
/// definition. Direct method: iterations = 0, converged = true.
/// \throws only std::bad_alloc.
[[nodiscard]] inline centrality_result degree(const graph& g, const degree_options& opt = {}) {
  const vertex_id n = g.num_vertices();
  centrality_result r;
  r.scores.assign(n, 0.0);
  const auto offsets = g.out_offsets();
  const auto targets = g.out_targets();
  const auto weights = g.out_weights();

  // Out-side sums (and, undirected, the whole degree): one pass over the rows.
  auto out_sum = [&](vertex_id v) {
    double s = 0.0;
    for (edge_id e = offsets[v]; e < offsets[v + 1]; ++e) {
      const double w = opt.weighted ? weights[e] : 1.0;
      s += w;
      // An undirected self-tie is stored once but touches v twice.
      if (!g.directed() && targets[e] == v) s += w;
    }
    return s;
  };
  auto in_sum = [&](vertex_id v) {
    if (!opt.weighted) return static_cast<double>(g.in_degree(v));
    double s = 0.0;
    for (const edge_id e : g.in_edge_ids(v)) s += weights[e];
    return s;
  };

  for (vertex_id v = 0; v < n; ++v) {
    double d = 0.0;
    if (!g.directed()) d = out_sum(v);
    else if (opt.direction == degree_direction::out) d = out_sum(v);
    else if (opt.direction == degree_direction::in) d = in_sum(v);
    else d = out_sum(v) + in_sum(v);
    r.scores[v] = d;
  }
  if (opt.normalized) {
    if (n == 1) r.scores[0] = 1.0;
    else if (n > 1) {
      const double s = 1.0 / static_cast<double>(n - 1);
      for (double& x : r.scores) x *= s;
    }
  }
  return r;
}

}  // namespace onakit
