#pragma once
/// \file builder.hpp
/// Messages -> communication graph. (Tie table -> graph is make_graph(), in
/// make_graph.hpp beside the graph; this header still includes it.)
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

#include <onakit/chrono.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/detail/csr_build.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/graph/make_graph.hpp>
#include <onakit/interrupt.hpp>
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

namespace onakit::inline v0_1 {

/// How a message's weight is shared among its recipients.
enum class weighting : std::uint8_t {
  count,  ///< each message adds 1 to each sender -> recipient tie
  split,  ///< each message adds 1/k to each of its k recipients' ties
};

struct build_options {
  onakit::weighting weighting = weighting::count;
  bool directed = true;
  /// Multiplier per recipient role, indexed by static_cast<size_t>(role).
  std::array<weight_t, role_count> role_weights = {1, 1, 1, 1, 1, 1, 1, 1};
  /// Messages with more distinct recipients are broadcasts: dropped, counted.
  std::optional<std::size_t> max_recipients{};
  /// Keep sender -> sender ties (dropped and counted by default).
  bool self_loops = false;
  /// Time window [start, end); messages outside (or without a time) dropped.
  /// Microseconds since the epoch or a std::chrono::sys_time (chrono.hpp).
  std::optional<time_value> start{};
  std::optional<time_value> end{};
  /// Exponential decay half-life in seconds (> 0), or a std::chrono::duration.
  std::optional<seconds_value> half_life{};
  /// Decay reference time; default the latest message time.
  std::optional<time_value> reference_time{};
  weight_t min_weight = 0;
  bool reciprocal = false;
  int threads = 0;  ///< 0 = OpenMP default
  /// Polled between the build's passes (weighing, summing, packing); true
  /// stops it with onakit::interrupted("build_graph"). Each pass is about a
  /// second per 10^8 message-recipient pairs, so that is the latency.
  interrupt_check interrupt{};
};

/// What the builder kept and dropped, in messages, pairs and ties.
struct build_report {
  std::uint64_t messages_in = 0;
  std::uint64_t messages_used = 0;
  std::uint64_t messages_outside_window = 0;
  std::uint64_t messages_without_time = 0;  ///< dropped only when a window is set
  std::uint64_t messages_broadcast = 0;     ///< over max_recipients
  /// Messages used with two or more distinct recipients other than the
  /// sender: those weighting::split shares among them. 0 means split gives
  /// the same ties as count (e.g. one row per recipient read without
  /// group_rows_by="sender_time", message_rows.hpp).
  std::uint64_t messages_with_several_recipients = 0;
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

}  // namespace detail

namespace detail {

/// What pass 1 counted over a range of messages (integers: summed in any order).
struct message_counts {
  std::uint64_t used = 0, outside = 0, no_time_ = 0, broadcast = 0, pairs = 0, self = 0, dup = 0, several = 0;
  timestamp_t lo = no_time, hi = no_time;

  void merge(const message_counts& c) noexcept {
    used += c.used;
    outside += c.outside;
    no_time_ += c.no_time_;
    broadcast += c.broadcast;
    pairs += c.pairs;
    self += c.self;
    dup += c.dup;
    several += c.several;
    if (c.lo != no_time && (lo == no_time || c.lo < lo)) lo = c.lo;
    if (c.hi != no_time && (hi == no_time || c.hi > hi)) hi = c.hi;
  }
  void add_to(build_report& rep) const noexcept {
    rep.messages_used += used;
    rep.messages_outside_window += outside;
    rep.messages_without_time += no_time_;
    rep.messages_broadcast += broadcast;
    rep.messages_with_several_recipients += several;
    rep.pairs_used += pairs;
    rep.pairs_self += self;
    rep.pairs_duplicate += dup;
  }
};

/// Per-thread scratch of pass 1: seen_in[v] == stamp marks v as already a
/// recipient of the message with that stamp, first_at[v] its first position.
/// Stamps are message indices offset by the messages seen before, so a
/// streamed build reuses the arrays across chunks without clearing them.
struct recipient_scratch {
  std::vector<std::size_t> seen_in, first_at;
  void fit(std::size_t n) {
    if (seen_in.size() < n) {
      seen_in.resize(n, static_cast<std::size_t>(-1));
      first_at.resize(n, 0);
    }
  }
};

/// Pass 1 over messages [m_lo, m_hi) of `log`: factor[m] = mult * share *
/// decay (0 = dropped) and pair_keep[p] = 0 (duplicate, self, broadcast) or
/// 1 + its role; counts into `c`. O(pairs) with O(1) de-duplication.
inline void weigh_messages(const message_log& log, const build_options& opt, timestamp_t t_ref, std::size_t m_lo,
                           std::size_t m_hi, std::size_t stamp0, recipient_scratch& sc, std::span<weight_t> factor,
                           std::span<std::uint8_t> pair_keep, message_counts& c) {
  const auto offs = log.offsets();
  const auto rcp = log.recipient_column();
  const auto rol = log.role_column();
  const auto role_w = [&](std::size_t p) { return opt.role_weights[static_cast<std::size_t>(rol[p])]; };
  auto& seen_in = sc.seen_in;
  auto& first_at = sc.first_at;
  for (std::size_t m = m_lo; m < m_hi; ++m) {
    const timestamp_t t = log.time(m);
    if (opt.start || opt.end) {
      if (t == no_time) { ++c.no_time_; continue; }
      if ((opt.start && t < *opt.start) || (opt.end && t >= *opt.end)) { ++c.outside; continue; }
    }
    const std::size_t stamp = stamp0 + m;
    const vertex_id s = log.sender(m);
    const std::size_t b = offs[m], e = offs[m + 1];
    std::size_t k = 0, selfs = 0, dups = 0, others = 0;  // others: kept recipients other than s
    for (std::size_t p = b; p < e; ++p) {
      const vertex_id r = rcp[p];
      if (seen_in[r] == stamp) {
        const std::size_t q = first_at[r];
        // Against the role kept so far (not the first row's): the largest
        // weight wins whatever the order of the message's rows.
        if (pair_keep[q] != 0 && role_w(p) > opt.role_weights[static_cast<std::size_t>(pair_keep[q] - 1)])
          pair_keep[q] = static_cast<std::uint8_t>(1 + static_cast<std::uint8_t>(rol[p]));
        ++dups;
        continue;
      }
      seen_in[r] = stamp;
      first_at[r] = p;
      if (r == s && !opt.self_loops) { ++selfs; continue; }
      pair_keep[p] = static_cast<std::uint8_t>(1 + static_cast<std::uint8_t>(rol[p]));
      ++k;
      others += r != s;
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
    c.several += others >= 2;
    if (k == 0) continue;
    weight_t f = log.weight(m);
    // Recipients other than the sender share the message.
    if (opt.weighting == weighting::split) f /= static_cast<weight_t>(others == 0 ? 1 : others);
    if (opt.half_life)
      f *= std::exp2(-static_cast<double>(t_ref - t) / (*opt.half_life * static_cast<double>(microseconds_per_second)));
    factor[m] = f;
    c.pairs += k;
  }
}

/// Pass 1 over every message of `log`, parallel over contiguous blocks (one
/// scratch per block, grown to the log's people). factor and pair_keep must
/// be zeroed and sized to the log's messages and pairs.
inline message_counts weigh_all(const message_log& log, const build_options& opt, timestamp_t t_ref, int threads,
                                std::size_t stamp0, std::vector<recipient_scratch>& scratch,
                                std::span<weight_t> factor, std::span<std::uint8_t> pair_keep) {
  const std::size_t nm = log.num_messages();
  if (opt.half_life && !opt.start && !opt.end)
    for (std::size_t m = 0; m < nm; ++m)
      if (log.time(m) == no_time)
        throw invalid_option("build_graph: half_life needs a time on every message; message " +
                             std::to_string(stamp0 + m) + " has none");
  const auto T = static_cast<std::size_t>(threads);
  const std::size_t blocks = std::min<std::size_t>(T, std::max<std::size_t>(1, nm / 65536));
  if (scratch.size() < blocks) scratch.resize(blocks);
  for (std::size_t b = 0; b < blocks; ++b) scratch[b].fit(log.num_people());
  std::vector<message_counts> bc(blocks);
  const auto nb = static_cast<std::int64_t>(blocks);
  ONAKIT_OMP(parallel for schedule(static, 1) num_threads(static_cast<int>(blocks)))
  for (std::int64_t blk = 0; blk < nb; ++blk) {
    const auto bi = static_cast<std::size_t>(blk);
    weigh_messages(log, opt, t_ref, nm * bi / blocks, nm * (bi + 1) / blocks, stamp0, scratch[bi], factor, pair_keep,
                   bc[bi]);
  }
  message_counts total;
  for (const auto& c : bc) total.merge(c);
  return total;
}

/// Emits (sender, recipient, weight) for the kept pairs of messages
/// [lo_m, hi_m), in message order: the order every tie sums its weights in.
template <class Emit>
void emit_pairs(const message_log& log, const build_options& opt, std::span<const weight_t> factor,
                std::span<const std::uint8_t> pair_keep, std::size_t lo_m, std::size_t hi_m, Emit&& emit) {
  const auto offs = log.offsets();
  const auto rcp = log.recipient_column();
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
}

/// The tail of every build: summed ties (rows, both directions for an
/// undirected build) -> graph, applying min_weight and reciprocal and
/// counting what they drop. `copied()` runs once `rows` are no longer
/// read; `row_copied(u)` once row u is not (see pack(); without
/// `reciprocal` only: that rule reads every row to the end).
/// `Rows`: arc_rows or row_vectors.
template <class Rows, class Copied = void (*)(), class RowCopied = keep_rows>
graph graph_from_rows(const Rows& rows, const build_options& opt, int threads, build_report& rep,
                      Copied&& copied = [] {}, RowCopied&& row_copied = {}) {
  const std::size_t n = rows.size();
  const weight_t minw = opt.min_weight;
  std::uint64_t below = 0, unrecip = 0;
  const auto strong = [minw](const arc& a) { return a.w > 0 && a.w >= minw; };
  graph g;
  if (!opt.reciprocal) {
    const auto ni = static_cast<std::int64_t>(n);
    ONAKIT_OMP(parallel for schedule(dynamic, 256) num_threads(threads) reduction(+ : below))
    for (std::int64_t u = 0; u < ni; ++u)
      for (const arc& a : rows.row(static_cast<std::size_t>(u)))
        if (!strong(a) && (opt.directed || static_cast<vertex_id>(u) <= a.to)) ++below;
    g = pack(opt.directed, rows, [&](vertex_id, const arc& a) { return strong(a); }, threads, copied,
             std::forward<RowCopied>(row_copied));
  } else {
    // rows are directed weights here: reciprocity is a property of both directions.
    auto ok = [&](vertex_id u, const arc& a) {
      if (!strong(a)) return false;
      const weight_t back = row_weight(rows, a.to, u);
      return back > 0 && back >= minw;
    };
    for (std::size_t u = 0; u < n; ++u)
      for (const arc& a : rows.row(u)) {
        if (!strong(a)) ++below;
        else if (!ok(static_cast<vertex_id>(u), a)) ++unrecip;
      }
    if (opt.directed) {
      g = pack(true, rows, ok, threads, copied);
    } else {
      auto kept_pairs = [&](std::size_t lo_u, std::size_t hi_u, auto&& emit) {
        for (std::size_t u = lo_u; u < hi_u; ++u)
          for (const arc& a : rows.row(u))
            if (ok(static_cast<vertex_id>(u), a)) emit(static_cast<vertex_id>(u), a.to, a.w);
      };
      const auto rows2 = bucket_and_reduce(n, true, n, kept_pairs, threads);
      copied();
      g = pack(false, rows2, [](vertex_id, const arc&) { return true; }, threads);
    }
  }
  rep.ties_below_min_weight = below;
  rep.ties_not_reciprocal = unrecip;
  return g;
}

/// Rows are symmetric (both directions summed) for an undirected build
/// without `reciprocal`; reciprocal needs the directed weights first.
[[nodiscard]] inline bool symmetric_rows(const build_options& opt) noexcept { return !opt.directed && !opt.reciprocal; }

}  // namespace detail

/// Builds the communication graph of a message log. See the file comment
/// for the weight formula and filters. The graph has every person of the
/// log as a vertex (people without kept ties are isolates) and the log's
/// labels. Throws invalid_option for bad options (threads outside
/// [0, max_threads], ...) and for a tie whose summed weight overflows to
/// infinity (the message names the tie). A log too large for memory is
/// built chunk by chunk with stream_builder (stream_builder.hpp), with the
/// same result bit for bit.
[[nodiscard]] inline build_result build_graph(const message_log& log, const build_options& opt = {}) {
  detail::validate(opt);
  build_result res;
  auto& rep = res.report;
  const std::size_t n = log.num_people();
  const std::size_t nm = log.num_messages();
  const int threads = detail::thread_count(opt.threads, std::max(n, nm));
  rep.messages_in = nm;
  detail::poll(opt.interrupt, "build_graph");

  timestamp_t t_ref = 0;
  if (opt.half_life) t_ref = opt.reference_time ? opt.reference_time->microseconds() : log.time_span().second;

  std::vector<weight_t> factor(nm, 0.0);
  std::vector<std::uint8_t> pair_keep(log.num_pairs(), 0);
  std::vector<detail::recipient_scratch> scratch;
  const auto counts = detail::weigh_all(log, opt, t_ref, threads, 0, scratch, factor, pair_keep);
  scratch.clear();
  counts.add_to(rep);
  detail::poll(opt.interrupt, "build_graph");

  auto for_each_pair = [&](std::size_t lo_m, std::size_t hi_m, auto&& emit) {
    detail::emit_pairs(log, opt, factor, pair_keep, lo_m, hi_m, emit);
  };
  const auto rows = detail::bucket_and_reduce(n, detail::symmetric_rows(opt), nm, for_each_pair, threads);
  detail::poll(opt.interrupt, "build_graph");
  res.graph = detail::graph_from_rows(rows, opt, threads, rep);
  res.graph.set_labels(log.people());
  detail::check_finite_ties(res.graph, "build_graph");
  res.graph.set_time_span({counts.lo, counts.hi});
  return res;
}

}  // namespace onakit
