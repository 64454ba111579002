#pragma once
// Internals of the graph builders (build_graph in builder.hpp, make_graph in
// make_graph.hpp): arcs bucketed by source, the deterministic parallel
// reduction of repeated ties, packing into CSR, and the finite-weight check.
// Not API.

#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>  // malloc_trim
#endif

namespace onakit::inline v0_1::detail {

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
inline void reduce_rows(arc_rows& rows, [[maybe_unused]] int threads) {
  const std::size_t n = rows.size();
  const auto ni = static_cast<std::int64_t>(n);
  ONAKIT_OMP(parallel num_threads(threads))
  {
    std::vector<weight_t> acc(n);
    std::vector<vertex_id> seen_in(n, null_vertex);  // seen_in[v] == u: v already in row u
    std::vector<vertex_id> touched;
    ONAKIT_OMP(for schedule(dynamic, 64))
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
  ONAKIT_OMP(parallel for schedule(static, 1) num_threads(static_cast<int>(blocks)))
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
  ONAKIT_OMP(parallel for schedule(static, 1) num_threads(static_cast<int>(blocks)))
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

/// Per-person rows held as one vector each (stream_builder's tie table),
/// seen through arc_rows' size()/row() so pack() and graph_from_rows() take
/// them without first copying them into one array.
struct row_vectors {
  const std::vector<std::vector<arc>>& rows;
  [[nodiscard]] std::size_t size() const noexcept { return rows.size(); }
  [[nodiscard]] std::span<const arc> row(std::size_t u) const noexcept { return rows[u]; }
};

/// Hands the heap's free memory back to the system (glibc keeps freed small
/// blocks in its arenas, where they still count as resident): called once a
/// builder has dropped its rows, before the graph's in-adjacency is made, so
/// the rows and the packed graph are not resident at the same time.
inline void release_free_heap() noexcept {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

/// No per-row hook: pack() copies in parallel.
struct keep_rows {
  void operator()(std::size_t /*u*/) const noexcept {}
};

/// Packs the arcs passing `keep(u, arc)` (pure, called from several
/// threads, twice per arc) into a graph, in parallel over rows. `copied()`
/// runs once the out-adjacency holds every kept arc and before the graph
/// derives its in-adjacency: a caller that owns `rows` frees them there.
/// With a `row_copied(u)` hook the copy runs row by row in order instead,
/// calling it once row u is no longer read (`keep` must then read only the
/// row it is given), and the out-adjacency's pages are first touched as it
/// fills: a caller that frees each row there holds the rows and the packed
/// arcs at once only in part, not in whole.
/// `Rows`: arc_rows or row_vectors.
template <class Rows, class Keep, class Copied = void (*)(), class RowCopied = keep_rows>
graph pack(bool directed, const Rows& rows, Keep&& keep, [[maybe_unused]] int threads, Copied&& copied = [] {},
           RowCopied&& row_copied = {}) {
  const std::size_t n = rows.size();
  const auto ni = static_cast<std::int64_t>(n);
  std::vector<edge_id> off(n + 1, 0);
  std::size_t total = 0;
  ONAKIT_OMP(parallel for schedule(dynamic, 256) num_threads(threads) reduction(+ : total))
  for (std::int64_t ui = 0; ui < ni; ++ui) {
    const auto u = static_cast<std::size_t>(ui);
    std::size_t k = 0;
    for (const arc& a : rows.row(u)) k += keep(static_cast<vertex_id>(u), a) ? 1U : 0U;
    total += k;
    off[u + 1] = static_cast<edge_id>(std::min<std::size_t>(k, std::numeric_limits<edge_id>::max()));
  }
  if (total >= static_cast<std::size_t>(std::numeric_limits<edge_id>::max()))
    throw capacity_error("build_graph: more than 4'294'967'294 ties");
  for (std::size_t u = 0; u < n; ++u) off[u + 1] += off[u];
  if constexpr (!std::is_same_v<std::remove_cvref_t<RowCopied>, keep_rows>) {
    std::vector<vertex_id> tgt;
    std::vector<weight_t> wts;
    tgt.reserve(total);  // reserved, not zero-filled: pages become resident as rows are appended
    wts.reserve(total);
    for (std::size_t u = 0; u < n; ++u) {
      for (const arc& a : rows.row(u))
        if (keep(static_cast<vertex_id>(u), a)) {
          tgt.push_back(a.to);
          wts.push_back(a.w);
        }
      row_copied(u);
    }
    copied();
    return graph(directed, std::move(off), std::move(tgt), std::move(wts));
  }
  std::vector<vertex_id> tgt(total);
  std::vector<weight_t> wts(total);
  ONAKIT_OMP(parallel for schedule(dynamic, 256) num_threads(threads))
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
  copied();
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

template <class Rows>
weight_t row_weight(const Rows& rows, vertex_id u, vertex_id v) {
  const auto r = rows.row(u);
  const auto it = std::lower_bound(r.begin(), r.end(), v, [](const arc& a, vertex_id x) { return a.to < x; });
  return (it != r.end() && it->to == v) ? it->w : 0.0;
}

}  // namespace onakit::detail
