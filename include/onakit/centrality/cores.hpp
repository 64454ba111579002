#pragma once
/// \file cores.hpp
/// k-core decomposition: the core number of every person. Equals
/// networkx.core_number.
///
/// ## Definition
/// The k-core is the largest subgraph in which every person has degree >= k;
/// a person's core number is the largest k whose k-core contains them
/// (Seidman, "Network structure and minimum degree", Social Networks 5,
/// 1983). Degree is the number of ties ignoring direction; a directed graph
/// uses in-degree + out-degree, so a reciprocated pair counts twice, as
/// networkx does.
///
/// Self-ties are ignored (networkx refuses graphs with self-loops; on a
/// graph without them both agree).
///
/// ## Algorithm and complexity
/// Batagelj & Zaversnik, "An O(m) algorithm for cores decomposition of
/// networks", arXiv cs/0310049, 2003: bucket sort by degree, peel the person
/// of lowest current degree. O(n + m) time and memory; sequential.
///
/// ## Example
/// \code
///   auto r = onakit::core_number(g);
///   std::uint32_t k0 = r.core[0];
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/graph/graph.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace onakit::inline v0_1 {

struct core_number_options {
  interrupt_check interrupt{};  ///< polled every 65536 people peeled
};

struct core_number_result {
  std::vector<std::uint32_t> core;  ///< core number, indexed by vertex_id
  std::uint32_t degeneracy = 0;     ///< the largest core number (0 if empty)
};

/// Core number of every person (see the file comment).
/// \throws interrupted when `interrupt` asks to stop.
[[nodiscard]] inline core_number_result core_number(const graph& g, const core_number_options& opt = {}) {
  const vertex_id n = g.num_vertices();
  const bool directed = g.directed();
  std::vector<std::uint32_t> deg(n, 0);
  // Neighbours in the multigraph sense: out-row then (directed) in-row.
  const auto for_neighbours = [&](vertex_id v, auto&& fn) {
    for (const vertex_id u : g.out_neighbors(v))
      if (u != v) fn(u);
    if (directed)
      for (const vertex_id u : g.in_neighbors(v))
        if (u != v) fn(u);
  };
  std::uint32_t md = 0;
  for (vertex_id v = 0; v < n; ++v) {
    for_neighbours(v, [&](vertex_id) { ++deg[v]; });
    md = std::max(md, deg[v]);
  }
  // bin[d] = first position of degree d in vert (sorted by degree).
  std::vector<std::uint32_t> bin(static_cast<std::size_t>(md) + 2, 0), pos(n), vert(n);
  for (vertex_id v = 0; v < n; ++v) ++bin[deg[v] + 1];
  for (std::size_t d = 1; d < bin.size(); ++d) bin[d] += bin[d - 1];
  {
    std::vector<std::uint32_t> next(bin.begin(), bin.end() - 1);
    for (vertex_id v = 0; v < n; ++v) {
      pos[v] = next[deg[v]]++;
      vert[pos[v]] = v;
    }
  }
  detail::poll(opt.interrupt, "core_number");
  for (std::uint32_t i = 0; i < n; ++i) {
    if ((i & 0xFFFFu) == 0xFFFFu) detail::poll(opt.interrupt, "core_number");
    const vertex_id v = vert[i];
    for_neighbours(v, [&](vertex_id u) {
      if (deg[u] > deg[v]) {
        // Move u to the front of its bucket, then shrink the bucket.
        const std::uint32_t du = deg[u], pu = pos[u], pw = bin[du];
        const vertex_id w = vert[pw];
        if (u != w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        ++bin[du];
        --deg[u];
      }
    });
  }
  core_number_result r;
  r.core = std::move(deg);
  for (const auto k : r.core) r.degeneracy = std::max(r.degeneracy, k);
  return r;
}

}  // namespace onakit
