#pragma once
/// \file clustering.hpp
/// Local clustering coefficient: how many of a person's contacts are tied to
/// each other. Equals networkx.clustering on the same graph.
///
/// ## Definition
/// Undirected (Watts & Strogatz, "Collective dynamics of 'small-world'
/// networks", Nature 1998), for person i with d_i contacts (self-ties ignored):
///
///     c_i = 2 T_i / (d_i (d_i - 1)),    T_i = triangles through i
///
/// Directed (Fagiolo, "Clustering in complex directed networks", Phys. Rev.
/// E 76, 2007), with A the 0/1 adjacency without self-ties, d_i^tot =
/// in- plus out-degree and d_i^<-> the number of reciprocated contacts:
///
///     c_i = (A + A^T)^3_ii / (2 (d_i^tot (d_i^tot - 1) - 2 d_i^<->))
///
/// Weighted (Onnela, Saramäki, Kertész & Kaski, Phys. Rev. E 71, 2005, as
/// networkx): every 0/1 entry of a triangle is replaced by the weight
/// divided by the largest weight of the graph, ŵ = w / max(w) (self-ties
/// included in the maximum, as networkx), and a triangle counts
/// (ŵ_ij ŵ_jk ŵ_ki)^(1/3); the directed case sums the cube roots over the
/// 8 orientations as Fagiolo's weighted formula. c_i = 0 when there is no
/// triangle (and for people with fewer than two contacts).
///
/// ## Complexity
/// O(sum_v deg(v)^2) time, O(n) memory per thread; parallel over people,
/// results independent of the thread count.
///
/// ## Example
/// \code
///   auto r = onakit::clustering(g, {.weighted = true});
///   double c0 = r.scores[0];
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/centrality/detail/local.hpp>
#include <onakit/graph/graph.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace onakit::inline v0_1 {

struct clustering_options {
  bool weighted = false;     ///< geometric mean of ŵ = w / max(w) per triangle
  int threads = 0;           ///< 0 = OpenMP default
  interrupt_check interrupt{}; ///< polled between people
};

/// Local clustering coefficient of every person (see the file comment).
/// \throws invalid_option for `threads` out of range; interrupted when `interrupt` asks to stop.
[[nodiscard]] inline centrality_result clustering(const graph& g, const clustering_options& opt = {}) {
  detail::check_threads(opt.threads);
  const vertex_id n = g.num_vertices();
  centrality_result res;
  res.scores.assign(n, 0.0);
  weight_t max_w = 0;
  for (const weight_t w : g.out_weights()) max_w = std::max(max_w, w);
  if (!(max_w > 0)) max_w = 1;
  const bool weighted = opt.weighted;
  const bool directed = g.directed();
  // f(w): a tie's contribution to a triangle's geometric mean.
  const auto f = [&](weight_t w) { return weighted ? std::cbrt(w / max_w) : 1.0; };
  const int nt = detail::thread_count(opt.threads, n);
  std::vector<std::vector<double>> mark(static_cast<std::size_t>(nt));
  std::vector<std::vector<vertex_id>> contacts(static_cast<std::size_t>(nt)), stamp(static_cast<std::size_t>(nt));
  const auto all_w = g.out_weights();
  detail::for_each_person(n, nt, opt.interrupt, "clustering", [&](vertex_id v, int t) {
    auto& m = mark[static_cast<std::size_t>(t)];
    auto& cs = contacts[static_cast<std::size_t>(t)];
    auto& seen = stamp[static_cast<std::size_t>(t)];
    if (m.empty()) m.assign(n, 0.0), seen.assign(n, null_vertex);
    cs.clear();
    const auto add = [&](vertex_id k, double x) {
      if (seen[k] != v) seen[k] = v, cs.push_back(k);
      m[k] += x;
    };
    // m[k] = f(w_vk) (+ f(w_kv) when directed) for the contacts k of v.
    const auto out = g.out_neighbors(v);
    const auto ow = g.out_weights(v);
    std::size_t d_out = 0, d_in = 0, d_both = 0;
    for (std::size_t k = 0; k < out.size(); ++k) {
      if (out[k] == v) continue;
      ++d_out;
      add(out[k], f(ow[k]));
    }
    if (directed) {
      const auto in = g.in_neighbors(v);
      const auto ie = g.in_edge_ids(v);
      for (std::size_t k = 0; k < in.size(); ++k) {
        if (in[k] == v) continue;
        ++d_in;
        if (seen[in[k]] == v) ++d_both;  // already met in the out-row
        add(in[k], f(all_w[ie[k]]));
      }
    }
    double tri = 0;
    for (const vertex_id j : cs) {
      double s = 0;
      const auto jo = g.out_neighbors(j);
      const auto jw = g.out_weights(j);
      for (std::size_t k = 0; k < jo.size(); ++k)
        if (jo[k] != j) s += f(jw[k]) * m[jo[k]];
      if (directed) {
        const auto ji = g.in_neighbors(j);
        const auto je = g.in_edge_ids(j);
        for (std::size_t k = 0; k < ji.size(); ++k)
          if (ji[k] != j) s += f(all_w[je[k]]) * m[ji[k]];
      }
      tri += m[j] * s;
    }
    for (const vertex_id j : cs) m[j] = 0.0;
    double denom;
    if (directed) {
      const auto dt = static_cast<double>(d_out + d_in);
      denom = 2.0 * (dt * (dt - 1) - 2.0 * static_cast<double>(d_both));
    } else {
      const auto d = static_cast<double>(d_out);
      denom = d * (d - 1);
    }
    res.scores[v] = (tri == 0.0 || denom <= 0) ? 0.0 : tri / denom;
  });
  return res;
}

}  // namespace onakit
