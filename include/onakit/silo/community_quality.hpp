#pragma once
/// \file community_quality.hpp
/// The quality of a partition of the people into communities: modularity or
/// the Constant Potts Model, on the graph's undirected weighted view.
///
/// ## The undirected view
/// Community detection works on undirected weighted ties. A directed graph is
/// symmetrised by summing both directions, w(u,v) = w(u->v) + w(v->u) for
/// u != v; a self-tie keeps its weight w(u->u), counted once (as networkx
/// keeps a self-loop's weight when `G.to_undirected()` merges nothing). An
/// undirected graph is used as is. So onakit's modularity of a directed graph
/// is the modularity of this undirected graph, not Leicht & Newman's directed
/// modularity.
///
/// ## Modularity (Newman & Girvan 2004; resolution: Reichardt & Bornholdt 2006)
///     Q = sum_c [ L_c / m  -  gamma * (K_c / 2m)^2 ]
/// with m the total tie weight (a self-tie counted once), L_c the weight of
/// ties inside community c (self-ties once) and K_c the sum of the strengths
/// k_v of its members (a self-tie adds twice to its person's strength). This
/// is exactly `networkx.community.modularity(G, communities, resolution=gamma)`
/// on the undirected view. A graph without ties has Q = 0.
///
/// ## Constant Potts Model (Traag, Van Dooren & Nesterov 2011)
///     H = sum_c [ L_c  -  gamma * n_c (n_c - 1) / 2 ]
/// with n_c the number of people in c (node weights 1) — leidenalg's
/// `CPMVertexPartition` on a graph without self-loops. gamma is a density
/// threshold: communities are denser than gamma, and the ties between them
/// sparser.
///
/// Complexity O(n + m), parallel over people; the sum is taken in a fixed
/// order so the value does not depend on the number of threads.
///
/// Example:
/// \code
///   std::vector<std::uint32_t> team = ...;  // one community id per person
///   double q = onakit::partition_quality(g, team, {.objective = onakit::community_objective::modularity});
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace onakit::inline v0_1 {

/// The quality function a partition is scored (and optimised) by.
enum class community_objective {
  modularity,  ///< Newman–Girvan modularity with a resolution gamma
  cpm          ///< Constant Potts Model with density threshold gamma
};

/// Options of partition_quality().
struct partition_quality_options {
  community_objective objective = community_objective::modularity;
  double resolution = 1.0;  ///< gamma; must be >= 0 and finite
  int threads = 0;          ///< 0 = OpenMP default; the value does not depend on it
};

namespace detail {

/// Below this many adjacency entries a parallel region costs more than it
/// saves (and on a busy machine a thread team can wait for a time slice), so
/// the community kernels run on the calling thread. Results do not depend on it.
inline constexpr std::size_t community_parallel_min_arcs = 1u << 17;

/// Undirected weighted graph used by the community algorithms: rows without
/// self-loops (symmetric), the self-loop weight apart, and the node weights
/// both objectives need. Aggregated graphs reuse the same layout (a node is
/// then a set of people; `self` holds the weight inside it).
struct community_graph {
  std::vector<std::size_t> offsets{0};
  std::vector<vertex_id> targets;
  std::vector<double> weights;
  std::vector<double> self;      ///< self-loop weight, counted once
  std::vector<double> strength;  ///< k_v = sum of row weights + 2 * self
  std::vector<double> size;      ///< people represented by the node
  double total = 0.0;            ///< m = sum over ties once (self-ties once)

  [[nodiscard]] vertex_id n() const noexcept { return static_cast<vertex_id>(offsets.size() - 1); }
};

/// The undirected view of `g` (see the file comment). O(n + m), parallel over people.
inline community_graph undirected_view(const graph& g, [[maybe_unused]] int threads) {
  const vertex_id n = g.num_vertices();
  community_graph cg;
  cg.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  cg.self.assign(n, 0.0);
  cg.strength.assign(n, 0.0);
  cg.size.assign(n, 1.0);
  const auto ow = g.out_weights();
  // Merges v's sorted out-row and (directed) sorted in-row; emit(u, w) per
  // distinct neighbour u != v with the summed weight; returns the self weight.
  auto row = [&](vertex_id v, auto&& emit) {
    const auto out = g.out_neighbors(v);
    const auto outw = g.out_weights(v);
    double self = 0.0;
    if (!g.directed()) {
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == v) self = outw[i];
        else emit(out[i], outw[i]);
      }
      return self;
    }
    const auto in = g.in_neighbors(v);
    const auto ine = g.in_edge_ids(v);
    std::size_t i = 0, j = 0;
    while (i < out.size() || j < in.size()) {
      vertex_id u;
      double w = 0.0;
      if (j >= in.size() || (i < out.size() && out[i] < in[j])) {
        u = out[i];
        w = outw[i++];
      } else if (i >= out.size() || in[j] < out[i]) {
        u = in[j];
        w = ow[ine[j++]];
      } else {
        u = out[i];
        w = outw[i++] + ow[ine[j++]];
      }
      if (u == v) self = g.weight(v, v);  // the same arc seen from both sides: once
      else emit(u, w);
    }
    return self;
  };
  const auto sn = static_cast<std::int64_t>(n);
  [[maybe_unused]] const bool par = g.num_arcs() >= community_parallel_min_arcs;
  ONAKIT_OMP(parallel for schedule(dynamic, 1024) num_threads(threads) if (par))
  for (std::int64_t sv = 0; sv < sn; ++sv) {
    const auto v = static_cast<vertex_id>(sv);
    std::size_t count = 0;
    row(v, [&](vertex_id, double) { ++count; });
    cg.offsets[v + 1] = count;
  }
  for (vertex_id v = 0; v < n; ++v) cg.offsets[v + 1] += cg.offsets[v];
  cg.targets.resize(cg.offsets[n]);
  cg.weights.resize(cg.offsets[n]);
  ONAKIT_OMP(parallel for schedule(dynamic, 1024) num_threads(threads) if (par))
  for (std::int64_t sv = 0; sv < sn; ++sv) {
    const auto v = static_cast<vertex_id>(sv);
    std::size_t k = cg.offsets[v];
    double sum = 0.0;
    cg.self[v] = row(v, [&](vertex_id u, double w) {
      cg.targets[k] = u;
      cg.weights[k++] = w;
      sum += w;
    });
    cg.strength[v] = sum + 2.0 * cg.self[v];
  }
  double two_m = 0.0;
  for (vertex_id v = 0; v < n; ++v) two_m += cg.strength[v];
  cg.total = two_m / 2.0;
  return cg;
}

/// Quality of `membership` (community ids < k) on a community graph; see
/// the file comment. Per-node sums in parallel, then a sequential sum.
inline double quality(const community_graph& cg, std::span<const std::uint32_t> membership, std::uint32_t k,
                      community_objective objective, double gamma, [[maybe_unused]] int threads) {
  const vertex_id n = cg.n();
  std::vector<double> inside(n);  // 2 * (weight from v into its own community) counted per endpoint
  const auto sn = static_cast<std::int64_t>(n);
  ONAKIT_OMP(parallel for schedule(dynamic, 1024) num_threads(threads)
                 if (cg.targets.size() >= community_parallel_min_arcs))
  for (std::int64_t sv = 0; sv < sn; ++sv) {
    const auto v = static_cast<vertex_id>(sv);
    double s = 2.0 * cg.self[v];
    for (std::size_t e = cg.offsets[v]; e < cg.offsets[v + 1]; ++e)
      if (membership[cg.targets[e]] == membership[v]) s += cg.weights[e];
    inside[v] = s;
  }
  std::vector<double> twice_l(k, 0.0), a(k, 0.0);
  for (vertex_id v = 0; v < n; ++v) {
    twice_l[membership[v]] += inside[v];
    a[membership[v]] += objective == community_objective::cpm ? cg.size[v] : cg.strength[v];
  }
  double q = 0.0;
  if (objective == community_objective::cpm) {
    for (std::uint32_t c = 0; c < k; ++c) q += twice_l[c] / 2.0 - gamma * a[c] * (a[c] - 1.0) / 2.0;
    return q;
  }
  if (cg.total <= 0.0) return 0.0;
  const double two_m = 2.0 * cg.total;
  for (std::uint32_t c = 0; c < k; ++c) q += twice_l[c] / two_m - gamma * (a[c] / two_m) * (a[c] / two_m);
  return q;
}

inline void check_resolution(double gamma, const char* where) {
  if (!(gamma >= 0.0) || !(gamma < 1e300))
    throw invalid_option(std::string(where) + ": resolution must be a finite number >= 0");
}

}  // namespace detail

/// Modularity or CPM quality of a partition given as one community id per
/// person (any ids; they need not be contiguous). See the file comment for
/// the definitions. Throws invalid_option if `membership` does not have one
/// entry per person or the resolution is negative or not finite.
/// Complexity O(n + m + max id).
[[nodiscard]] inline double partition_quality(const graph& g, std::span<const std::uint32_t> membership,
                                              const partition_quality_options& opt = {}) {
  detail::check_resolution(opt.resolution, "partition_quality");
  detail::check_threads(opt.threads);
  if (membership.size() != g.num_vertices())
    throw invalid_option("partition_quality: membership has " + std::to_string(membership.size()) +
                         " entries for " + std::to_string(g.num_vertices()) + " people");
  // Compact the ids so the per-community arrays stay O(n).
  std::vector<std::uint32_t> ids(membership.begin(), membership.end());
  std::vector<std::uint32_t> sorted(ids);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (auto& c : ids)
    c = static_cast<std::uint32_t>(std::lower_bound(sorted.begin(), sorted.end(), c) - sorted.begin());
  const int threads = detail::thread_count(opt.threads, g.num_vertices());
  const auto cg = detail::undirected_view(g, threads);
  return detail::quality(cg, ids, static_cast<std::uint32_t>(sorted.size()), opt.objective, opt.resolution, threads);
}

}  // namespace onakit
