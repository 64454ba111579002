#pragma once
/// \file centrality/detail/local.hpp
/// Internals shared by the local measures (clustering, structural holes,
/// brokerage, cut points): an interruptible parallel loop over people and
/// the contact lists of the undirected view. Not API.

#include <onakit/centrality/common.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <atomic>
#include <cstdint>
#include <utility>
#include <vector>

namespace onakit::inline v0_1::detail {

/// Runs body(v, thread) for every person v in parallel (dynamic schedule).
/// Thread 0 polls `interrupt` every 64 of its people; once it asks to stop
/// the others skip their remaining people and interrupted(computation) is thrown after
/// the parallel region (exceptions must not cross an OpenMP region). The
/// body must write only to per-person or per-thread state, so results do not
/// depend on the number of threads.
template <class Body>
void for_each_person(vertex_id n, int threads, const interrupt_check& interrupt, const char* computation,
                     Body&& body) {
  [[maybe_unused]] const int nt = thread_count(threads, n);
  std::atomic<bool> stop{false};
  const auto count = static_cast<std::int64_t>(n);
  poll(interrupt, computation);
ONAKIT_OMP(parallel num_threads(nt))
  {
    const int t = detail::thread_index();
    std::uint32_t done = 0;
    ONAKIT_OMP(for schedule(dynamic, 16))
    for (std::int64_t i = 0; i < count; ++i) {
      if (stop.load(std::memory_order_relaxed)) continue;
      if (t == 0 && interrupt && (++done & 63u) == 0 && interrupt()) stop.store(true);
      body(static_cast<vertex_id>(i), t);
    }
  }
  if (stop.load()) throw interrupted(computation);
}

/// Contacts of every person in the undirected view of g, as CSR: the
/// people tied to v in either direction, sorted, without v itself, each
/// once. `mutual` (if requested) holds the mutual weight w(v,u) + w(u,v) of
/// a directed graph, or w(v,u) of an undirected one (unit weights when
/// !weighted). O(n + m).
struct contact_lists {
  std::vector<edge_id> offsets;
  std::vector<vertex_id> targets;
  std::vector<weight_t> mutual;
  [[nodiscard]] std::size_t degree(vertex_id v) const noexcept { return offsets[v + 1] - offsets[v]; }
};

inline contact_lists make_contact_lists(const graph& g, bool weighted, bool with_weights) {
  contact_lists c;
  const vertex_id n = g.num_vertices();
  c.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  c.targets.reserve(g.directed() ? 2 * static_cast<std::size_t>(g.num_arcs()) : g.num_arcs());
  if (with_weights) c.mutual.reserve(c.targets.capacity());
  const auto wt = [&](weight_t w) { return weighted ? w : 1.0; };
  for (vertex_id v = 0; v < n; ++v) {
    const auto out = g.out_neighbors(v);
    const auto ow = g.out_weights(v);
    if (!g.directed()) {
      for (std::size_t k = 0; k < out.size(); ++k)
        if (out[k] != v) {
          c.targets.push_back(out[k]);
          if (with_weights) c.mutual.push_back(wt(ow[k]));
        }
    } else {
      // Merge the sorted out- and in-rows.
      const auto in = g.in_neighbors(v);
      const auto ie = g.in_edge_ids(v);
      const auto all_w = g.out_weights();
      std::size_t a = 0, b = 0;
      while (a < out.size() || b < in.size()) {
        vertex_id u;
        weight_t w = 0;
        if (b == in.size() || (a < out.size() && out[a] < in[b])) {
          u = out[a];
          w = wt(ow[a++]);
        } else if (a == out.size() || in[b] < out[a]) {
          u = in[b];
          w = wt(all_w[ie[b++]]);
        } else {
          u = out[a];
          w = wt(ow[a++]) + wt(all_w[ie[b++]]);
        }
        if (u == v) continue;
        c.targets.push_back(u);
        if (with_weights) c.mutual.push_back(w);
      }
    }
    c.offsets[static_cast<std::size_t>(v) + 1] = static_cast<edge_id>(c.targets.size());
  }
  return c;
}

}  // namespace onakit::detail
