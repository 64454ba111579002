#pragma once
/// \file stream_builder.hpp
/// Messages -> communication graph, chunk by chunk: the graph of a log too
/// large to hold, with memory bounded by people + ties (+ one chunk).
///
/// A streaming reader (ingest/stream.hpp) keeps one message_log, hands it to
/// add() each time it holds a chunk of messages, and clears the messages
/// (message_log::clear_messages) before refilling it: vertex ids are the
/// log's and stay stable across chunks. finish() returns exactly what
/// build_graph (builder.hpp) returns for the whole log, bit for bit: the
/// same weight formula, filters and report, and every tie sums its
/// messages' weights in message order whatever the chunking.
///
/// How: pass 1 of build_graph runs on each chunk (window, de-duplication,
/// broadcasts, split shares, decay) and appends the kept pairs (sender,
/// recipient, weight) to a pending buffer. When the buffer holds a quarter
/// as many pairs as there are ties (at least 2^20, at most
/// max_pending_pairs, default 2^24 pairs: 256 MiB), it is folded into
/// per-person rows sorted by target: each touched row is scattered into a
/// dense accumulator, the pending weights are added to it in message order,
/// and new targets are merged in. Folding when the buffer is a fixed share
/// of the tie table keeps the cost amortised O(1) per pair (O(ties / 2^24)
/// past 2^24 ties); a quarter rather than all of it keeps the fold's peak
/// (rows + buffer + its copy sorted by sender: 16 + 2 x 4 B per tie) below
/// the packed graph's 20 B per tie plus the rows, for about 2.5 row passes
/// more per pair.
///
/// Decay: half_life needs reference_time here (the latest message is not
/// known before the end); build_graph's default is the latest message time,
/// so pass it to get the same graph (Python's ona.stream_ties reads the
/// input twice for it).
///
/// Complexity: O(P) for P message-recipient pairs plus O(m) per fold for m
/// ties; memory 16 B per tie (32 undirected) + 2 x 16 B per pending pair
/// while folding + the caller's chunk; finish() packs the graph from the
/// rows and frees them before the in-adjacency is made (peak: rows + 12 B
/// per tie).
///
/// Example:
/// \code
///   onakit::stream_builder sb(opt);
///   onakit::message_log log;  // refilled chunk by chunk by a reader
///   while (read_next_chunk(log)) {
///     sb.add(log);
///     log.clear_messages();
///   }
///   auto [g, report] = std::move(sb).finish(log);
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/graph/detail/csr_build.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// The default bound on a stream_builder's pending pairs: 2^24 (256 MiB).
inline constexpr std::size_t default_max_pending_pairs = std::size_t{1} << 24;

class stream_builder {
 public:
  /// \throws invalid_option for bad options (as build_graph), and for
  /// half_life without reference_time.
  /// `max_pending_pairs` bounds the pending buffer (16 B a pair); smaller
  /// values fold more often (same result, more time).
  explicit stream_builder(const build_options& opt = {}, std::size_t max_pending_pairs = default_max_pending_pairs)
      : opt_(opt), max_pending_(std::max<std::size_t>(1, max_pending_pairs)) {
    detail::validate(opt_);
    if (opt_.half_life && !opt_.reference_time)
      throw invalid_option(
          "build_graph: half_life needs reference_time when the messages are streamed (the latest message is not "
          "known before the end)");
    if (opt_.half_life) t_ref_ = opt_.reference_time->microseconds();
  }

  /// Adds every message of `chunk`. Its vertex ids must mean the same
  /// people in every call (one log, cleared between chunks); people may be
  /// added between calls.
  /// \throws invalid_option (half_life and a message without time, as
  /// build_graph), std::bad_alloc.
  void add(const message_log& chunk) {
    const std::size_t n = chunk.num_people();
    const std::size_t nm = chunk.num_messages();
    if (rows_.size() < n) rows_.resize(n);
    if (nm == 0) return;
    detail::poll(opt_.interrupt, "build_graph");
    const int threads = detail::thread_count(opt_.threads, std::max(n, nm));
    factor_.assign(nm, 0.0);
    pair_keep_.assign(chunk.num_pairs(), 0);
    const auto counts = detail::weigh_all(chunk, opt_, t_ref_, threads, report_.messages_in, scratch_, factor_,
                                          pair_keep_);
    report_.messages_in += nm;
    counts.add_to(report_);
    span_.merge(counts);
    // Fold first if this chunk would take the buffer past the threshold: the
    // buffer then never holds more than the threshold or one chunk, and is
    // not reallocated (a moment with both copies) just to be folded.
    if (!pending_.empty() && pending_.size() + counts.pairs > fold_threshold()) {
      detail::poll(opt_.interrupt, "build_graph");
      fold(threads);
    }
    pending_.reserve(pending_.size() + counts.pairs);
    detail::emit_pairs(chunk, opt_, factor_, pair_keep_, 0, nm,
                       [&](vertex_id s, vertex_id r, weight_t w) { pending_.push_back({s, r, w}); });
    if (pending_.size() >= fold_threshold()) {
      detail::poll(opt_.interrupt, "build_graph");
      fold(threads);
    }
  }

  /// The graph of every message added, with `people`'s labels (the log the
  /// chunks came in, after the last one). Leaves the builder empty.
  /// \throws invalid_option (a tie whose weights sum to infinity),
  /// std::bad_alloc.
  [[nodiscard]] build_result finish(const message_log& people) && {
    const std::size_t n = std::max(people.num_people(), rows_.size());
    rows_.resize(n);
    const int threads = detail::thread_count(opt_.threads, n);
    detail::poll(opt_.interrupt, "build_graph");
    fold(threads);
    detail::poll(opt_.interrupt, "build_graph");
    std::vector<pending>().swap(pending_);
    factor_ = {};
    pair_keep_ = {};
    scratch_.clear();
    // Packed straight from the per-person rows, which are dropped (and the
    // heap trimmed) before the graph derives its in-adjacency: the peak is
    // the rows plus the out-adjacency, not the rows twice plus the graph.
    // Without `reciprocal` each row is freed as soon as it is packed, and
    // the heap trimmed every 16 MiB so freed, so the rows shrink while the
    // out-adjacency grows instead of both being resident in whole.
    detail::poll(opt_.interrupt, "build_graph");
    build_result res;
    res.report = report_;
    std::size_t freed = 0;
    const auto free_row = [this, &freed](std::size_t u) {
      freed += rows_[u].capacity() * sizeof(detail::arc);
      std::vector<detail::arc>().swap(rows_[u]);
      if (freed >= (std::size_t{16} << 20)) {
        detail::release_free_heap();
        freed = 0;
      }
    };
    res.graph = detail::graph_from_rows(
        detail::row_vectors{rows_}, opt_, threads, res.report,
        [this] {
          std::vector<std::vector<detail::arc>>().swap(rows_);
          detail::release_free_heap();
        },
        free_row);
    if (people.num_people() < n)
      throw invalid_option("stream_builder::finish: the log has fewer people than the chunks added");
    res.graph.set_labels(people.people());
    detail::check_finite_ties(res.graph, "build_graph");
    res.graph.set_time_span({span_.lo, span_.hi});
    return res;
  }

  /// The counts so far (ties_below_min_weight and ties_not_reciprocal come
  /// at finish()). \throws nothing.
  [[nodiscard]] const build_report& report() const noexcept { return report_; }

  /// Distinct ties folded so far (directed pairs; both directions of an
  /// undirected tie). \throws nothing.
  [[nodiscard]] std::size_t num_ties() const noexcept { return ties_; }

  /// Bytes held: tie rows, pending pairs and pass-1 buffers. \throws nothing.
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    std::size_t b = rows_.capacity() * sizeof(std::vector<detail::arc>) + pending_.capacity() * sizeof(pending) +
                    factor_.capacity() * sizeof(weight_t) + pair_keep_.capacity();
    for (const auto& r : rows_) b += r.capacity() * sizeof(detail::arc);
    for (const auto& s : scratch_) b += (s.seen_in.capacity() + s.first_at.capacity()) * sizeof(std::size_t);
    return b;
  }

 private:
  struct pending {
    vertex_id from, to;
    weight_t w;
  };

  [[nodiscard]] std::size_t fold_threshold() const noexcept {
    return std::clamp<std::size_t>(ties_ / 4, std::min<std::size_t>(std::size_t{1} << 20, max_pending_), max_pending_);
  }

  // Adds the pending pairs to the rows, each tie in message order.
  void fold([[maybe_unused]] int threads) {
    if (pending_.empty()) return;
    const std::size_t n = rows_.size();
    const bool sym = detail::symmetric_rows(opt_);
    // Stable counting sort by source: each row receives its pairs in order.
    std::vector<std::size_t> pos(n + 1, 0);
    for (const pending& p : pending_) {
      ++pos[p.from + 1];
      if (sym && p.from != p.to) ++pos[p.to + 1];
    }
    for (std::size_t u = 0; u < n; ++u) pos[u + 1] += pos[u];
    const std::vector<std::size_t> begin = pos;
    auto arcs = std::make_unique_for_overwrite<detail::arc[]>(pos[n]);
    for (const pending& p : pending_) {
      arcs[pos[p.from]++] = {p.to, p.w};
      if (sym && p.from != p.to) arcs[pos[p.to]++] = {p.from, p.w};
    }
    pending_.clear();
    std::size_t added = 0;
    const auto ni = static_cast<std::int64_t>(n);
    ONAKIT_OMP(parallel num_threads(threads) reduction(+ : added))
    {
      std::vector<weight_t> acc(n);
      std::vector<vertex_id> seen_in(n, null_vertex);
      std::vector<vertex_id> fresh;
      ONAKIT_OMP(for schedule(dynamic, 64))
      for (std::int64_t ui = 0; ui < ni; ++ui) {
        const auto u = static_cast<std::size_t>(ui);
        if (begin[u] == begin[u + 1]) continue;
        const auto me = static_cast<vertex_id>(u);
        auto& row = rows_[u];
        for (const detail::arc& a : row) {
          seen_in[a.to] = me;
          acc[a.to] = a.w;
        }
        fresh.clear();
        for (std::size_t k = begin[u]; k < begin[u + 1]; ++k) {
          const detail::arc& a = arcs[k];
          if (seen_in[a.to] == me) {
            acc[a.to] += a.w;
          } else {
            seen_in[a.to] = me;
            acc[a.to] = a.w;
            fresh.push_back(a.to);
          }
        }
        if (fresh.empty()) {
          for (detail::arc& a : row) a.w = acc[a.to];
          continue;
        }
        std::sort(fresh.begin(), fresh.end());
        std::vector<detail::arc> merged;
        merged.reserve(row.size() + fresh.size());
        std::size_t i = 0, j = 0;
        while (i < row.size() || j < fresh.size()) {
          const vertex_id v = (j == fresh.size() || (i < row.size() && row[i].to < fresh[j])) ? row[i++].to
                                                                                                : fresh[j++];
          merged.push_back({v, acc[v]});
        }
        added += fresh.size();
        row.swap(merged);
      }
    }
    ties_ += added;
  }

  build_options opt_;
  std::size_t max_pending_;
  timestamp_t t_ref_ = 0;
  build_report report_{};
  detail::message_counts span_{};  // for the time span of the messages used (lo, hi)
  std::vector<std::vector<detail::arc>> rows_;
  std::vector<pending> pending_;
  std::size_t ties_ = 0;
  std::vector<weight_t> factor_;
  std::vector<std::uint8_t> pair_keep_;
  std::vector<detail::recipient_scratch> scratch_;
};

}  // namespace onakit
