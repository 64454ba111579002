#pragma once
/// \file silo/detail/leiden.hpp
/// The Leiden and Louvain drivers (not API; call onakit::communities() from
/// communities.hpp). Leiden follows Traag, Waltman & van Eck, "From Louvain
/// to Leiden: guaranteeing well-connected communities", Scientific Reports 9,
/// 5233 (2019), Algorithm A.2: fast local move, refinement, aggregation on
/// the refined partition with the unrefined one as its start.

#include <onakit/detail/parallel.hpp>
#include <onakit/silo/detail/community_moves.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <vector>

namespace onakit::inline v0_1::detail {

/// Counters a driver reports.
struct community_run_stats {
  std::uint32_t levels = 0;      ///< local-moving phases run, over all iterations
  std::uint32_t iterations = 0;  ///< Leiden iterations (1 for Louvain)
  /// Quality of the returned partition when the driver knows it (Leiden,
  /// computed on an aggregated graph: the same value up to rounding); NaN if not.
  double quality = std::numeric_limits<double>::quiet_NaN();
};

/// Leiden's RefinePartition / MergeNodesSubset: inside each community S of
/// `P`, starting from singletons, visits the nodes in seeded random order; a
/// node still alone and well connected to S (w(v, S-v) >= r a_v (A_S - a_v))
/// joins a well-connected refined community C of S (w(C, S-C) >= r A_C (A_S -
/// A_C)) with a non-negative gain, chosen with probability proportional to
/// exp(gain / theta) (staying alone has gain 0). Returns the refined ids
/// (not compact). The refined communities are connected by construction.
///
/// Communities are independent, so they are refined in parallel; each draws
/// from its own generator, seeded by one draw of `rng` and its id, so the
/// result does not depend on the thread count or the schedule.
inline std::vector<std::uint32_t> refine(const community_graph& cg, const gain_model& gm,
                                         const std::vector<std::uint32_t>& P, std::uint32_t kP, double theta,
                                         xoshiro256ss& rng, int threads, const interrupt_check& interrupt,
                                         const own_community_weights& own_w) {
  const vertex_id n = cg.n();
  const community_members cm(P, kP);
  const std::uint64_t key = rng.next();
  const double cutoff = -50.0 * theta;  // gain - best below this: weight e^-50 or less
  const std::vector<double>& node_weight = gm.cpm ? cg.size : cg.strength;
  std::vector<std::uint32_t> R(n);
  std::iota(R.begin(), R.end(), 0u);
  std::vector<double> rw(node_weight), ext(n), to_s(n);
  std::vector<std::uint32_t> rcount(n, 1);
  const bool par = threads > 1 && cg.targets.size() >= community_parallel_min_arcs;
  const std::size_t most = longest_row(cg);
  // Largest communities first, so that no thread is left with a big one at the end.
  std::vector<std::uint32_t> todo;
  for (std::uint32_t c = 0; c < kP; ++c)
    if (cm.size(c) > 1) todo.push_back(c);
  if (par)
    std::stable_sort(todo.begin(), todo.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return cm.size(x) > cm.size(y); });
  const vertex_id* targets = cg.targets.data();
  const double* weights = cg.weights.data();
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  const auto st = static_cast<std::int64_t>(todo.size());
  ONAKIT_OMP(parallel num_threads(threads) if (par))
  {
    const bool master = detail::thread_index() == 0;
    neighbour_weights nw(n, most);
    std::vector<vertex_id> order;
    std::vector<std::uint32_t> cand;
    std::vector<double> cand_gain;
    std::size_t polled = 0;
    ONAKIT_OMP(for schedule(dynamic, 1))
    for (std::int64_t it = 0; it < st; ++it) {
      if (stop.load(std::memory_order_relaxed)) continue;
      const std::uint32_t c = todo[static_cast<std::size_t>(it)];
      xoshiro256ss crng(key, c);
      order.assign(cm.members.begin() + static_cast<std::ptrdiff_t>(cm.start[c]),
                   cm.members.begin() + static_cast<std::ptrdiff_t>(cm.start[c + 1]));
      double a_s = 0.0;
      for (const vertex_id v : order) {
        a_s += node_weight[v];
        double w_in = own_w.w[v];  // from the local move, when still valid
        if (!own_w.known[v]) {
          w_in = 0.0;
          for (std::size_t e = cg.offsets[v], end = cg.offsets[v + 1]; e < end; ++e)
            if (P[targets[e]] == c) w_in += weights[e];
        }
        to_s[v] = ext[v] = w_in;
      }
      for (auto i = static_cast<std::uint32_t>(order.size()); i > 1; --i)
        std::swap(order[i - 1], order[crng.uniform_below32(i)]);
      std::size_t changes = 0, ties = 0;  // per community, so independent of the schedule
      for (const vertex_id v : order) {
        if (master && (++polled & 4095) == 0 && poll_without_throwing(interrupt, error)) stop.store(true);
        const std::uint32_t own = R[v];
        if (rcount[own] != 1) continue;
        const double a = rw[own];
        if (to_s[v] < gm.r * a * (a_s - a)) continue;
        changes += nw.collect(cg, v, [&](vertex_id u) { return P[u] == c ? R[u] : UINT32_MAX; },
                              sum_in_runs(changes, ties));
        ties += cg.offsets[v + 1] - cg.offsets[v];
        cand.assign(1, own);
        cand_gain.assign(1, 0.0);
        double best = 0.0;
        for (const auto d : nw.touched()) {
          if (d == own || ext[d] < gm.r * rw[d] * (a_s - rw[d])) continue;
          const double gain = nw.w[d] - gm.r * a * rw[d];
          if (gain < 0.0) continue;
          cand.push_back(d);
          cand_gain.push_back(gain);
          best = std::max(best, gain);
        }
        if (cand.size() == 1) continue;
        // Probabilities exp((gain - best) / theta): the best has weight 1, no
        // overflow; weights below e^-50 (never drawn by a 53-bit uniform in
        // practice) are taken as 0, which spares libm's slow underflow path
        // (and most candidates a division).
        double total = 0.0;
        for (auto& g : cand_gain) {
          const double below = g - best;
          total += (g = below < cutoff ? 0.0 : std::exp(below / theta));
        }
        double x = crng.uniform01() * total;
        std::size_t pick = 0;
        while (pick + 1 < cand.size() && x >= cand_gain[pick]) x -= cand_gain[pick++];
        const std::uint32_t d = cand[pick];
        if (d == own) continue;
        rw[own] = 0.0;
        rcount[own] = 0;
        R[v] = d;
        rw[d] += a;
        ++rcount[d];
        ext[d] += to_s[v] - 2.0 * nw.w[d];
      }
    }
  }
  if (error) std::rethrow_exception(error);
  if (stop.load()) throw interrupted("communities");
  return R;
}

/// Leiden until stable (iterations < 0) or for `iterations` iterations; each
/// iteration starts from the previous partition. Stops early when an
/// iteration moves no node or does not raise the quality. Returns the
/// membership of the nodes of g0 (compact ids).
///
/// The quality that decides whether to go on is computed on the last
/// aggregated graph, where it takes O(its size) instead of O(m): the same
/// value as on g0 up to rounding. The quality of the returned partition is
/// left in stats.quality.
inline std::vector<std::uint32_t> leiden(const community_graph& g0, community_objective obj, double gamma,
                                         double theta, int iterations, xoshiro256ss& rng, int threads,
                                         const interrupt_check& interrupt, community_run_stats& stats) {
  const vertex_id n = g0.n();
  std::vector<std::uint32_t> membership(n);
  std::iota(membership.begin(), membership.end(), 0u);
  // Singletons: g0 has no self-loop in its rows, so only the self weights are inside.
  double q_prev = 0.0;
  {
    community_graph diag;
    diag.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
    diag.self = g0.self;
    diag.strength = g0.strength;
    diag.size = g0.size;
    diag.total = g0.total;
    q_prev = quality(diag, membership, n, obj, gamma, 1);
  }
  const gain_model gm = make_gain_model(g0, obj, gamma);  // r is the same on every level (m is kept)
  own_community_weights own_w;
  for (int it = 0; iterations < 0 || it < iterations; ++it) {
    community_graph owned;
    const community_graph* G = &g0;
    std::vector<vertex_id> node_of(n);
    std::iota(node_of.begin(), node_of.end(), vertex_id{0});
    std::vector<std::uint32_t> P = membership;
    std::uint32_t kP = 0;
    std::size_t moves = 0;
    for (;;) {
      partition_state ps(*G, gm, std::move(P));
      moves += fast_move(*G, gm, ps, rng, threads, interrupt, own_w);
      ++stats.levels;
      P = std::move(ps.membership);
      kP = compact(P);
      if (kP == G->n()) break;
      std::vector<std::uint32_t> R = refine(*G, gm, P, kP, theta, rng, threads, interrupt, own_w);
      const std::uint32_t kR = compact(R);
      if (kR == G->n()) break;  // the refinement merged nothing: aggregating would not progress
      std::vector<std::uint32_t> next(kR);
      for (vertex_id v = 0; v < G->n(); ++v) next[R[v]] = P[v];
      for (auto& x : node_of) x = R[x];
      community_graph agg = aggregate(*G, R, kR, threads);
      owned = std::move(agg);
      G = &owned;
      P = std::move(next);
      poll(interrupt, "communities");
    }
    ++stats.iterations;
    const double q = quality(*G, P, kP, obj, gamma, threads);
    if (moves == 0 || !(q > q_prev)) break;
    for (vertex_id v = 0; v < n; ++v) membership[v] = P[node_of[v]];
    compact(membership);
    q_prev = q;
  }
  stats.quality = q_prev;
  return membership;
}

/// Louvain (Blondel, Guillaume, Lambiotte & Lefebvre 2008): local moving by
/// sweeps, aggregation on the result, repeated until a level moves nothing.
inline std::vector<std::uint32_t> louvain(const community_graph& g0, community_objective obj, double gamma,
                                          xoshiro256ss& rng, int threads, const interrupt_check& interrupt,
                                          community_run_stats& stats) {
  const vertex_id n = g0.n();
  const gain_model gm = make_gain_model(g0, obj, gamma);
  std::vector<vertex_id> node_of(n);
  std::iota(node_of.begin(), node_of.end(), vertex_id{0});
  community_graph owned;
  const community_graph* G = &g0;
  stats.iterations = 1;
  for (;;) {
    std::vector<std::uint32_t> P(G->n());
    std::iota(P.begin(), P.end(), 0u);
    partition_state ps(*G, gm, std::move(P));
    const std::size_t moves = sweep_move(*G, gm, ps, rng, interrupt);
    ++stats.levels;
    if (moves == 0) break;
    P = std::move(ps.membership);
    const std::uint32_t k = compact(P);
    for (auto& x : node_of) x = P[x];
    if (k == G->n()) break;
    community_graph agg = aggregate(*G, P, k, threads);
    owned = std::move(agg);
    G = &owned;
  }
  compact(node_of);
  return node_of;
}

}  // namespace onakit::detail
