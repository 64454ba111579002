#pragma once
/// \file betweenness.hpp
/// Betweenness centrality: how often a person lies on the shortest paths
/// between two others (brokerage between parts of the organisation).
///
/// ## Definition
/// For a person v,
///
///     b(v) = sum over ordered pairs (s, t), s != v != t, s != t, of  sigma_st(v) / sigma_st
///
/// where sigma_st is the number of shortest s -> t paths and sigma_st(v) the
/// number of them through v (Freeman 1977). Computed exactly with Brandes'
/// algorithm (U. Brandes, "A faster algorithm for betweenness centrality",
/// J. Math. Sociol. 25(2), 2001): one single-source shortest-path search per
/// source, then dependencies accumulated in reverse order of distance.
///
/// ## Conventions (identical to networkx.betweenness_centrality)
/// - A directed graph is treated as directed; self-ties are ignored.
/// - `weighted = false`: every tie has length 1 (breadth-first search).
///   `weighted = true`: a tie of weight w has length 1/w (strong ties are
///   short), as networkx with a `distance = 1/weight` edge attribute. Path
///   lengths are compared with exact floating-point equality, as networkx
///   does. A tie of weight 0 has infinite length: weighted paths never use it.
/// - `endpoints = true` also counts s and t as on the path (networkx's
///   `endpoints=True`).
/// - Normalisation (N = n - 1, or n with endpoints; none if N < 2):
///   normalized: b / (N (N - 1)) -- for directed and undirected graphs, which
///   for an undirected graph equals 2 b' / ((n-1)(n-2)) with b' over unordered
///   pairs; not normalized: b for a directed graph, b / 2 (unordered pairs)
///   for an undirected one.
///
/// ## Approximation
/// `approximate = true` uses Riondato & Kornaropoulos, "Fast approximation of
/// betweenness centrality through sampling", Data Min. Knowl. Disc. 30, 2016:
/// it samples
///
///     r = ceil( (c / eps'^2) * (floor(log2(VD - 2)) + 1 + ln(1 / delta)) ),  c = 0.5,
///
/// pairs (s, t) uniformly, picks one shortest s -> t path uniformly at random
/// and counts its inner vertices. With probability >= 1 - delta every
/// normalised score is within `epsilon` of the exact one (eps' = epsilon *
/// (n-2)/n converts the guarantee from RK's 1/(n(n-1)) scale to networkx's
/// normalised scale). VD bounds the vertex diameter (vertices on a longest
/// shortest path). Undirected unweighted: double-sweep bounds (three BFS per
/// component, undirected_diameter_bounds) when the lower and the upper bound
/// give the same r, so the exact value would too; otherwise, and for
/// directed unweighted graphs, computed exactly by bit-parallel BFS from
/// every person (O(n m / 64)). Weighted: the size of the largest weakly
/// connected component. An unweighted path is drawn by balanced bidirectional BFS
/// (Borassi & Natale, KADABRA, ESA 2016, sec. 4; detail/path_sampler.hpp):
/// a search from s over out-ties and one from t over in-ties, each level
/// grown on the side with fewer ties to scan, until they meet; the path is
/// drawn through the meeting ties in proportion to the paths through them,
/// so it is still uniform, and a sample scans a small part of the ties. A
/// weighted path: Dijkstra from s until t is settled, then a walk back.
/// Sample i draws from its own xoshiro256** stream (seed, i), so results
/// depend on `seed` only, not on the thread count. Not available with
/// `endpoints`.
///
/// Sampling or exact: when the sample would cost more than the exact
/// algorithm, the exact scores are computed instead and `exact` in the
/// result says so (epsilon = 1e-6 asks for ~10^12 samples). Unweighted, the
/// cost is counted in ties scanned, deterministically: the first 256 samples
/// are drawn, and if their mean ties per sample times r exceeds n (2 m + n)
/// (m arcs, an undirected tie counting twice: exact Brandes scans every arc
/// twice per source) Brandes runs instead;
/// otherwise the remaining samples are drawn (r > n (2 m + n) goes exact at
/// once). Weighted, a sample costs a good part of a Dijkstra search: exact
/// when r >= n.
///
/// ## Complexity
/// Exact: O(n m) time unweighted, O(n (m + n log n)) weighted; memory O(n)
/// per thread. Approximate: O(r m) worst case; unweighted, a sample
/// scans the ties of the levels its two searches grow, m^(1/2 + o(1)) on
/// the random-graph models Borassi & Natale analyse (the exact fallback
/// keeps the total near O(n m) at worst). Parallel over sources; per-thread
/// sums are kept in 64.64 fixed point so the scores are bit-identical for
/// any thread count.
///
/// ## Example
/// \code
///   auto g = onakit::make_graph(3, std::vector<onakit::vertex_id>{0, 1},
///                               std::vector<onakit::vertex_id>{1, 2});
///   auto r = onakit::betweenness(g);   // r.scores == {0, 0.5, 0}: 0->2 passes 1, (n-1)(n-2) = 2
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/centrality/detail/brandes.hpp>
#include <onakit/centrality/detail/leaf_folding.hpp>
#include <onakit/centrality/detail/level_brandes.hpp>
#include <onakit/centrality/detail/path_sampler.hpp>
#include <onakit/centrality/detail/paths.hpp>
#include <onakit/centrality/detail/vertex_diameter.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/components.hpp>
#include <onakit/graph/graph.hpp>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <vector>

namespace onakit::inline v0_1 {

struct betweenness_options {
  bool normalized = true;   ///< divide by the number of pairs, as networkx
  bool weighted = false;    ///< tie length 1/weight instead of 1
  bool endpoints = false;   ///< count the path's ends too
  bool approximate = false; ///< Riondato-Kornaropoulos sampling
  double epsilon = 0.01;    ///< approximation: additive error on the normalised scale
  double delta = 0.1;       ///< approximation: failure probability
  std::uint64_t seed = 0;   ///< approximation: random seed
  int threads = 0;          ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{}; ///< polled from thread 0 every few sources
};

/// Scores plus the sampling diagnostics (zero when exact).
struct betweenness_result : centrality_result {
  std::uint64_t samples = 0;          ///< pairs sampled (approximate only; 0 when it fell back to exact)
  std::uint64_t vertex_diameter = 0;  ///< the VD bound used (approximate only)
  /// True when the scores are exact: approximate=false, or approximate=true
  /// whose sample would cost more than the exact algorithm (ties scanned
  /// when unweighted, sample size >= n when weighted; see the file comment),
  /// so Brandes ran instead of sampling.
  bool exact = true;
  /// Shortest-path searches run: one per source, fewer than the people when
  /// people with one contact were folded (leaf_folding.hpp); the samples
  /// when approximate.
  std::uint64_t searches = 0;
};

namespace detail {

/// networkx's _rescale for betweenness (no sampling).
inline double betweenness_scale(vertex_id n, bool directed, bool normalized, bool endpoints) {
  const double big_n = endpoints ? static_cast<double>(n) : static_cast<double>(n) - 1.0;
  if (big_n < 2) return 1.0;
  if (normalized) return 1.0 / (big_n * (big_n - 1.0));
  return directed ? 1.0 : 0.5;
}

/// Brandes over every source of `g`, or of the core of `fold` when it
/// folded leaves (leaf_folding.hpp): unscaled sums by the searched graph's ids.
inline void brandes_sums(const graph& g, const betweenness_options& o, const leaf_folding* fold,
                         std::vector<fixed_sum>& total) {
  const vertex_id n = g.num_vertices();
  const int threads = thread_count(o.threads, n);
  adjacency a = out_adjacency(g);
  const adjacency in = in_adjacency(g);
  std::vector<double> len;
  if (o.weighted) {
    len = out_lengths(g);
    a.len = len.data();
  }
  const double* bw = fold != nullptr ? fold->b.data() : nullptr;
  const double* aw = fold != nullptr ? fold->a.data() : nullptr;
  std::vector<std::vector<fixed_sum>> part(static_cast<std::size_t>(threads));
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  const auto sn = static_cast<std::int64_t>(n);
  ONAKIT_OMP(parallel num_threads(threads))
  {
    const auto t = static_cast<std::size_t>(detail::thread_index());
    auto& acc = part[t];
    acc.assign(n, fixed_sum{});
    // Only the buffers of the search in use are allocated.
    std::optional<brandes_workspace> ws;
    std::optional<level_brandes> lb;
    if (o.weighted) ws.emplace(n, true, g.num_arcs());
    else lb.emplace(g, a, in);
    unsigned since_poll = 0;
    ONAKIT_OMP(for schedule(dynamic, 16))
    for (std::int64_t is = 0; is < sn; ++is) {
      if (stop.load(std::memory_order_relaxed)) continue;
      if (t == 0 && ++since_poll >= 4) {
        since_poll = 0;
        // dynamic schedule hands sources out in order: `is` is the frontier
        if (poll_without_throwing(o.interrupt, error, static_cast<std::uint64_t>(is), n)) stop.store(true);
      }
      const auto s = static_cast<vertex_id>(is);
      const double as = aw != nullptr ? aw[s] : 1.0;
      std::size_t count = 0;
      const vertex_id* order = nullptr;
      if (o.weighted) {
        count = ws->dijkstra(a, s);
        ws->accumulate<true>(a, s, count, o.endpoints, acc.data(), bw, as);
        order = ws->order.data();
      } else {
        count = lb->search(s);
        lb->accumulate(s, count, o.endpoints, acc.data(), bw, as);
        order = lb->order.data();
      }
      if (fold != nullptr) {
        // s between its leaves and whatever it reaches; t between s's side and t's leaves.
        double reached = 0.0;
        for (std::size_t i = 1; i < count; ++i) {
          const vertex_id x = order[i];
          reached += bw[x];
          if (bw[x] > 1.0) acc[x].add(as * (bw[x] - 1.0));
        }
        if (as > 1.0 && reached > 0.0) acc[s].add((as - 1.0) * reached);
      }
      if (o.weighted) ws->reset_dijkstra();
      else lb->reset(count);
    }
  }
  if (error) std::rethrow_exception(error);
  if (stop.load()) throw interrupted("betweenness");
  total.assign(n, fixed_sum{});
  for (const auto& p : part)
    for (vertex_id v = 0; v < n; ++v) total[v].add(p[v]);  // integer sums: order-free
}

/// Exact scores into `scores`; returns the searches run.
inline std::uint64_t exact_betweenness(const graph& g, const betweenness_options& o, std::vector<double>& scores) {
  const vertex_id n = g.num_vertices();
  const double scale = betweenness_scale(n, g.directed(), o.normalized, o.endpoints);
  scores.assign(n, 0.0);
  std::vector<fixed_sum> total;
  // Leaves are folded for unweighted searches unless endpoints count (a leaf
  // is then on its own paths); leaf_folding.hpp says why not weighted.
  const leaf_folding fold = o.endpoints || o.weighted ? leaf_folding{} : fold_leaves(g);
  if (fold.folded == 0) {
    brandes_sums(g, o, nullptr, total);
    for (vertex_id v = 0; v < n; ++v) scores[v] = total[v].value() * scale;
    return n;
  }
  brandes_sums(fold.core, o, &fold, total);
  for (std::size_t c = 0; c < fold.original.size(); ++c) {
    if (fold.base[c] > 0.0) total[c].add(fold.base[c]);
    scores[fold.original[c]] = total[c].value() * scale;
  }
  return fold.original.size();
}

inline std::uint64_t rk_sample_size(std::uint64_t vd, double epsilon, double delta) {
  const std::uint64_t x = vd > 3 ? vd - 2 : 1;
  const auto floor_log2 = static_cast<double>(std::bit_width(x) - 1);
  const double s = std::ceil(0.5 / (epsilon * epsilon) * (floor_log2 + 1.0 + std::log(1.0 / delta)));
  // Saturate: a tiny epsilon asks for more than 2^64 samples (and the cast would be undefined).
  return s < 18446744073709549568.0 ? static_cast<std::uint64_t>(s) : std::numeric_limits<std::uint64_t>::max();
}

/// One weighted sample: Dijkstra from s until t is settled, then a walk back
/// from t choosing each predecessor z with probability sigma[z] / sigma[w].
inline void weighted_sample(brandes_workspace& ws, adjacency out, adjacency in, vertex_id s, vertex_id tv,
                            xoshiro256ss& rng, std::uint64_t* cnt) {
  ws.dijkstra(out, s, tv);
  if (ws.dist[tv] < std::numeric_limits<double>::infinity()) {
    vertex_id w = tv;
    for (;;) {
      const double target = rng.uniform01() * ws.sigma[w];
      double run = 0.0;
      vertex_id pick = null_vertex;
      for (edge_id e = in.off[w]; e < in.off[w + 1]; ++e) {
        const vertex_id z = in.adj[e];
        if (z != w && ws.dist[z] + in.len[e] == ws.dist[w]) {
          pick = z;
          run += ws.sigma[z];
          if (run > target) break;
        }
      }
      if (pick == s || pick == null_vertex) break;
      ++cnt[pick];
      w = pick;
    }
  }
  ws.reset_dijkstra();
}

/// Samples in the first batch of an unweighted run, from which the cost of
/// the whole sample is estimated (a fixed count: the decision must not
/// depend on the thread count).
inline constexpr std::uint64_t cost_probe_samples = 256;

inline void approximate_betweenness(const graph& g, const betweenness_options& o, betweenness_result& r) {
  const vertex_id n = g.num_vertices();
  r.scores.assign(n, 0.0);
  if (n <= 2) return;  // no pair has an inner vertex
  const int threads = thread_count(o.threads, n);
  const double eps = o.epsilon * static_cast<double>(n - 2) / static_cast<double>(n);
  r.vertex_diameter = 0;
  if (!o.weighted && !g.directed()) {
    // The sample size depends on floor(log2(VD - 2)) only: when cheap bounds
    // agree on it, the all-sources search (O(n m / 64)) would not change it.
    const auto b = undirected_diameter_bounds(g);
    if (rk_sample_size(std::uint64_t{b.upper} + 1, eps, o.delta) == rk_sample_size(std::uint64_t{b.lower} + 1, eps, o.delta))
      r.vertex_diameter = std::uint64_t{b.upper} + 1;
  }
  if (r.vertex_diameter == 0) r.vertex_diameter = vertex_diameter_bound(g, o.weighted, threads, o.interrupt);
  r.samples = rk_sample_size(r.vertex_diameter, eps, o.delta);
  // The exact algorithm scans every tie about twice per source (search and
  // accumulation) and visits every person: n (2 m + n) in all.
  const double nn = static_cast<double>(n);
  const double exact_cost = nn * (2.0 * static_cast<double>(g.num_arcs()) + nn);
  const auto fall_back_to_exact = [&] {
    r.samples = 0;
    r.searches = exact_betweenness(g, o, r.scores);
  };
  // A weighted sample costs a good part of a Dijkstra search: sampling only
  // pays below one sample per person. An unweighted sample costs at least
  // one tie: beyond the exact cost in samples (a tiny epsilon asks for
  // ~10^12), exact at once; otherwise decided after the first batch.
  // (Beyond 2^62 samples the loop's signed index would not hold them.)
  const bool too_many = r.samples > (std::uint64_t{1} << 62);
  if (too_many || (o.weighted ? r.samples >= n : static_cast<double>(r.samples) > exact_cost)) {
    fall_back_to_exact();
    return;
  }
  adjacency out = out_adjacency(g), in = in_adjacency(g);
  std::vector<double> len, ilen;
  if (o.weighted) {
    len = out_lengths(g);
    ilen = in_lengths(g, len);
    out.len = len.data();
    in.len = ilen.data();
  }
  const auto nt = static_cast<std::size_t>(threads);
  std::vector<std::vector<std::uint64_t>> part(nt);
  std::vector<std::uint64_t> scanned(nt, 0);  // per thread: the sum is order-free
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  // Samples [first, last): sample i draws from its own stream (seed, i).
  const auto run = [&](std::uint64_t first, std::uint64_t last) {
    const auto lo = static_cast<std::int64_t>(first), hi = static_cast<std::int64_t>(last);
    ONAKIT_OMP(parallel num_threads(threads))
    {
      const auto t = static_cast<std::size_t>(detail::thread_index());
      auto& cnt = part[t];
      if (cnt.empty()) cnt.assign(n, 0);
      std::optional<brandes_workspace> ws;
      std::optional<path_sampler> ps;
      if (o.weighted) ws.emplace(n, true, g.num_arcs());
      else ps.emplace(n, out, in);
      std::uint64_t cost = 0;
      unsigned since_poll = 0;
      ONAKIT_OMP(for schedule(dynamic, 16))
      for (std::int64_t i = lo; i < hi; ++i) {
        if (stop.load(std::memory_order_relaxed)) continue;
        if (t == 0 && ++since_poll >= 64) {
          since_poll = 0;
          if (poll_without_throwing(o.interrupt, error, static_cast<std::uint64_t>(i), r.samples)) stop.store(true);
        }
        xoshiro256ss rng(o.seed, static_cast<std::uint64_t>(i));
        const auto s = rng.uniform_below32(n);
        auto tv = rng.uniform_below32(n - 1);
        if (tv >= s) ++tv;
        if (o.weighted) weighted_sample(*ws, out, in, s, tv, rng, cnt.data());
        else cost += ps->sample(s, tv, rng, cnt.data());
      }
      scanned[t] += cost;
    }
    if (error) std::rethrow_exception(error);
    if (stop.load()) throw interrupted("betweenness");
  };
  std::uint64_t done = 0;
  if (!o.weighted) {
    done = std::min(r.samples, cost_probe_samples);
    run(0, done);
    std::uint64_t probe = 0;
    for (const std::uint64_t c : scanned) probe += c;
    // Ties per sample in the probe times the sample; deterministic, as the
    // probe's samples are.
    const double estimate = static_cast<double>(probe) / static_cast<double>(done) * static_cast<double>(r.samples);
    if (estimate > exact_cost) {
      fall_back_to_exact();
      return;
    }
  }
  run(done, r.samples);
  r.exact = false;
  r.searches = r.samples;
  // RK estimate on the 1/(n(n-1)) scale -> networkx's scale.
  const double rk = 1.0 / static_cast<double>(r.samples);
  const double scale = o.normalized ? rk * nn / (nn - 2.0) : rk * nn * (nn - 1.0) * (g.directed() ? 1.0 : 0.5);
  for (vertex_id v = 0; v < n; ++v) {
    std::uint64_t c = 0;
    for (const auto& p : part)
      if (!p.empty()) c += p[v];
    r.scores[v] = static_cast<double>(c) * scale;
  }
}

}  // namespace detail

/// Betweenness centrality of every person (see the file comment for the
/// definition, normalisation and the approximation).
/// \throws invalid_option for epsilon or delta outside (0, 1), or
///         approximate together with endpoints.
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline betweenness_result betweenness(const graph& g, const betweenness_options& o = {}) {
  if (o.approximate) {
    if (!(o.epsilon > 0 && o.epsilon < 1)) throw invalid_option("betweenness: epsilon must be in (0, 1)");
    if (!(o.delta > 0 && o.delta < 1)) throw invalid_option("betweenness: delta must be in (0, 1)");
    if (o.endpoints)
      throw invalid_option("betweenness: approximate=true does not support endpoints=true (use the exact version)");
  }
  detail::check_threads(o.threads);
  detail::poll(o.interrupt, "betweenness");
  betweenness_result r;
  if (o.approximate) detail::approximate_betweenness(g, o, r);
  else r.searches = detail::exact_betweenness(g, o, r.scores);
  return r;
}

}  // namespace onakit
