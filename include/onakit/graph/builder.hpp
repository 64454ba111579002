#pragma once
/// \file builder.hpp
/// Messages -> communication graph, and tie table -> graph.
///
/// ## Tie weight
/// For a message m from s with recipients R(m) (a recipient listed twice in
/// one message counts once, with its largest role weight), each r in R(m),
/// r != s, adds to the directed tie s -> r
///
///     w(m, r) = mult(m) * role_weight[role(m, r)] * share(m) * decay(m)
///
///   - mult(m): the message's multiplicity (1, or an edge list's weight column);
///   - share(m) = 1 with weighting::count, 1/k with weighting::split, where
///     k = |R(m) \ {s}| is the number of distinct recipients other than s;
///   - decay(m) = 2^(-(t_ref - t(m)) / half_life) when half_life is set
///     (t_ref = reference_time, default the latest message time in the log;
///     messages after t_ref weigh more than 1), else 1.
///
/// A tie is kept when its weight is > 0 and >= min_weight. With `reciprocal`
/// a tie u-v is kept only if both u -> v and v -> u reach min_weight (and are
/// > 0). An undirected graph has w(u,v) = w(u->v) + w(v->u), min_weight
/// applied to that sum.
///
/// Filters, each counted in build_report: messages outside [start, end) (or
/// without a time when a window is set), broadcasts with more than
/// max_recipients distinct recipients, self-addressed pairs (unless
/// self_loops), ties below min_weight, ties without their reverse.
///
/// Complexity: O(P + m log d) for P message-recipient pairs and m ties,
/// parallel over people for the reduction; memory O(P) transient.
///
/// Example:
/// \code
///   onakit::build_options opt;
///   opt.weighting = onakit::weighting::split;
///   opt.role_weights[static_cast<int>(onakit::role::cc)] = 0.5;
///   auto [g, report] = onakit::build_graph(log, opt);
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace onakit {

/// How a message's weight is shared among its recipients.
enum class weighting : std::uint8_t {
  count,  ///< each message adds 1 to each sender -> recipient tie
  split,  ///< each message adds 1/k to each of its k recipients' ties
};

struct build_options {
  onakit::weighting weighting = weighting::count;
  bool directed = true;
  /// Multiplier per recipient role, indexed by static_cast<size_t>(role).
  std::array<weight_t, role_count> role_weights = {1, 1, 1, 1, 1, 1, 1};
  /// Messages with more distinct recipients are broadcasts: dropped, counted.
  std::optional<std::size_t> max_recipients;
  /// Keep sender -> sender ties (dropped and counted by default).
  bool self_loops = false;
  /// Time window [start, end); messages outside (or without a time) dropped.
  std::optional<timestamp_t> start;
  std::optional<timestamp_t> end;
  /// Exponential decay half-life in seconds (> 0).
  std::optional<double> half_life;
  /// Decay reference time; default the latest message time.
  std::optional<timestamp_t> reference_time;
  weight_t min_weight = 0;
  bool reciprocal = false;
  int threads = 0;  ///< 0 = OpenMP default
};

/// What the builder kept and dropped, in messages, pairs and ties.
struct build_report {
  std::uint64_t messages_in = 0;
  std::uint64_t messages_used = 0;
  std::uint64_t messages_outside_window = 0;
  std::uint64_t messages_without_time = 0;  ///< dropped only when a window is set
  std::uint64_t messages_broadcast = 0;     ///< over max_recipients
  std::uint64_t pairs_used = 0;
  std::uint64_t pairs_self = 0;             ///< self-addressed pairs dropped
  std::uint64_t pairs_duplicate = 0;        ///< repeated recipient within a message
  std::uint64_t ties_below_min_weight = 0;
  std::uint64_t ties_not_reciprocal = 0;
};

struct build_result {
  onakit::graph graph;
  build_report report;
};

namespace detail {

inline void validate(const build_options& o) {
  check_threads(o.threads);
  for (const weight_t w : o.role_weights)
    if (!(w >= 0) || !std::isfinite(w))
      throw invalid_option("build_graph: role weights must be finite and >= 0");
  if (o.max_recipients && *o.max_recipients == 0)
    throw invalid_option("build_graph: max_recipients must be >= 1");
  if (o.half_life && !(*o.half_life > 0 && std::isfinite(*o.half_life)))
    throw invalid_option("build_graph: half_life must be a positive number of seconds");
  if (o.start && o.end && *o.end <= *o.start)
    throw invalid_option("build_graph: end must be after start");
  if (!(o.min_weight >= 0) || !std::isfinite(o.min_weight))
    throw invalid_option("build_graph: min_weight must be finite and >= 0");
}

struct arc {
  vertex_id to;
  weight_t w;
};

/// Arcs bucketed by source: row u is arcs[begin[u], end[u]). After
/// reduce_rows a row is sorted by target with one arc per target.
struct arc_rows {
  std::vector<std::size_t> begin;  ///< n + 1 bucket starts
  std::vector<std::size_t> end;    ///< n row ends (== begin[u + 1] before reduction)
  std::unique_ptr<arc[]> arcs;     ///< uninitialised storage: every slot is written by the scatter

  [[nodiscard]] std::size_t size() const noexcept { return end.size(); }
  [[nodiscard]] std::span<const arc> row(std::size_t u) const noexcept {
    return {arcs.get() + begin[u], arcs.get() + end[u]};
  }
};

/// Sums repeated targets of each row, in item order, and sorts the row by
/// target (parallel over rows). A dense per-thread accumulator does the
/// sums, so the work is linear in the row plus a sort of its distinct
/// targets; the sum order is the bucket order, so results do not depend on
/// the thread count.
inline void reduce_rows(arc_rows& rows, int threads) {
  const std::size_t n = rows.size();
  const auto ni = static_cast<std::int64_t>(n);
#pragma omp parallel num_threads(threads)
  {
    std::vector<weight_t> acc(n);
    std::vector<vertex_id> seen_in(n, null_vertex);  // seen_in[v] == u: v already in row u
    std::vector<vertex_id> touched;
#pragma omp for schedule(dynamic, 64)
    for (std::int64_t ui = 0; ui < ni; ++ui) {
      const auto u = static_cast<std::size_t>(ui);
      arc* const b = rows.arcs.get() + rows.begin[u];
      arc* const e = rows.arcs.get() + rows.end[u];
      touched.clear();
      for (const arc* p = b; p != e; ++p) {
        if (seen_in[p->to] != static_cast<vertex_id>(u)) {
          seen_in[p->to] = static_cast<vertex_id>(u);
          acc[p->to] = p->w;
          touched.push_back(p->to);
        } else {
          acc[p->to] += p->w;
        }
      }
      std::sort(touched.begin(), touched.end());
      arc* out = b;
      for (const vertex_id v : touched) *out++ = {v, acc[v]};
      rows.end[u] = rows.begin[u] + touched.size();
    }
  }
}

/// Groups (u, v, w) triples by u, reduces duplicates, optionally symmetrises.
/// `for_each(lo, hi, emit)` emits the triples of items [lo, hi) of `items`.
/// Items are cut into one contiguous block per thread; each bucket receives
/// its arcs in item order whatever the thread count, so the reduction (and
/// every floating-point sum) is identical for 1 and for N threads.
template <class ForEachTriple>
arc_rows bucket_and_reduce(std::size_t n, bool symmetric, std::size_t items, ForEachTriple&& for_each,
                           int threads) {
  const auto T = static_cast<std::size_t>(std::max(1, threads));
  const std::size_t blocks = std::min<std::size_t>(T, std::max<std::size_t>(1, items / 65536));
  auto block_lo = [&](std::size_t b) { return items * b / blocks; };
  // counts[b][u]: arcs block b puts in bucket u (then: its first position).
  std::vector<std::vector<std::size_t>> counts(blocks, std::vector<std::size_t>(n, 0));
  const auto nb = static_cast<std::int64_t>(blocks);
#pragma omp parallel for schedule(static, 1) num_threads(static_cast<int>(blocks))
  for (std::int64_t b = 0; b < nb; ++b) {
    auto& c = counts[static_cast<std::size_t>(b)];
    for_each(block_lo(static_cast<std::size_t>(b)), block_lo(static_cast<std::size_t>(b) + 1),
             [&](vertex_id u, vertex_id v, weight_t) {
               ++c[u];
               if (symmetric && u != v) ++c[v];
             });
  }
  arc_rows rows;
  rows.begin.assign(n + 1, 0);
  std::size_t total = 0;
  for (std::size_t u = 0; u < n; ++u) {
    rows.begin[u] = total;
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::size_t k = counts[b][u];
      counts[b][u] = total;
      total += k;
    }
  }
  rows.begin[n] = total;
  rows.end.assign(rows.begin.begin() + 1, rows.begin.end());
  rows.arcs = std::make_unique_for_overwrite<arc[]>(total);
  arc* const arcs = rows.arcs.get();
#pragma omp parallel for schedule(static, 1) num_threads(static_cast<int>(blocks))
  for (std::int64_t b = 0; b < nb; ++b) {
    auto& pos = counts[static_cast<std::size_t>(b)];
    for_each(block_lo(static_cast<std::size_t>(b)), block_lo(static_cast<std::size_t>(b) + 1),
             [&](vertex_id u, vertex_id v, weight_t w) {
               arcs[pos[u]++] = {v, w};
               if (symmetric && u != v) arcs[pos[v]++] = {u, w};
             });
  }
  counts.clear();
  reduce_rows(rows, threads);
  return rows;
}

/// Packs the arcs passing `keep(u, arc)` (pure, called from several
/// threads, twice per arc) into a graph, in parallel over rows.
template <class Keep>
graph pack(bool directed, const arc_rows& rows, Keep&& keep, int threads) {
  const std::size_t n = rows.size();
  const auto ni = static_cast<std::int64_t>(n);
  std::vector<edge_id> off(n + 1, 0);
  std::size_t total = 0;
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads) reduction(+ : total)
  for (std::int64_t ui = 0; ui < ni; ++ui) {
    const auto u = static_cast<std::size_t>(ui);
    std::size_t k = 0;
    for (const arc& a : rows.row(u)) k += keep(static_cast<vertex_id>(u), a) ? 1 : 0;
    total += k;
    off[u + 1] = static_cast<edge_id>(std::min<std::size_t>(k, std::numeric_limits<edge_id>::max()));
  }
  if (total >= static_cast<std::size_t>(std::numeric_limits<edge_id>::max()))
    throw capacity_error("build_graph: more than 4'294'967'294 ties");
  for (std::size_t u = 0; u < n; ++u) off[u + 1] += off[u];
  std::vector<vertex_id> tgt(total);
  std::vector<weight_t> wts(total);
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads)
  for (std::int64_t ui = 0; ui < ni; ++ui) {
    const auto u = static_cast<std::size_t>(ui);
    edge_id k = off[u];
    for (const arc& a : rows.row(u))
      if (keep(static_cast<vertex_id>(u), a)) {
        tgt[k] = a.to;
        wts[k] = a.w;
        ++k;
      }
  }
  return graph(directed, std::move(off), std::move(tgt), std::move(wts));
}

/// Throws invalid_option if a tie's summed weight is not finite: finite
/// inputs can still overflow to inf when summed (two messages of weight
/// 1e308), and an infinite tie makes every measure meaningless (betweenness
/// above 1, NaN in the eigen-solvers and E-I). One pass over the m packed
/// weights, after the build, so the hot loops stay untouched.
inline void check_finite_ties(const graph& g, const char* who) {
  const auto w = g.out_weights();
  const auto bad = std::find_if(w.begin(), w.end(), [](weight_t x) { return !std::isfinite(x); });
  if (bad == w.end()) return;
  const auto k = static_cast<edge_id>(bad - w.begin());
  const auto off = g.out_offsets();
  const auto u = static_cast<vertex_id>(std::upper_bound(off.begin(), off.end(), k) - off.begin() - 1);
  const vertex_id v = g.out_targets()[k];
  const auto name = [&](vertex_id x) {
    return x < g.labels().size() ? "'" + std::string(g.labels()[x]) + "'" : "person " + std::to_string(x);
  };
  throw invalid_option(std::string(who) + ": the weights of the tie " + name(u) + (g.directed() ? " -> " : " - ") +
                       name(v) + " sum to a non-finite value (" + std::to_string(*bad) +
                       "); the input weights are too large: rescale them (e.g. divide by a constant)");
}

inline weight_t row_weight(const arc_rows& rows, vertex_id u, vertex_id v) {
  const auto r = rows.row(u);
  const auto it = std::lower_bound(r.begin(), r.end(), v, [](const arc& a, vertex_id x) { return a.to < x; });
  return (it != r.end() && it->to == v) ? it->w : 0.0;
}

}  // namespace detail

/// Builds the communication graph of a message log. See the file comment
/// for the weight formula and filters. The graph has every person of the
/// log as a vertex (people without kept ties are isolates) and the log's
/// labels. Throws invalid_option for bad options (threads outside
/// [0, max_threads], ...) and for a tie whose summed weight overflows to
/// infinity (the message names the tie).
[[nodiscard]] inline build_result build_graph(const message_log& log, const build_options& opt = {}) {
  detail::validate(opt);
  build_result res;
  auto& rep = res.report;
  const std::size_t n = log.num_people();
  const std::size_t nm = log.num_messages();
  const int threads = detail::thread_count(opt.threads, std::max(n, nm));
  rep.messages_in = nm;

  timestamp_t t_ref = 0;
  if (opt.half_life) t_ref = opt.reference_time ? *opt.reference_time : log.time_span().second;

  // Pass 1: per message, the factor mult * share * decay (0 = dropped).
  std::vector<weight_t> factor(nm, 0.0);
  const auto offs = log.offsets();
  const auto rcp = log.recipient_column();
  const auto rol = log.role_column();
  // Per pair: 0 = dropped (duplicate, self, broadcast), else 1 + its role.
  std::vector<std::uint8_t> pair_keep(log.num_pairs(), 0);
  const auto role_w = [&](std::size_t p) { return opt.role_weights[static_cast<std::size_t>(rol[p])]; };
  if (opt.half_life)
    for (std::size_t m = 0; m < nm; ++m)
      if (log.time(m) == no_time && !opt.start && !opt.end)
        throw invalid_option("build_graph: half_life needs a time on every message; message " +
                             std::to_string(m) + " has none");

  // Pass 1, parallel over contiguous blocks of messages; counts per block are
  // summed afterwards (integers, so the order does not matter).
  struct block_counts {
    std::uint64_t used = 0, outside = 0, no_time_ = 0, broadcast = 0, pairs = 0, self = 0, dup = 0;
    timestamp_t lo = no_time, hi = no_time;
  };
  const auto T = static_cast<std::size_t>(threads);
  const std::size_t blocks = std::min<std::size_t>(T, std::max<std::size_t>(1, nm / 65536));
  std::vector<block_counts> bc(blocks);
  const auto nb = static_cast<std::int64_t>(blocks);
#pragma omp parallel for schedule(static, 1) num_threads(static_cast<int>(blocks))
  for (std::int64_t blk = 0; blk < nb; ++blk) {
    auto& c = bc[static_cast<std::size_t>(blk)];
    // seen_in[v] == m marks v as already a recipient of message m, first_at[v]
    // its first position: O(1) de-duplication however long the list.
    std::vector<std::size_t> seen_in(n, static_cast<std::size_t>(-1)), first_at(n, 0);
    const std::size_t m_lo = nm * static_cast<std::size_t>(blk) / blocks;
    const std::size_t m_hi = nm * (static_cast<std::size_t>(blk) + 1) / blocks;
    for (std::size_t m = m_lo; m < m_hi; ++m) {
      const timestamp_t t = log.time(m);
      if (opt.start || opt.end) {
        if (t == no_time) { ++c.no_time_; continue; }
        if ((opt.start && t < *opt.start) || (opt.end && t >= *opt.end)) { ++c.outside; continue; }
      }
      const vertex_id s = log.sender(m);
      const std::size_t b = offs[m], e = offs[m + 1];
      std::size_t k = 0, selfs = 0, dups = 0;
      for (std::size_t p = b; p < e; ++p) {
        const vertex_id r = rcp[p];
        if (seen_in[r] == m) {
          const std::size_t q = first_at[r];
          if (pair_keep[q] != 0 && role_w(p) > role_w(q))
            pair_keep[q] = static_cast<std::uint8_t>(1 + static_cast<std::uint8_t>(rol[p]));
          ++dups;
          continue;
        }
        seen_in[r] = m;
        first_at[r] = p;
        if (r == s && !opt.self_loops) { ++selfs; continue; }
        pair_keep[p] = static_cast<std::uint8_t>(1 + static_cast<std::uint8_t>(rol[p]));
        ++k;
      }
      if (opt.max_recipients && k + selfs > *opt.max_recipients) {
        ++c.broadcast;
        for (std::size_t p = b; p < e; ++p) pair_keep[p] = 0;
        continue;
      }
      c.dup += dups;
      c.self += selfs;
      ++c.used;  // a message may be used and still make no tie
      if (t != no_time) {
        if (c.lo == no_time || t < c.lo) c.lo = t;
        if (c.hi == no_time || t > c.hi) c.hi = t;
      }
      if (k == 0) continue;
      weight_t f = log.weight(m);
      if (opt.weighting == weighting::split) {
        // Recipients other than the sender share the message.
        std::size_t others = 0;
        for (std::size_t p = b; p < e; ++p) others += pair_keep[p] != 0 && rcp[p] != s;
        f /= static_cast<weight_t>(others == 0 ? 1 : others);
      }
      if (opt.half_life)
        f *= std::exp2(-static_cast<double>(t_ref - t) /
                       (*opt.half_life * static_cast<double>(microseconds_per_second)));
      factor[m] = f;
      c.pairs += k;
    }
  }
  timestamp_t lo = no_time, hi = no_time;
  for (const auto& c : bc) {
    rep.messages_used += c.used;
    rep.messages_outside_window += c.outside;
    rep.messages_without_time += c.no_time_;
    rep.messages_broadcast += c.broadcast;
    rep.pairs_used += c.pairs;
    rep.pairs_self += c.self;
    rep.pairs_duplicate += c.dup;
    if (c.lo != no_time && (lo == no_time || c.lo < lo)) lo = c.lo;
    if (c.hi != no_time && (hi == no_time || c.hi > hi)) hi = c.hi;
  }

  auto for_each_pair = [&](std::size_t lo_m, std::size_t hi_m, auto&& emit) {
    for (std::size_t m = lo_m; m < hi_m; ++m) {
      const weight_t f = factor[m];
      if (f == 0.0) continue;
      const vertex_id s = log.sender(m);
      for (std::size_t p = offs[m]; p < offs[m + 1]; ++p) {
        if (pair_keep[p] == 0) continue;
        const auto r = static_cast<std::size_t>(pair_keep[p] - 1);
        emit(s, rcp[p], f * opt.role_weights[r]);
      }
    }
  };

  const weight_t minw = opt.min_weight;
  std::uint64_t below = 0, unrecip = 0;
  const auto strong = [minw](const detail::arc& a) { return a.w > 0 && a.w >= minw; };

  if (!opt.reciprocal) {
    const auto rows = detail::bucket_and_reduce(n, !opt.directed, nm, for_each_pair, threads);
    const auto ni = static_cast<std::int64_t>(n);
#pragma omp parallel for schedule(dynamic, 256) num_threads(threads) reduction(+ : below)
    for (std::int64_t u = 0; u < ni; ++u)
      for (const detail::arc& a : rows.row(static_cast<std::size_t>(u)))
        if (!strong(a) && (opt.directed || static_cast<vertex_id>(u) <= a.to)) ++below;
    res.graph = detail::pack(opt.directed, rows, [&](vertex_id, const detail::arc& a) { return strong(a); },
                             threads);
  } else {
    // Directed weights first: reciprocity is a property of both directions.
    const auto rows = detail::bucket_and_reduce(n, false, nm, for_each_pair, threads);
    auto ok = [&](vertex_id u, const detail::arc& a) {
      if (!strong(a)) return false;
      const weight_t back = detail::row_weight(rows, a.to, u);
      return back > 0 && back >= minw;
    };
    for (std::size_t u = 0; u < n; ++u)
      for (const detail::arc& a : rows.row(u)) {
        if (!strong(a)) ++below;
        else if (!ok(static_cast<vertex_id>(u), a)) ++unrecip;
      }
    if (opt.directed) {
      res.graph = detail::pack(true, rows, ok, threads);
    } else {
      auto kept_pairs = [&](std::size_t lo_u, std::size_t hi_u, auto&& emit) {
        for (std::size_t u = lo_u; u < hi_u; ++u)
          for (const detail::arc& a : rows.row(u))
            if (ok(static_cast<vertex_id>(u), a)) emit(static_cast<vertex_id>(u), a.to, a.w);
      };
      const auto rows2 = detail::bucket_and_reduce(n, true, n, kept_pairs, threads);
      res.graph = detail::pack(false, rows2, [](vertex_id, const detail::arc&) { return true; }, threads);
    }
  }
  rep.ties_below_min_weight = below;
  rep.ties_not_reciprocal = unrecip;
  res.graph.set_labels(log.people());
  detail::check_finite_ties(res.graph, "build_graph");
  res.graph.set_time_span({lo, hi});
  return res;
}

/// Builds a graph from a tie table: n people, and parallel arrays of
/// sources, targets and (optionally, else 1) weights. Repeated ties are
/// summed; self-ties are kept; for an undirected graph u-v and v-u rows sum
/// into one tie. Throws invalid_option for ids >= n, mismatched lengths,
/// negative/non-finite weights, or repeated ties whose sum overflows.
[[nodiscard]] inline graph make_graph(std::size_t n, std::span<const vertex_id> sources,
                                      std::span<const vertex_id> targets,
                                      std::span<const weight_t> weights = {}, bool directed = true,
                                      int threads = 0) {
  if (sources.size() != targets.size() || (!weights.empty() && weights.size() != sources.size()))
    throw invalid_option("make_graph: sources, targets and weights must have the same length");
  detail::check_threads(threads);
  if (n >= static_cast<std::size_t>(null_vertex)) throw capacity_error("make_graph: too many people");
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (sources[i] >= n || targets[i] >= n)
      throw invalid_option("make_graph: tie " + std::to_string(i) + " names a person id >= n = " + std::to_string(n));
    if (!weights.empty() && !(weights[i] >= 0 && std::isfinite(weights[i])))
      throw invalid_option("make_graph: tie " + std::to_string(i) + " has a negative or non-finite weight");
  }
  auto each = [&](std::size_t lo, std::size_t hi, auto&& emit) {
    for (std::size_t i = lo; i < hi; ++i) emit(sources[i], targets[i], weights.empty() ? 1.0 : weights[i]);
  };
  const int t = detail::thread_count(threads, std::max(n, sources.size()));
  const auto rows = detail::bucket_and_reduce(n, !directed, sources.size(), each, t);
  graph g = detail::pack(directed, rows, [](vertex_id, const detail::arc&) { return true; }, t);
  detail::check_finite_ties(g, "make_graph");
  return g;
}

}  // namespace onakit
