#pragma once
// Internals shared by the path-based measures (betweenness, closeness,
// harmonic, reach): raw adjacency views, tie lengths, a binary heap, a
// fixed-point accumulator and the 256-source bit-parallel BFS. Not API.

#include <onakit/detail/parallel.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <utility>
#include <vector>

namespace onakit::inline v0_1::detail {

/// One direction of the adjacency as two raw arrays: row v is
/// adj[off[v] .. off[v+1]), with a parallel array of tie lengths (may be null).
struct adjacency {
  const edge_id* off = nullptr;
  const vertex_id* adj = nullptr;
  const double* len = nullptr;
};

/// Out-adjacency (ties u -> v listed under u).
inline adjacency out_adjacency(const graph& g) noexcept {
  return {g.out_offsets().data(), g.out_targets().data(), nullptr};
}

/// In-adjacency (ties u -> v listed under v); the out-arrays when undirected.
inline adjacency in_adjacency(const graph& g) noexcept {
  if (!g.directed()) return out_adjacency(g);
  return {g.in_offsets().data(), g.in_sources().data(), nullptr};
}

/// Tie lengths 1/weight of the out-adjacency, in out-index order. A tie of
/// weight 0 has infinite length: weighted paths never use it.
inline std::vector<double> out_lengths(const graph& g) {
  const auto w = g.out_weights();
  std::vector<double> len(w.size());
  for (std::size_t e = 0; e < w.size(); ++e)
    len[e] = w[e] > 0 ? 1.0 / w[e] : std::numeric_limits<double>::infinity();
  return len;
}

/// The same lengths laid out along the in-adjacency (== out_lengths when undirected).
inline std::vector<double> in_lengths(const graph& g, const std::vector<double>& out_len) {
  if (!g.directed()) return out_len;
  const auto ie = g.in_edges();
  std::vector<double> len(ie.size());
  for (std::size_t k = 0; k < ie.size(); ++k) len[k] = out_len[ie[k]];
  return len;
}

/// For each position k of the in-adjacency (in_adjacency(g)), the out-arc
/// id of the tie it lists: g.in_edges() when directed; when undirected (the
/// in-lists are the out-lists) the reverse arc, found by walking the rows
/// in order, since row v lists its u's ascending.
inline std::vector<edge_id> in_arc_ids(const graph& g) {
  const auto ie = g.in_edges();
  if (g.directed()) return {ie.begin(), ie.end()};
  const auto off = g.out_offsets();
  const auto tgt = g.out_targets();
  std::vector<edge_id> next(off.begin(), off.end() - 1);  // per row: the next u to meet
  std::vector<edge_id> rev(tgt.size());
  for (vertex_id u = 0; u < g.num_vertices(); ++u)
    for (edge_id e = off[u]; e < off[u + 1]; ++e) rev[next[tgt[e]]++] = e;
  return rev;
}

/// A binary min-heap of (distance, vertex) with lazy deletion (stale
/// entries are skipped by the caller). clear() keeps the capacity, so a
/// per-thread heap allocates only while it first grows.
class dist_heap {
 public:
  struct entry {
    double d;
    vertex_id v;
  };
  void reserve(std::size_t n) { h_.reserve(n); }
  void clear() noexcept { h_.clear(); }
  [[nodiscard]] bool empty() const noexcept { return h_.empty(); }
  void push(double d, vertex_id v) {
    h_.push_back({d, v});
    std::size_t i = h_.size() - 1;
    while (i > 0) {
      const std::size_t p = (i - 1) / 2;
      if (!(h_[i].d < h_[p].d)) break;
      std::swap(h_[i], h_[p]);
      i = p;
    }
  }
  entry pop() noexcept {
    const entry top = h_.front();
    h_.front() = h_.back();
    h_.pop_back();
    const std::size_t n = h_.size();
    std::size_t i = 0;
    for (;;) {
      const std::size_t l = 2 * i + 1;
      if (l >= n) break;
      const std::size_t c = (l + 1 < n && h_[l + 1].d < h_[l].d) ? l + 1 : l;
      if (!(h_[c].d < h_[i].d)) break;
      std::swap(h_[i], h_[c]);
      i = c;
    }
    return top;
  }

 private:
  std::vector<entry> h_;
};

/// Sum of non-negative doubles below 2^63 in 64.64 fixed point: integer
/// addition is associative, so per-thread partials added in any order give
/// bit-identical totals whatever the thread count and scheduling. Each term
/// is truncated to a multiple of 2^-64 (relative error far below 1e-15 for
/// the values betweenness adds).
struct fixed_sum {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  void add(double x) noexcept {
    // floor(x) and the 64 bits of (x - floor(x)) * 2^64, truncated, with
    // signed conversions only: an unsigned one from a double is a branch on
    // >= 2^63 (here: the fraction >= 1/2, a coin toss that costs betweenness
    // ~7%), and std::floor is a longer sequence without SSE4.1.
    auto h = static_cast<std::int64_t>(x);                 // truncated towards 0
    h -= static_cast<double>(h) > x ? 1 : 0;                // floor
    const double y = (x - static_cast<double>(h)) * 0x1.0p32;  // exact, in [0, 2^32)
    const auto y1 = static_cast<std::int64_t>(y);
    const auto y0 = static_cast<std::int64_t>((y - static_cast<double>(y1)) * 0x1.0p32);  // exact remainder
    add(fixed_sum{static_cast<std::uint64_t>(h), (static_cast<std::uint64_t>(y1) << 32) + static_cast<std::uint64_t>(y0)});
  }
  void add(const fixed_sum& o) noexcept {
    lo += o.lo;
    hi += o.hi + (lo < o.lo ? 1u : 0u);
  }
  [[nodiscard]] double value() const noexcept {
    return static_cast<double>(hi) + static_cast<double>(lo) * 0x1.0p-64;
  }
};

/// Sources per batch of bit_parallel_bfs: 64 * bp_words (4: one 256-bit
/// mask per vertex). Wider batches cut the passes over the ties;
/// a tie visit ORs 4 words instead of 1 at little extra cost. On the 20k-
/// and 50k-person synthetic organisations 4 words beat 1, 2 and 8 (closeness
/// 1 thread, 20k: 0.60 s with 1 word, 0.44 s with 2, 0.34 s with 4, 0.33-0.36 s
/// with 8; 50k: 2.5 s with 4, 2.8 s with 8). A constant, not a macro a
/// translation unit could redefine: two TUs built with different widths
/// would define bit_parallel_bfs differently, an ODR violation the linker
/// does not see. To measure another width, edit it here.
inline constexpr std::size_t bp_words = 4;
inline constexpr std::uint64_t bp_sources = 64 * bp_words;

/// Threads bit_parallel_bfs will use for `requested` (0 = OpenMP default):
/// at most one per batch of bp_sources sources.
inline int bit_parallel_threads(vertex_id n, int requested) noexcept {
  const auto batches = (static_cast<std::uint64_t>(n) + bp_sources - 1) / bp_sources;
  return thread_count(requested, static_cast<std::size_t>(batches));
}

/// One bit per source of a batch.
struct bp_mask {
  std::uint64_t w[bp_words];
};

/// Breadth-first search from every vertex, bp_sources (256) sources at a
/// time, with one mask per vertex: bit i of seen[v] says source i of the
/// batch reached v. Each level pulls along `pull` (in-adjacency for
/// distances from the sources, out-adjacency for distances to them):
///   next[v] = (OR over u in pull(v) of frontier[u]) & ~seen[v].
/// Batches run in parallel, one thread each, without barriers; calls
/// on_level(thread, v, level, new_bits) for every vertex and every 64-source
/// group of the batch with new bits (new_bits: one bit per source of the
/// group), with thread in [0, threads) (threads from bit_parallel_threads).
/// Callers keep per-thread sums that are order-free (integers, fixed point,
/// max), so results do not depend on the thread count. Levels stop after
/// `max_level`. Thread 0 polls `interrupt` between its batches (an
/// interruption names `computation`, the public function). Work
/// O((n/256) * D * m) four-word operations for diameter D; memory
/// 96 n bytes per thread.
template <class OnLevel>
void bit_parallel_bfs(vertex_id n, adjacency pull, std::uint32_t max_level, [[maybe_unused]] int threads,
                      const interrupt_check& interrupt, const char* computation, OnLevel&& on_level) {
  poll(interrupt, computation);
  const auto batches = static_cast<std::int64_t>((static_cast<std::uint64_t>(n) + bp_sources - 1) / bp_sources);
  bool stop = false;
  std::exception_ptr error;
  ONAKIT_OMP(parallel num_threads(threads))
  {
    const int t = detail::thread_index();
    std::vector<bp_mask> seen(n), frontier(n), next(n);
    ONAKIT_OMP(for schedule(dynamic, 1))
    for (std::int64_t b = 0; b < batches; ++b) {
      bool stopping = false;
      ONAKIT_OMP(atomic read)
      stopping = stop;
      if (stopping) continue;
      if (t == 0 && b > 0 && interrupt) {
        bool ask = false;
        try {
          current_position() = {static_cast<std::uint64_t>(b) * bp_sources, n};  // in sources, as the other loops
          ask = interrupt();
        } catch (...) {
          error = std::current_exception();
          ask = true;
        }
        if (ask) {
          ONAKIT_OMP(atomic write)
          stop = true;
          continue;
        }
      }
      const auto first = static_cast<vertex_id>(static_cast<std::uint64_t>(b) * bp_sources);
      const auto count = static_cast<vertex_id>(std::min<std::uint64_t>(bp_sources, n - first));
      bp_mask all{};
      for (std::size_t i = 0; i < bp_words; ++i) {
        const std::uint64_t lo = 64 * i;
        all.w[i] = count >= lo + 64 ? ~std::uint64_t{0}
                   : count > lo     ? (std::uint64_t{1} << (count - lo)) - 1
                                    : 0;
      }
      std::fill(seen.begin(), seen.end(), bp_mask{});
      std::fill(frontier.begin(), frontier.end(), bp_mask{});
      for (vertex_id i = 0; i < count; ++i) {
        seen[first + i].w[i / 64] = frontier[first + i].w[i / 64] = std::uint64_t{1} << (i % 64);
      }
      for (std::uint32_t level = 1; level <= max_level; ++level) {
        bool any = false;
        for (vertex_id v = 0; v < n; ++v) {
          const bp_mask s = seen[v];
          bool full = true;
          for (std::size_t i = 0; i < bp_words; ++i) full &= s.w[i] == all.w[i];
          if (full) {
            next[v] = bp_mask{};
            continue;
          }
          bp_mask acc{};
          for (edge_id e = pull.off[v]; e < pull.off[v + 1]; ++e) {
            const bp_mask& f = frontier[pull.adj[e]];
            for (std::size_t i = 0; i < bp_words; ++i) acc.w[i] |= f.w[i];
          }
          std::uint64_t nonzero = 0;
          for (std::size_t i = 0; i < bp_words; ++i) {
            acc.w[i] &= ~s.w[i];
            nonzero |= acc.w[i];
          }
          next[v] = acc;
          if (nonzero != 0) {
            for (std::size_t i = 0; i < bp_words; ++i) {
              seen[v].w[i] = s.w[i] | acc.w[i];
              if (acc.w[i] != 0) on_level(t, v, level, acc.w[i]);
            }
            any = true;
          }
        }
        if (!any) break;
        frontier.swap(next);
      }
    }
  }
  if (error) std::rethrow_exception(error);
  if (stop) throw interrupted(computation);
}

}  // namespace onakit::detail
