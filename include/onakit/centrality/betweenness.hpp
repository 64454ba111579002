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
/// shortest path): computed exactly by bit-parallel BFS when unweighted, and
/// bounded by the size of the largest weakly connected component when
/// weighted. Sample i draws from its own xoshiro256** stream (seed, i), so
/// results depend on `seed` only, not on the thread count. Not available with
/// `endpoints`. When r >= n, sampling would cost more than the exact
/// algorithm's n searches (epsilon = 1e-6 asks for ~10^12 samples), so the
/// exact scores are computed instead and `exact` in the result says so.
///
/// ## Complexity
/// Exact: O(n m) time unweighted, O(n (m + n log n)) weighted; memory O(n)
/// per thread. Approximate: O(r m) worst case (each search stops at its
/// target). Parallel over sources; per-thread sums are kept in 64.64 fixed
/// point so the scores are bit-identical for any thread count.
///
/// ## Example
/// \code
///   auto g = onakit::make_graph(3, std::vector<onakit::vertex_id>{0, 1},
///                               std::vector<onakit::vertex_id>{1, 2});
///   auto r = onakit::betweenness(g);   // r.scores == {0, 0.5, 0}: 0->2 passes 1, (n-1)(n-2) = 2
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/centrality/detail/leaf_folding.hpp>
#include <onakit/centrality/detail/paths.hpp>
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
  /// whose sample size reached n (one sample costs up to one search, the
  /// exact algorithm n searches), so Brandes ran instead of sampling.
  bool exact = true;
  /// Shortest-path searches run: one per source, fewer than the people when
  /// people with one contact were folded (leaf_folding.hpp); the samples
  /// when approximate.
  std::uint64_t searches = 0;
};

namespace detail {

inline constexpr std::uint32_t unreached_hop = std::numeric_limits<std::uint32_t>::max();

/// Per-thread buffers of one shortest-path search; allocated once per thread.
struct brandes_workspace {
  std::vector<std::uint32_t> hop;  // BFS level, unreached_hop if not reached
  std::vector<double> dist;        // Dijkstra distance, +inf if not reached
  std::vector<double> sigma;       // number of shortest paths from the source
  std::vector<double> coef;        // (1 + delta[x]) / sigma[x] during accumulation
  std::vector<vertex_id> order;    // vertices in order of (non-decreasing) distance
  std::vector<vertex_id> touched;  // Dijkstra: every vertex given a distance
  dist_heap heap;

  brandes_workspace(vertex_id n, bool weighted, std::size_t arcs)
      : sigma(n), coef(n), order(n) {
    if (weighted) {
      dist.assign(n, std::numeric_limits<double>::infinity());
      touched.reserve(n);
      heap.reserve(arcs + 1);
    } else {
      hop.assign(n, unreached_hop);
    }
  }

  /// BFS from s; returns the number of vertices reached (order[0..count)).
  std::size_t bfs(adjacency a, vertex_id s) {
    std::size_t head = 0, tail = 1;
    order[0] = s;
    hop[s] = 0;
    sigma[s] = 1.0;
    while (head < tail) {
      const vertex_id v = order[head++];
      const std::uint32_t nh = hop[v] + 1;
      const double sv = sigma[v];
      for (edge_id e = a.off[v]; e < a.off[v + 1]; ++e) {
        const vertex_id w = a.adj[e];
        if (hop[w] == unreached_hop) {
          hop[w] = nh;
          sigma[w] = sv;
          order[tail++] = w;
        } else if (hop[w] == nh) {
          sigma[w] += sv;
        }
      }
    }
    return tail;
  }

  void reset_bfs(std::size_t count) noexcept {
    for (std::size_t i = 0; i < count; ++i) hop[order[i]] = unreached_hop;
  }

  /// Dijkstra from s over lengths a.len, settling until `stop` is settled
  /// (null_vertex: all). Returns the number settled (order[0..count)).
  std::size_t dijkstra(adjacency a, vertex_id s, vertex_id stop = null_vertex) {
    std::size_t count = 0;
    heap.clear();
    touched.clear();
    dist[s] = 0.0;
    sigma[s] = 1.0;
    touched.push_back(s);
    heap.push(0.0, s);
    while (!heap.empty()) {
      const auto [d, v] = heap.pop();
      if (d != dist[v]) continue;  // stale entry: v was reached more cheaply
      order[count++] = v;
      if (v == stop) break;
      const double sv = sigma[v];
      for (edge_id e = a.off[v]; e < a.off[v + 1]; ++e) {
        const vertex_id w = a.adj[e];
        if (w == v) continue;  // self-ties never lie on shortest paths
        const double nd = d + a.len[e];
        if (nd < dist[w]) {
          if (dist[w] == std::numeric_limits<double>::infinity()) touched.push_back(w);
          dist[w] = nd;
          sigma[w] = sv;
          heap.push(nd, w);
        } else if (nd == dist[w]) {  // exact equality, as networkx
          sigma[w] += sv;
        }
      }
    }
    return count;
  }

  void reset_dijkstra() noexcept {
    for (const vertex_id v : touched) dist[v] = std::numeric_limits<double>::infinity();
  }

  /// Brandes' dependency accumulation over the search just run from s, in
  /// successor form: delta[w] = sigma[w] * sum over DAG successors x of
  /// (1 + delta[x]) / sigma[x]. Adds to acc as networkx does (with or
  /// without endpoints). With folded leaves (leaf_folding.hpp) `bw` holds
  /// the target weights b (b[x] + delta[x] in place of 1 + delta[x]) and
  /// `as` the source's weight a(s), which scales what is added.
  template <bool Weighted>
  void accumulate(adjacency a, vertex_id s, std::size_t count, bool endpoints, fixed_sum* acc,
                  const double* bw = nullptr, double as = 1.0) {
    for (std::size_t i = count; i-- > 1;) {
      const vertex_id w = order[i];
      double sum = 0.0;
      if constexpr (Weighted) {
        const double dw = dist[w];
        for (edge_id e = a.off[w]; e < a.off[w + 1]; ++e) {
          const vertex_id x = a.adj[e];
          // A tie of weight 0 (length +inf) to someone unreached (+inf) is no
          // DAG arc: coef[x] is then a previous source's value.
          if (dw + a.len[e] == dist[x] && dist[x] < std::numeric_limits<double>::infinity()) sum += coef[x];
        }
      } else {
        const std::uint32_t nh = hop[w] + 1;
        for (edge_id e = a.off[w]; e < a.off[w + 1]; ++e) {
          const vertex_id x = a.adj[e];
          if (hop[x] == nh) sum += coef[x];
        }
      }
      const double delta = sigma[w] * sum;
      coef[w] = ((bw != nullptr ? bw[w] : 1.0) + delta) / sigma[w];
      if (endpoints) acc[w].add(delta + 1.0);
      else if (delta != 0.0) acc[w].add(delta * as);
    }
    if (endpoints) acc[s].add(static_cast<double>(count - 1));
  }
};

/// Per-thread buffers of the exact unweighted Brandes kernel; allocated once
/// per thread, and after each source only the entries it reached are reset.
///
/// Both phases are direction-optimised level by level (Beamer, Asanovic &
/// Patterson, "Direction-optimizing breadth-first search", SC 2012, applied
/// to path counting as in Madduri et al., IPDPS 2009):
/// - search: level L+1 is found either top-down (scan the out-ties of level
///   L) or bottom-up (every unreached person sums sigma over its in-ties
///   from level L), whichever scans fewer ties;
/// - accumulation: the dependencies of level L are either pulled from the
///   out-ties of level L (successor form) or pushed along the in-ties of
///   level L+1, whichever scans fewer ties.
/// Each source's arithmetic depends on the source only, never on the thread.
struct level_brandes {
  struct slot {
    std::uint32_t hop;  // BFS level, unreached_hop if not reached
    double val;         // sigma during the search; (1 + delta) / sigma once accumulated
  };
  std::vector<slot> sv;           // hop and sigma side by side: one cache line per visit
  std::vector<double> pushed;     // push form: sum of (1 + delta[x]) / sigma[x] over successors
  std::vector<vertex_id> order;   // vertices by level
  std::vector<std::size_t> start; // order[start[L] .. start[L+1]) is level L
  std::vector<std::uint64_t> level_out, level_in;  // ties out of / into each level
  adjacency out, in;
  vertex_id n;
  std::uint64_t total_in;

  level_brandes(const graph& g, adjacency o, adjacency i)
      : sv(g.num_vertices(), slot{unreached_hop, 0.0}),
        pushed(g.num_vertices()),
        order(g.num_vertices()),
        out(o),
        in(i),
        n(g.num_vertices()),
        total_in(o.off[g.num_vertices()]) {
    start.reserve(64);
    level_out.reserve(64);
    level_in.reserve(64);
  }

  /// x if keep, else +0.0, without a branch: whether a neighbour lies on
  /// the next level is a coin toss that a branch predictor loses.
  static double masked(double x, bool keep) noexcept {
    const std::uint64_t mask = std::uint64_t{0} - static_cast<std::uint64_t>(keep);
    return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & mask);
  }

  /// Sum of val over the neighbours of v in `a` on level `level`; two
  /// accumulators halve the chain of dependent additions.
  double masked_sum(adjacency a, vertex_id v, std::uint32_t level) const noexcept {
    double s0 = 0.0, s1 = 0.0;
    edge_id e = a.off[v];
    const edge_id end = a.off[v + 1];
    for (; e + 1 < end; e += 2) {
      const slot& x0 = sv[a.adj[e]];
      const slot& x1 = sv[a.adj[e + 1]];
      s0 += masked(x0.val, x0.hop == level);
      s1 += masked(x1.val, x1.hop == level);
    }
    if (e < end) {
      const slot& x = sv[a.adj[e]];
      s0 += masked(x.val, x.hop == level);
    }
    return s0 + s1;
  }

  void close_level(std::size_t from, std::size_t to) {
    std::uint64_t so = 0, si = 0;
    for (std::size_t k = from; k < to; ++k) {
      const vertex_id v = order[k];
      so += out.off[v + 1] - out.off[v];
      si += in.off[v + 1] - in.off[v];
    }
    level_out.push_back(so);
    level_in.push_back(si);
    start.push_back(to);
  }

  /// BFS from s; returns the number of vertices reached (order[0..count)).
  std::size_t search(vertex_id s) {
    start.assign(1, 0);
    level_out.clear();
    level_in.clear();
    order[0] = s;
    sv[s] = {0, 1.0};
    std::size_t head = 0, tail = 1;
    close_level(0, 1);
    std::uint64_t unreached_in = total_in - level_in[0];
    for (std::uint32_t level = 0; head < tail; ++level) {
      const std::uint32_t nh = level + 1;
      const std::size_t end = tail;
      // Bottom-up scans the in-ties of everyone unreached plus a pass over
      // the people; top-down the out-ties of the frontier.
      if (unreached_in + n / 8 < level_out[level]) {
        for (vertex_id v = 0; v < n; ++v) {
          if (sv[v].hop != unreached_hop) continue;
          const double sigma = masked_sum(in, v, level);
          if (sigma != 0.0) {
            sv[v] = {nh, sigma};
            order[tail++] = v;
          }
        }
      } else {
        for (std::size_t k = head; k < end; ++k) {
          const vertex_id v = order[k];
          const double sigma = sv[v].val;
          for (edge_id e = out.off[v]; e < out.off[v + 1]; ++e) {
            const vertex_id w = out.adj[e];
            slot& x = sv[w];
            if (x.hop == unreached_hop) {
              x = {nh, sigma};
              order[tail++] = w;
            } else if (x.hop == nh) {
              x.val += sigma;
            }
          }
        }
      }
      head = end;
      if (tail > end) {
        close_level(end, tail);
        unreached_in -= level_in.back();
      }
    }
    return tail;
  }

  /// Dependencies, deepest level first, added to acc as networkx does;
  /// `bw` and `as` as in brandes_workspace::accumulate (folded leaves).
  void accumulate(vertex_id s, std::size_t count, bool endpoints, fixed_sum* acc, const double* bw = nullptr,
                  double as = 1.0) {
    const auto levels = static_cast<std::uint32_t>(start.size() - 1);
    // The deepest level has no successors: delta = 0.
    for (std::size_t k = start[levels - 1]; k < start[levels]; ++k) {
      slot& x = sv[order[k]];
      if (endpoints && levels > 1) acc[order[k]].add(1.0);
      x.val = (bw != nullptr ? bw[order[k]] : 1.0) / x.val;
    }
    for (std::uint32_t level = levels - 1; level-- > 1;) {
      const std::size_t lo = start[level], mid = start[level + 1], hi = start[level + 2];
      const std::uint32_t next = level + 1;
      if (level_in[next] < level_out[level]) {
        for (std::size_t k = lo; k < mid; ++k) pushed[order[k]] = 0.0;
        for (std::size_t k = mid; k < hi; ++k) {
          const vertex_id x = order[k];
          const double c = sv[x].val;
          for (edge_id e = in.off[x]; e < in.off[x + 1]; ++e) {
            const vertex_id u = in.adj[e];
            pushed[u] += masked(c, sv[u].hop == level);  // + 0 elsewhere is harmless
          }
        }
      } else {
        for (std::size_t k = lo; k < mid; ++k) {
          const vertex_id w = order[k];
          pushed[w] = masked_sum(out, w, next);
        }
      }
      for (std::size_t k = lo; k < mid; ++k) {
        const vertex_id w = order[k];
        slot& x = sv[w];
        const double delta = x.val * pushed[w];
        x.val = ((bw != nullptr ? bw[w] : 1.0) + delta) / x.val;
        if (endpoints) acc[w].add(delta + 1.0);
        else if (delta != 0.0) acc[w].add(delta * as);
      }
    }
    if (endpoints) acc[s].add(static_cast<double>(count - 1));
  }

  void reset(std::size_t count) noexcept {
    for (std::size_t i = 0; i < count; ++i) sv[order[i]].hop = unreached_hop;
  }
};

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

/// Upper bound on the vertex diameter for the sample size.
inline std::uint64_t vertex_diameter_bound(const graph& g, bool weighted, int threads,
                                           const interrupt_check& interrupt) {
  const vertex_id n = g.num_vertices();
  if (weighted) {
    // Hop counts of weighted shortest paths are bounded by component sizes.
    const auto c = weakly_connected_components(g);
    std::vector<std::uint64_t> size(c.count, 0);
    for (const vertex_id k : c.component) ++size[k];
    return size.empty() ? 0 : *std::max_element(size.begin(), size.end());
  }
  const int t_used = bit_parallel_threads(n, threads);
  std::vector<std::uint32_t> deepest(static_cast<std::size_t>(t_used), 0);  // per thread: max order-free
  bit_parallel_bfs(n, in_adjacency(g), std::numeric_limits<std::uint32_t>::max(), t_used, interrupt, "betweenness",
                   [&](int t, vertex_id, std::uint32_t level, std::uint64_t) {
                     auto& d = deepest[static_cast<std::size_t>(t)];
                     if (level > d) d = level;
                   });
  const std::uint32_t diameter = *std::max_element(deepest.begin(), deepest.end());
  return std::uint64_t{diameter} + 1;
}

inline std::uint64_t rk_sample_size(std::uint64_t vd, double epsilon, double delta) {
  const std::uint64_t x = vd > 3 ? vd - 2 : 1;
  const auto floor_log2 = static_cast<double>(std::bit_width(x) - 1);
  const double s = std::ceil(0.5 / (epsilon * epsilon) * (floor_log2 + 1.0 + std::log(1.0 / delta)));
  // Saturate: a tiny epsilon asks for more than 2^64 samples (and the cast would be undefined).
  return s < 18446744073709549568.0 ? static_cast<std::uint64_t>(s) : std::numeric_limits<std::uint64_t>::max();
}

inline void approximate_betweenness(const graph& g, const betweenness_options& o, betweenness_result& r) {
  const vertex_id n = g.num_vertices();
  r.scores.assign(n, 0.0);
  if (n <= 2) return;  // no pair has an inner vertex
  const int threads = thread_count(o.threads, n);
  r.vertex_diameter = vertex_diameter_bound(g, o.weighted, threads, o.interrupt);
  const double eps = o.epsilon * static_cast<double>(n - 2) / static_cast<double>(n);
  r.samples = rk_sample_size(r.vertex_diameter, eps, o.delta);
  if (r.samples >= n) {
    // Sampling would cost at least the exact algorithm's n searches (a tiny
    // epsilon asks for ~10^12 samples): compute the exact scores instead.
    r.samples = 0;
    r.searches = exact_betweenness(g, o, r.scores);
    return;
  }
  r.exact = false;
  r.searches = r.samples;
  adjacency out = out_adjacency(g), in = in_adjacency(g);
  std::vector<double> len, ilen;
  if (o.weighted) {
    len = out_lengths(g);
    ilen = in_lengths(g, len);
    out.len = len.data();
    in.len = ilen.data();
  }
  std::vector<std::vector<std::uint64_t>> part(static_cast<std::size_t>(threads));
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  const auto samples = static_cast<std::int64_t>(r.samples);
  ONAKIT_OMP(parallel num_threads(threads))
  {
    const auto t = static_cast<std::size_t>(detail::thread_index());
    auto& cnt = part[t];
    cnt.assign(n, 0);
    brandes_workspace ws(n, o.weighted, g.num_arcs());
    unsigned since_poll = 0;
    ONAKIT_OMP(for schedule(dynamic, 64))
    for (std::int64_t i = 0; i < samples; ++i) {
      if (stop.load(std::memory_order_relaxed)) continue;
      if (t == 0 && ++since_poll >= 256) {
        since_poll = 0;
        if (poll_without_throwing(o.interrupt, error, static_cast<std::uint64_t>(i), r.samples)) stop.store(true);
      }
      xoshiro256ss rng(o.seed, static_cast<std::uint64_t>(i));
      const auto s = rng.uniform_below32(n);
      auto tv = rng.uniform_below32(n - 1);
      if (tv >= s) ++tv;
      if (o.weighted) {
        ws.dijkstra(out, s, tv);
        if (ws.dist[tv] < std::numeric_limits<double>::infinity()) {
          // Walk back from t choosing each predecessor z with probability sigma[z] / sigma[w].
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
      } else {
        // BFS from s, stopping once t's level is complete (its sigma is then final).
        std::size_t head = 0, tail = 1;
        ws.order[0] = s;
        ws.hop[s] = 0;
        ws.sigma[s] = 1.0;
        while (head < tail) {
          const vertex_id v = ws.order[head++];
          if (ws.hop[tv] != unreached_hop && ws.hop[v] >= ws.hop[tv]) break;
          const std::uint32_t nh = ws.hop[v] + 1;
          const double sv = ws.sigma[v];
          for (edge_id e = out.off[v]; e < out.off[v + 1]; ++e) {
            const vertex_id w = out.adj[e];
            if (ws.hop[w] == unreached_hop) {
              ws.hop[w] = nh;
              ws.sigma[w] = sv;
              ws.order[tail++] = w;
            } else if (ws.hop[w] == nh) {
              ws.sigma[w] += sv;
            }
          }
        }
        if (ws.hop[tv] != unreached_hop) {
          vertex_id w = tv;
          while (ws.hop[w] > 1) {
            const double target = rng.uniform01() * ws.sigma[w];
            const std::uint32_t ph = ws.hop[w] - 1;
            double run = 0.0;
            vertex_id pick = null_vertex;
            for (edge_id e = in.off[w]; e < in.off[w + 1]; ++e) {
              const vertex_id z = in.adj[e];
              if (ws.hop[z] == ph) {
                pick = z;
                run += ws.sigma[z];
                if (run > target) break;
              }
            }
            ++cnt[pick];
            w = pick;
          }
        }
        ws.reset_bfs(tail);
      }
    }
  }
  if (error) std::rethrow_exception(error);
  if (stop.load()) throw interrupted("betweenness");
  // RK estimate on the 1/(n(n-1)) scale -> networkx's scale.
  const double nn = static_cast<double>(n);
  const double rk = 1.0 / static_cast<double>(r.samples);
  const double scale = o.normalized ? rk * nn / (nn - 2.0) : rk * nn * (nn - 1.0) * (g.directed() ? 1.0 : 0.5);
  for (vertex_id v = 0; v < n; ++v) {
    std::uint64_t c = 0;
    for (const auto& p : part) c += p[v];
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
