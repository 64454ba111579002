#pragma once
/// \file edge_betweenness.hpp
/// Edge betweenness: how many shortest paths between people run along each
/// tie (Girvan & Newman 2002), and its cross-group form, the share of
/// shortest paths *between groups* that a tie carries (bridging ties).
///
/// ## Definition
/// For a tie e,
///
///     eb(e) = sum over ordered pairs (s, t), s != t, of  sigma_st(e) / sigma_st
///
/// where sigma_st is the number of shortest s -> t paths and sigma_st(e) the
/// number of them using e. Computed with Brandes' algorithm (U. Brandes, "On
/// variants of shortest-path betweenness centrality and their generic
/// computation", Social Networks 30(2), 2008, section 3.5): one
/// shortest-path search per source s, then, in reverse order of distance,
/// each DAG arc w -> x gets the credit
///
///     c_s(w, x) = sigma_sw / sigma_sx * (t_s(x) + delta_s(x)),
///     delta_s(w) = sum over DAG successors x of c_s(w, x),
///
/// with t_s(x) = 1 for every target (edge_betweenness) or 1 only when s and
/// x are in different groups (group_edge_betweenness; sources without a
/// group are skipped, targets without one count 0).
///
/// ## Conventions (identical to networkx.edge_betweenness_centrality)
/// - A directed graph is treated as directed; for an undirected graph a
///   tie's score is the sum over both directions (both of its arcs carry
///   that sum). Self-ties lie on no shortest path: score 0.
/// - `weighted = false`: every tie has length 1; `weighted = true`: length
///   1/weight (networkx with a `distance = 1/weight` edge attribute); path
///   lengths are compared exactly, as networkx does; a tie of weight 0 is
///   never used.
/// - Normalisation (networkx's `_rescale_e`): normalized: eb / (n (n - 1))
///   for directed and undirected graphs (n > 1); not normalized: eb for a
///   directed graph, eb / 2 for an undirected one.
/// - group_edge_betweenness is always the share: eb restricted to pairs in
///   different groups, divided by the number P of such ordered pairs (both
///   people grouped), so a tie scoring 0.3 carries, on average over the
///   cross-group pairs, 30% of their shortest paths (unreachable pairs
///   count with 0).
///
/// ## Removal: cross-group efficiency loss
/// group_efficiency_loss measures what a tie's removal costs directly: with
/// the cross-group efficiency (Latora & Marchiori, "Efficient behavior of
/// small-world networks", Phys. Rev. Lett. 87, 2001, restricted to pairs in
/// different groups)
///
///     E(G) = (1 / P) * sum over ordered cross-group pairs (s, t) of 1 / d(s, t)
///
/// (1/d = 0 for an unreachable pair; d in steps, or in lengths 1/weight when
/// weighted), a tie's loss is E(G) - E(G without the tie) >= 0 (for an
/// undirected graph the tie goes in both directions). Exact: one search per
/// grouped person per tie, O(q n m) for q ties; meant for the few top ties
/// of group_edge_betweenness.
///
/// ## Complexity
/// O(n m) time unweighted, O(n (m + n log n)) weighted; memory O(n + m) per
/// thread. Unweighted edge_betweenness runs on the direction-optimised
/// level kernel of exact betweenness (centrality/detail/level_brandes.hpp):
/// about the time of betweenness() itself. Parallel over blocks of 64
/// sources; each block's credits are summed in doubles in source order, then
/// into per-thread 64.64 fixed-point sums, so the scores are bit-identical
/// for any thread count.
///
/// ## Example
/// \code
///   auto g = onakit::make_graph(3, std::vector<onakit::vertex_id>{0, 1},
///                               std::vector<onakit::vertex_id>{1, 2});
///   auto r = onakit::edge_betweenness(g);  // r.scores == {2/6, 2/6}: 0->1, 0->2 use tie 0->1
/// \endcode

#include <onakit/centrality/betweenness.hpp>
#include <onakit/centrality/detail/leaf_folding.hpp>
#include <onakit/centrality/detail/level_brandes.hpp>
#include <onakit/centrality/detail/paths.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

struct edge_betweenness_options {
  bool normalized = true;       ///< divide by n (n - 1), as networkx (edge_betweenness only)
  bool weighted = false;        ///< tie length 1/weight instead of 1
  int threads = 0;              ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{};  ///< polled from thread 0 every few sources
};

/// One score per arc, in out-arc order (g.out_targets()); for an undirected
/// graph both arcs of a tie carry the tie's score.
struct edge_betweenness_result {
  std::vector<double> scores{};   ///< per arc
  std::uint64_t pairs = 0;        ///< ordered pairs counted (n (n - 1), or the cross-group pairs)
  std::uint64_t searches = 0;     ///< shortest-path searches run (fewer than n with folded leaves)
};

namespace detail {

/// Sources per block of edge_brandes: a block's credits are summed in
/// doubles, in source order, then added to the thread's fixed-point sums
/// once per arc. A block is run by one thread whatever the thread count,
/// so the scores stay bit-identical across thread counts, and the costly
/// conversion to fixed point happens once per arc and block instead of
/// once per DAG arc and source. 64: on the synthetic 2k organisation the
/// pass over the arcs after each block costs ~15% of the run with 16
/// sources, ~3% with 64, and 2000 people still make 32 blocks to share.
inline constexpr std::int64_t edge_brandes_block = 64;

/// Brandes with arc credits; `group` empty = every pair counts, else only
/// pairs in different groups (group[v] == no_group: not counted). With
/// `fold` (unweighted, no groups: leaf_folding.hpp) g is the folded core:
/// scores are by core arc, and R (sum of b over the people each core source
/// reaches, itself included) and Q (sum of a over the sources reaching each
/// core person) are filled for the leaves' ties. Unweighted without groups
/// runs on the level kernel (level_brandes.hpp); weighted or by group, on
/// brandes_workspace's queue or Dijkstra.
inline void edge_brandes(const graph& g, const edge_betweenness_options& o, std::span<const std::uint32_t> group,
                         std::vector<double>& scores, const char* name, const leaf_folding* fold = nullptr,
                         std::vector<double>* R = nullptr, std::vector<double>* Q = nullptr) {
  const vertex_id n = g.num_vertices();
  const std::size_t arcs = g.num_arcs();
  const int threads = thread_count(o.threads, n);
  adjacency a = out_adjacency(g);
  std::vector<double> len;
  if (o.weighted) {
    len = out_lengths(g);
    a.len = len.data();
  }
  const bool by_group = !group.empty();
  const bool levels = !o.weighted && !by_group;
  const std::vector<edge_id> in_arc = levels ? in_arc_ids(g) : std::vector<edge_id>{};
  const double* bw = fold != nullptr ? fold->b.data() : nullptr;
  const double* aw = fold != nullptr ? fold->a.data() : nullptr;
  if (fold != nullptr) R->assign(n, 0.0);  // each source writes its own entry
  std::vector<std::vector<fixed_sum>> part(static_cast<std::size_t>(threads));
  std::vector<std::vector<double>> qpart(static_cast<std::size_t>(threads));  // integers: exact, order-free
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  const auto sn = static_cast<std::int64_t>(n);
  const std::int64_t blocks = (sn + edge_brandes_block - 1) / edge_brandes_block;
  ONAKIT_OMP(parallel num_threads(threads))
  {
    const auto t = static_cast<std::size_t>(detail::thread_index());
    auto& acc = part[t];
    acc.assign(arcs, fixed_sum{});
    std::vector<double> block(arcs, 0.0);  // this block's credits per arc
    if (fold != nullptr) qpart[t].assign(n, 0.0);
    // Only the buffers of the search in use are allocated.
    std::optional<brandes_workspace> ws;
    std::optional<level_brandes> lb;
    if (levels) lb.emplace(g, a, in_adjacency(g));
    else ws.emplace(n, o.weighted, arcs);
    unsigned since_poll = 0;
    ONAKIT_OMP(for schedule(dynamic, 1))
    for (std::int64_t ib = 0; ib < blocks; ++ib) {
      for (std::int64_t is = ib * edge_brandes_block; is < std::min(sn, (ib + 1) * edge_brandes_block); ++is) {
        if (stop.load(std::memory_order_relaxed)) break;
        if (t == 0 && ++since_poll >= 4) {
          since_poll = 0;
          if (poll_without_throwing(o.interrupt, error, static_cast<std::uint64_t>(is), n)) stop.store(true);
        }
        const auto s = static_cast<vertex_id>(is);
        const std::uint32_t gs = by_group ? group[s] : 0;
        if (by_group && gs == no_group) continue;
        const double as = aw != nullptr ? aw[s] : 1.0;
        std::size_t count = 0;
        const vertex_id* order = nullptr;
        if (levels) {
          count = lb->search(s);
          lb->accumulate_arcs(in_arc.data(), block.data(), bw, as);
          order = lb->order.data();
        } else {
          count = o.weighted ? ws->dijkstra(a, s) : ws->bfs(a, s);
          order = ws->order.data();
          // Reverse order of distance: coef[x] = (t_s(x) + delta[x]) / sigma[x].
          for (std::size_t i = count; i-- > 0;) {
            const vertex_id w = order[i];
            double sum = 0.0;
            const double sw = ws->sigma[w];
            for (edge_id e = a.off[w]; e < a.off[w + 1]; ++e) {
              const vertex_id x = a.adj[e];
              if (x == w) continue;
              bool next;
              if (o.weighted) {
                next = ws->dist[x] < std::numeric_limits<double>::infinity() && ws->dist[w] + a.len[e] == ws->dist[x];
              } else {
                next = ws->hop[x] != unreached_hop && ws->hop[x] == ws->hop[w] + 1;
              }
              if (!next) continue;
              sum += ws->coef[x];
              block[e] += sw * ws->coef[x] * as;
            }
            const double delta = sw * sum;
            double target = bw != nullptr ? bw[w] : 1.0;
            if (by_group) target = (group[w] != no_group && group[w] != gs) ? 1.0 : 0.0;
            if (i == 0) target = 0.0;  // the source itself is no target
            ws->coef[w] = (target + delta) / sw;
          }
        }
        if (fold != nullptr) {
          double reached = 0.0;
          for (std::size_t i = 0; i < count; ++i) {
            reached += bw[order[i]];
            qpart[t][order[i]] += as;
          }
          (*R)[s] = reached;
        }
        if (levels) lb->reset(count);
        else if (o.weighted) ws->reset_dijkstra();
        else ws->reset_bfs(count);
      }
      for (std::size_t e = 0; e < arcs; ++e) {
        if (block[e] != 0.0) acc[e].add(block[e]);
        block[e] = 0.0;
      }
    }
  }
  if (error) std::rethrow_exception(error);
  if (stop.load()) throw interrupted(name);
  scores.assign(arcs, 0.0);
  for (std::size_t e = 0; e < arcs; ++e) {
    fixed_sum total;
    for (const auto& p : part) total.add(p[e]);  // integer sums: order-free
    scores[e] = total.value();
  }
  if (fold != nullptr) {
    Q->assign(n, 0.0);
    for (const auto& q : qpart)
      for (vertex_id v = 0; v < n; ++v) (*Q)[v] += q[v];
  }
}

/// networkx's convention for an undirected graph: the score of {u, v} is
/// the sum over both of its arcs, given to both.
inline void sum_both_arcs(const graph& g, std::vector<double>& scores) {
  if (g.directed()) return;
  const auto off = g.out_offsets();
  const auto tgt = g.out_targets();
  std::vector<double> both(scores);
  for (vertex_id u = 0; u < g.num_vertices(); ++u)
    for (edge_id e = off[u]; e < off[u + 1]; ++e) {
      const vertex_id v = tgt[e];
      if (v <= u) continue;
      const auto row = g.out_neighbors(v);
      const auto it = std::lower_bound(row.begin(), row.end(), u);
      const edge_id r = off[v] + static_cast<edge_id>(it - row.begin());
      both[e] = both[r] = scores[e] + scores[r];
    }
  scores.swap(both);
}

/// The arc u -> v of g (which must exist).
inline edge_id arc_id(const graph& g, vertex_id u, vertex_id v) {
  const auto row = g.out_neighbors(u);
  return g.out_offsets()[u] + static_cast<edge_id>(std::lower_bound(row.begin(), row.end(), v) - row.begin());
}

/// Edge betweenness sums (unscaled, by arc of g): over every source, or over
/// the core with the leaves folded when that is exact (unweighted). Returns
/// the searches run.
inline std::uint64_t edge_betweenness_sums(const graph& g, const edge_betweenness_options& o,
                                           std::vector<double>& scores) {
  const leaf_folding fold = o.weighted ? leaf_folding{} : fold_leaves(g);
  if (fold.folded == 0) {
    edge_brandes(g, o, {}, scores, "edge_betweenness");
  } else {
    std::vector<double> core, R, Q;
    edge_brandes(fold.core, o, {}, core, "edge_betweenness", &fold, &R, &Q);
    scores.assign(g.num_arcs(), 0.0);
    for (std::size_t e = 0; e < core.size(); ++e) scores[fold.arc_of[e]] = core[e];
    std::vector<vertex_id> core_id(g.num_vertices(), null_vertex);
    for (std::size_t c = 0; c < fold.original.size(); ++c) core_id[fold.original[c]] = static_cast<vertex_id>(c);
    for (vertex_id v = 0; v < g.num_vertices(); ++v) {
      const vertex_id u = fold.contact[v];
      if (u == null_vertex) continue;
      const bool out = g.has_edge(v, u), in = g.has_edge(u, v);
      const double self = out && in ? 1.0 : 0.0;  // the pair (v, v) is no pair
      if (out) scores[arc_id(g, v, u)] = R[core_id[u]] - self;
      if (in) scores[arc_id(g, u, v)] = Q[core_id[u]] - self;
    }
  }
  sum_both_arcs(g, scores);
  return fold.folded == 0 ? g.num_vertices() : fold.original.size();
}

}  // namespace detail

/// Edge betweenness of every tie (see the file comment for the definition
/// and networkx's normalisation).
/// \throws invalid_option for a `threads` value out of range.
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline edge_betweenness_result edge_betweenness(const graph& g,
                                                              const edge_betweenness_options& o = {}) {
  detail::check_threads(o.threads);
  detail::poll(o.interrupt, "edge_betweenness");
  edge_betweenness_result r;
  r.searches = detail::edge_betweenness_sums(g, o, r.scores);
  const vertex_id n = g.num_vertices();
  r.pairs = n > 1 ? std::uint64_t{n} * (n - 1) : 0;
  double scale = 1.0;
  if (o.normalized) scale = n > 1 ? 1.0 / (static_cast<double>(n) * (static_cast<double>(n) - 1.0)) : 1.0;
  else if (!g.directed()) scale = 0.5;
  if (scale != 1.0)
    for (double& x : r.scores) x *= scale;
  return r;
}

/// Cross-group edge betweenness: for each tie, the share of the shortest
/// paths between people of different groups that run along it, averaged
/// over the P ordered cross-group pairs (see the file comment). `group` has
/// one code per person, 0 .. k-1 or no_group (<onakit/graph/groups.hpp>);
/// `normalized` is ignored (the score is always a share).
/// \throws invalid_option when group.size() != n, a code is >= k and not
///         no_group, or fewer than two groups have members (no cross-group pair).
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline edge_betweenness_result group_edge_betweenness(const graph& g,
                                                                    std::span<const std::uint32_t> group,
                                                                    std::uint32_t k,
                                                                    const edge_betweenness_options& o = {}) {
  const vertex_id n = g.num_vertices();
  if (group.size() != n)
    throw invalid_option("group_edge_betweenness: " + std::to_string(group.size()) + " group codes for " +
                         std::to_string(n) + " people");
  std::vector<std::uint64_t> size(k, 0);
  std::uint64_t grouped = 0;
  for (const std::uint32_t c : group) {
    if (c == no_group) continue;
    if (c >= k) throw invalid_option("group_edge_betweenness: group code " + std::to_string(c) + " >= k");
    ++size[c];
    ++grouped;
  }
  std::uint64_t pairs = 0;
  for (const std::uint64_t s : size) pairs += s * (grouped - s);
  if (pairs == 0)
    throw invalid_option("group_edge_betweenness: fewer than two groups have members, so no pair of people is in "
                         "different groups");
  detail::check_threads(o.threads);
  detail::poll(o.interrupt, "group_edge_betweenness");
  edge_betweenness_result r;
  r.pairs = pairs;
  detail::edge_brandes(g, o, group, r.scores, "group_edge_betweenness");
  detail::sum_both_arcs(g, r.scores);
  r.searches = g.num_vertices();
  const double scale = 1.0 / static_cast<double>(pairs);
  for (double& x : r.scores) x *= scale;
  return r;
}


/// Cross-group efficiency and its loss when each of the given ties is
/// removed (see the file comment).
struct efficiency_loss_result {
  double efficiency = 0;        ///< E(G)
  std::vector<double> loss{};   ///< per requested arc: E(G) - E(G without its tie)
};

namespace detail {

/// Sum over grouped sources s of sum over reached t in another group of
/// 1/d(s, t), with the arcs `cut` (at most two) left out; fixed point per
/// thread, so the sum does not depend on the thread count.
inline double cross_group_inverse_distance(const graph& g, adjacency a, std::span<const std::uint32_t> group,
                                           const edge_id cut[2], bool weighted, int threads,
                                           const interrupt_check& interrupt, std::uint64_t step,
                                           std::uint64_t steps) {
  const vertex_id n = g.num_vertices();
  std::vector<fixed_sum> part(static_cast<std::size_t>(threads));
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  const auto sn = static_cast<std::int64_t>(n);
  ONAKIT_OMP(parallel num_threads(threads))
  {
    const auto t = static_cast<std::size_t>(detail::thread_index());
    brandes_workspace ws(n, weighted, g.num_arcs());
    fixed_sum acc;
    unsigned since_poll = 0;
    ONAKIT_OMP(for schedule(dynamic, 16))
    for (std::int64_t is = 0; is < sn; ++is) {
      if (stop.load(std::memory_order_relaxed)) continue;
      if (t == 0 && ++since_poll >= 16) {
        since_poll = 0;
        if (poll_without_throwing(interrupt, error, step, steps)) stop.store(true);
      }
      const auto s = static_cast<vertex_id>(is);
      const std::uint32_t gs = group[s];
      if (gs == no_group) continue;
      if (weighted) {
        const std::size_t count = ws.dijkstra(a, s);  // cut arcs have length +inf (set by the caller)
        for (std::size_t i = 1; i < count; ++i) {
          const vertex_id x = ws.order[i];
          if (group[x] != no_group && group[x] != gs) acc.add(1.0 / ws.dist[x]);
        }
        ws.reset_dijkstra();
      } else {
        std::size_t head = 0, tail = 1;
        ws.order[0] = s;
        ws.hop[s] = 0;
        while (head < tail) {
          const vertex_id v = ws.order[head++];
          const std::uint32_t nh = ws.hop[v] + 1;
          for (edge_id e = a.off[v]; e < a.off[v + 1]; ++e) {
            if (e == cut[0] || e == cut[1]) continue;
            const vertex_id x = a.adj[e];
            if (ws.hop[x] != unreached_hop) continue;
            ws.hop[x] = nh;
            ws.order[tail++] = x;
            if (group[x] != no_group && group[x] != gs) acc.add(1.0 / static_cast<double>(nh));
          }
        }
        ws.reset_bfs(tail);
      }
    }
    part[t] = acc;
  }
  if (error) std::rethrow_exception(error);
  if (stop.load()) throw interrupted("group_efficiency_loss");
  fixed_sum total;
  for (const auto& p : part) total.add(p);
  return total.value();
}

}  // namespace detail

/// Cross-group efficiency E(G) and, for each arc in `arcs` (out-arc
/// indices), the loss E(G) - E(G without that tie); see the file comment.
/// \throws invalid_option as group_edge_betweenness, or for an arc index >= g.num_arcs().
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline efficiency_loss_result group_efficiency_loss(const graph& g,
                                                                  std::span<const std::uint32_t> group,
                                                                  std::uint32_t k, std::span<const edge_id> arcs,
                                                                  const edge_betweenness_options& o = {}) {
  const vertex_id n = g.num_vertices();
  if (group.size() != n)
    throw invalid_option("group_efficiency_loss: " + std::to_string(group.size()) + " group codes for " +
                         std::to_string(n) + " people");
  std::vector<std::uint64_t> size(k, 0);
  std::uint64_t grouped = 0;
  for (const std::uint32_t c : group) {
    if (c == no_group) continue;
    if (c >= k) throw invalid_option("group_efficiency_loss: group code " + std::to_string(c) + " >= k");
    ++size[c];
    ++grouped;
  }
  std::uint64_t pairs = 0;
  for (const std::uint64_t s : size) pairs += s * (grouped - s);
  if (pairs == 0)
    throw invalid_option("group_efficiency_loss: fewer than two groups have members, so no pair of people is in "
                         "different groups");
  for (const edge_id e : arcs)
    if (e >= g.num_arcs()) throw invalid_option("group_efficiency_loss: arc " + std::to_string(e) + " out of range");
  detail::check_threads(o.threads);
  detail::poll(o.interrupt, "group_efficiency_loss");
  const int threads = detail::thread_count(o.threads, n);
  detail::adjacency a = detail::out_adjacency(g);
  std::vector<double> len;
  if (o.weighted) {
    len = detail::out_lengths(g);
    a.len = len.data();
  }
  const auto off = g.out_offsets();
  const auto tgt = g.out_targets();
  const double scale = 1.0 / static_cast<double>(pairs);
  const std::uint64_t steps = arcs.size() + 1;
  const edge_id none[2] = {g.num_arcs(), g.num_arcs()};
  efficiency_loss_result r;
  r.efficiency = detail::cross_group_inverse_distance(g, a, group, none, o.weighted, threads, o.interrupt, 0, steps) *
                 scale;
  r.loss.reserve(arcs.size());
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    const edge_id e = arcs[i];
    edge_id cut[2] = {e, e};
    if (!g.directed()) {
      const vertex_id u = static_cast<vertex_id>(std::upper_bound(off.begin(), off.end(), e) - off.begin() - 1);
      const vertex_id v = tgt[e];
      const auto row = g.out_neighbors(v);
      cut[1] = off[v] + static_cast<edge_id>(std::lower_bound(row.begin(), row.end(), u) - row.begin());
    }
    double saved[2] = {0, 0};
    if (o.weighted)
      for (int j = 0; j < 2; ++j) saved[j] = std::exchange(len[cut[j]], std::numeric_limits<double>::infinity());
    const double after = detail::cross_group_inverse_distance(g, a, group, cut, o.weighted, threads, o.interrupt,
                                                              i + 1, steps) * scale;
    if (o.weighted)
      for (int j = 2; j-- > 0;) len[cut[j]] = saved[j];
    r.loss.push_back(r.efficiency - after);
  }
  return r;
}

}  // namespace onakit
