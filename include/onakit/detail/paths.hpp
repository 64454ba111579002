#pragma once
// Internals shared by the path-based measures (betweenness, closeness,
// harmonic, reach): raw adjacency views, tie lengths, a binary heap, a
// fixed-point accumulator and the 64-source bit-parallel BFS. Not API.

#include <onakit/centrality/common.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace onakit::detail {

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

/// Sum of non-negative doubles below 2^64 in 64.64 fixed point: integer
/// addition is associative, so per-thread partials added in any order give
/// bit-identical totals whatever the thread count and scheduling. Each term
/// is truncated to a multiple of 2^-64 (relative error far below 1e-15 for
/// the values betweenness adds).
struct fixed_sum {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  void add(double x) noexcept {
    const double f = std::floor(x);
    const auto h = static_cast<std::uint64_t>(f);
    // x - f is exact and below 1 - 2^-53, so the product is below 2^64.
    const auto l = static_cast<std::uint64_t>((x - f) * 0x1.0p64);
    add(fixed_sum{h, l});
  }
  void add(const fixed_sum& o) noexcept {
    lo += o.lo;
    hi += o.hi + (lo < o.lo ? 1u : 0u);
  }
  [[nodiscard]] double value() const noexcept {
    return static_cast<double>(hi) + static_cast<double>(lo) * 0x1.0p-64;
  }
};

/// Breadth-first search from every vertex, 64 sources at a time, with one
/// 64-bit mask per vertex: bit i of seen[v] says source i reached v. Each
/// level pulls along `pull` (in-adjacency for distances from the sources,
/// out-adjacency for distances to them):
///   next[v] = (OR over u in pull(v) of frontier[u]) & ~seen[v].
/// Calls on_level(v, level, new_bits) for every vertex with new bits, from
/// several threads but never twice at once for the same v, in level order
/// per v; batches run in source order. So per-vertex sums do not depend on
/// the thread count. Levels stop after `max_level`. Polls `interrupt`
/// between batches. Work O((n/64) * D * m) word operations for diameter D.
template <class OnLevel>
void bit_parallel_bfs(vertex_id n, adjacency pull, std::uint32_t max_level, int threads,
                      const interrupt_check& interrupt, OnLevel&& on_level) {
  std::vector<std::uint64_t> seen(n), frontier(n), next(n);
  const auto sn = static_cast<std::int64_t>(n);
  for (vertex_id first = 0; first < n; first += 64) {
    poll(interrupt);
    const vertex_id count = std::min<vertex_id>(64, n - first);
    const std::uint64_t all = count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
    std::fill(seen.begin(), seen.end(), 0);
    std::fill(frontier.begin(), frontier.end(), 0);
    for (vertex_id i = 0; i < count; ++i) seen[first + i] = frontier[first + i] = std::uint64_t{1} << i;
    for (std::uint32_t level = 1; level <= max_level; ++level) {
      int any = 0;
#pragma omp parallel for schedule(dynamic, 512) num_threads(threads) reduction(| : any)
      for (std::int64_t iv = 0; iv < sn; ++iv) {
        const auto v = static_cast<vertex_id>(iv);
        const std::uint64_t s = seen[v];
        if (s == all) {
          next[v] = 0;
          continue;
        }
        std::uint64_t acc = 0;
        for (edge_id e = pull.off[v]; e < pull.off[v + 1]; ++e) acc |= frontier[pull.adj[e]];
        acc &= ~s;
        next[v] = acc;
        if (acc != 0) {
          seen[v] = s | acc;
          on_level(v, level, acc);
          any = 1;
        }
      }
      if (!any) break;
      frontier.swap(next);
    }
  }
}

}  // namespace onakit::detail
