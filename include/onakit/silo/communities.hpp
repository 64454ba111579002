#pragma once
/// \file communities.hpp
/// Community detection: a partition of the people into communities that
/// maximises modularity or the Constant Potts Model, by Leiden or Louvain.
///
/// ## Definition
/// The partition maximises, on the graph's undirected weighted view (a
/// directed graph is symmetrised by summing w(u->v) + w(v->u); see
/// community_quality.hpp), either
///   - modularity  Q = sum_c [ L_c / m - gamma (K_c / 2m)^2 ]  (Newman & Girvan
///     2004; resolution gamma: Reichardt & Bornholdt 2006), or
///   - CPM         H = sum_c [ L_c - gamma n_c (n_c - 1) / 2 ]  (Traag, Van
///     Dooren & Nesterov 2011; leidenalg's CPMVertexPartition, node weights 1),
/// with L_c the tie weight inside c, K_c its summed strength, n_c its size.
///
/// ## Algorithms
///   - Leiden (Traag, Waltman & van Eck, Sci. Rep. 9:5233, 2019): fast local
///     move (a queue of nodes in seeded random order; a moved node requeues
///     its neighbours outside its new community), refinement (inside each
///     community, singletons merge into well-connected sub-communities chosen
///     at random with probability ~ exp(gain / theta), theta = `randomness`),
///     aggregation of the refined partition with the unrefined one as the
///     start, repeated until every community is one node. Iterations repeat
///     from the last partition until one moves no node (iterations = -1, as
///     leidenalg's n_iterations=-1) or does not raise the quality. Every
///     community is connected (the paper's guarantee; as a safeguard any
///     community found disconnected is split into its components, which
///     never lowers the quality, and counted in `split`).
///   - Louvain (Blondel, Guillaume, Lambiotte & Lefebvre 2008): local moving
///     by sweeps in one seeded random order until a sweep moves nothing,
///     aggregation, repeated until a level moves nothing. Communities can be
///     disconnected (the flaw Leiden fixes).
///
/// Parallelism never changes the result: a seed gives the same partition for
/// any thread count. Leiden's local move on a large graph (>= 2^17 adjacency
/// entries and >= 512 nodes) takes its queue in batches of min(n/8, 4096)
/// nodes whose best moves are found in parallel against the partition before
/// the batch and applied in queue order; a move whose own or target
/// community an earlier move of the batch changed is re-evaluated first, so
/// every move raises the quality (smaller graphs, and Louvain, move nodes one
/// at a time). The refinement runs in parallel over communities, each with
/// its own generator seeded from the run's; building the undirected view,
/// aggregation, the connectivity safeguard and the quality are parallel with
/// fixed summation orders. Randomness comes from detail::random
/// (xoshiro256**), and the refinement's exp() from libm.
///
/// ## Complexity
/// Each local-moving phase is O(m) per pass over the nodes (Leiden's queue
/// revisits only nodes whose neighbourhood changed); refinement and aggregation O(m).
/// Typical runs take a handful of levels and iterations: near-linear in
/// practice. Memory O(n + m).
///
/// ## Example
/// \code
///   onakit::communities_options opt;
///   opt.method = onakit::community_method::leiden;
///   opt.seed = 42;
///   auto r = onakit::communities(g, opt);
///   // r.membership[v] in 0..r.count-1, community 0 the largest; r.quality the modularity
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/silo/community_quality.hpp>
#include <onakit/silo/detail/leiden.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace onakit::inline v0_1 {

/// The optimisation algorithm.
enum class community_method {
  leiden,  ///< Traag, Waltman & van Eck 2019 (default): connected communities
  louvain  ///< Blondel et al. 2008
};

/// Options of communities().
struct communities_options {
  community_method method = community_method::leiden;
  community_objective objective = community_objective::modularity;
  double resolution = 1.0;   ///< gamma (>= 0): larger gives more, smaller communities
  double randomness = 0.01;  ///< theta of Leiden's refinement (> 0), as in the paper and leidenalg
  int iterations = -1;       ///< Leiden iterations; -1 = until an iteration changes nothing
  std::uint64_t seed = 0;    ///< same seed, same partition (for any thread count)
  int threads = 0;           ///< 0 = OpenMP default
  interrupt_check interrupt{};  ///< polled between units of work; throws onakit::interrupted
};

/// A partition and its quality.
struct communities_result {
  /// Community of each person, 0..count-1, numbered by size descending
  /// (ties: the community with the smaller smallest member first).
  std::vector<std::uint32_t> membership;
  std::uint32_t count = 0;      ///< number of communities
  double quality = 0.0;         ///< modularity or CPM value of `membership`
  std::uint32_t levels = 0;     ///< local-moving phases run (all iterations)
  std::uint32_t iterations = 0; ///< Leiden iterations run (1 for Louvain)
  std::uint32_t split = 0;      ///< communities the Leiden safeguard added by splitting disconnected ones (expected 0)
};

/// Detects communities; see the file comment. Throws invalid_option for a
/// negative or non-finite resolution, a non-positive randomness, or
/// iterations == 0 / < -1.
[[nodiscard]] inline communities_result communities(const graph& g, const communities_options& opt = {}) {
  detail::check_resolution(opt.resolution, "communities");
  detail::check_threads(opt.threads);
  if (!(opt.randomness > 0.0) || !std::isfinite(opt.randomness))
    throw invalid_option("communities: randomness (theta) must be a finite number > 0, e.g. 0.01");
  if (opt.iterations == 0 || opt.iterations < -1)
    throw invalid_option("communities: iterations must be >= 1, or -1 to iterate until stable");
  const int threads = detail::thread_count(opt.threads, g.num_vertices());
  const auto cg = detail::undirected_view(g, threads);
  detail::xoshiro256ss rng(opt.seed, 0x1E1DE7ULL);
  detail::community_run_stats stats;
  std::vector<std::uint32_t> membership =
      opt.method == community_method::leiden
          ? detail::leiden(cg, opt.objective, opt.resolution, opt.randomness, opt.iterations, rng, threads,
                           opt.interrupt, stats)
          : detail::louvain(cg, opt.objective, opt.resolution, rng, threads, opt.interrupt, stats);
  communities_result res;
  std::uint32_t k = detail::compact(membership);
  if (opt.method == community_method::leiden) {
    const std::uint32_t k2 = detail::split_disconnected(cg, membership, k, threads);
    res.split = k2 - k;
    k = k2;
  }
  detail::order_by_size(membership, k);
  res.count = k;
  // Leiden scored its partition on the last aggregated graph; splitting changes it.
  res.quality = res.split == 0 && !std::isnan(stats.quality)
                    ? stats.quality
                    : detail::quality(cg, membership, k, opt.objective, opt.resolution, threads);
  res.membership = std::move(membership);
  res.levels = stats.levels;
  res.iterations = stats.iterations;
  return res;
}

}  // namespace onakit
