#pragma once
// The direction-optimised level-by-level Brandes kernel shared by exact
// unweighted betweenness (betweenness.hpp) and edge betweenness
// (edge_betweenness.hpp): one search, two accumulations (per person, per
// arc). Not API.

#include <onakit/centrality/detail/paths.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace onakit::inline v0_1::detail {

inline constexpr std::uint32_t unreached_hop = std::numeric_limits<std::uint32_t>::max();

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
///   level L+1, whichever scans fewer ties (per person: accumulate; per
///   arc, for edge betweenness: accumulate_arcs, which always pulls, since
///   a credit belongs to the out-arc it crosses).
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

  /// Arc dependencies (Brandes 2008, section 3.5), deepest level first:
  /// each DAG arc v -> w (hop[w] == hop[v] + 1) at out-arc position e gets
  ///   arc[e] += sigma[v] * (b[w] + delta[w]) / sigma[w] * as,
  /// delta[v] being the sum of those credits (b = 1 without folded leaves;
  /// `bw`, `as` as in accumulate). Level L either pulls over its out-ties
  /// or pushes along the in-ties of level L+1 (in_arc: in-position -> out-arc
  /// id, paths.hpp in_arc_ids), whichever scans fewer, so each DAG arc is
  /// credited once. An arc off the DAG gets a masked + 0 (no branch), which
  /// leaves arc[e] unchanged. The source's level is accumulated too (its
  /// out-ties carry credits), the deepest never (no successors).
  void accumulate_arcs(const edge_id* in_arc, double* arc, const double* bw = nullptr, double as = 1.0) {
    const auto levels = static_cast<std::uint32_t>(start.size() - 1);
    for (std::size_t k = start[levels - 1]; k < start[levels]; ++k) {
      slot& x = sv[order[k]];
      x.val = (bw != nullptr ? bw[order[k]] : 1.0) / x.val;
    }
    for (std::uint32_t level = levels - 1; level-- > 0;) {
      const std::size_t lo = start[level], mid = start[level + 1], hi = start[level + 2];
      const std::uint32_t next = level + 1;
      if (level_in[next] < level_out[level]) {
        // Level L still holds sigma, level L+1 (1 + delta) / sigma.
        for (std::size_t k = lo; k < mid; ++k) pushed[order[k]] = 0.0;
        for (std::size_t k = mid; k < hi; ++k) {
          const vertex_id w = order[k];
          const double c = sv[w].val;
          for (edge_id e = in.off[w]; e < in.off[w + 1]; ++e) {
            const vertex_id v = in.adj[e];
            const bool dag = sv[v].hop == level;
            pushed[v] += masked(c, dag);  // + 0 elsewhere is harmless
            arc[in_arc[e]] += masked(sv[v].val * as * c, dag);  // as pull's scale * c
          }
        }
      } else {
        for (std::size_t k = lo; k < mid; ++k) {
          const vertex_id v = order[k];
          const double scale = sv[v].val * as;  // == sigma without folded leaves
          // Two sums halve the chain of dependent additions (as masked_sum).
          double s0 = 0.0, s1 = 0.0;
          edge_id e = out.off[v];
          const edge_id end = out.off[v + 1];
          for (; e + 1 < end; e += 2) {
            const slot& w0 = sv[out.adj[e]];
            const slot& w1 = sv[out.adj[e + 1]];
            const double c0 = masked(w0.val, w0.hop == next);
            const double c1 = masked(w1.val, w1.hop == next);
            s0 += c0;
            s1 += c1;
            arc[e] += scale * c0;
            arc[e + 1] += scale * c1;
          }
          if (e < end) {
            const slot& w = sv[out.adj[e]];
            const double c = masked(w.val, w.hop == next);
            s0 += c;
            arc[e] += scale * c;
          }
          pushed[v] = s0 + s1;
        }
      }
      for (std::size_t k = lo; k < mid; ++k) {
        const vertex_id v = order[k];
        slot& x = sv[v];
        // The source's value is never read again (it is no target).
        x.val = ((bw != nullptr ? bw[v] : 1.0) + x.val * pushed[v]) / x.val;
      }
    }
  }

  void reset(std::size_t count) noexcept {
    for (std::size_t i = 0; i < count; ++i) sv[order[i]].hop = unreached_hop;
  }
};

}  // namespace onakit::inline v0_1::detail
