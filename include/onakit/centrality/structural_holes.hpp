#pragma once
/// \file structural_holes.hpp
/// Burt's structural-hole measures: constraint, effective size, efficiency
/// and hierarchy of each person's ego network (R. S. Burt, "Structural
/// Holes: The Social Structure of Competition", Harvard University Press,
/// 1992, ch. 2). Constraint and effective size equal networkx.constraint
/// and networkx.effective_size.
///
/// ## Definitions
/// Mutual weight of i and j: m_ij = a_ij + a_ji (a = tie weight, or 1 when
/// !weighted; an undirected tie counts on both sides, as networkx). The
/// contacts N(i) are the people j != i with m_ij > 0; n_i = |N(i)|.
///
///     p_ij = m_ij / sum_k m_ik                      (proportional tie strength)
///     c_ij = (p_ij + sum_{q in N(i)} p_iq p_qj)^2   (local constraint, q != i, j)
///     constraint      C_i = sum_{j in N(i)} c_ij
///     effective size  E_i = sum_{j in N(i)} (1 - sum_{q in N(i)} p_iq m_jq / max_k m_jk)
///     efficiency      F_i = E_i / n_i
///     hierarchy       H_i = sum_{j in N(i)} r_j ln r_j / (n_i ln n_i),   r_j = c_ij / (C_i / n_i)
///
/// Hierarchy is Burt's Coleman–Theil concentration of the constraint over
/// the contacts: 0 when every contact constrains i equally, towards 1 when
/// one contact holds all of it. networkx has no hierarchy function.
///
/// People without contacts get NaN for all four (as networkx); hierarchy is
/// also NaN for people with one contact (0/0). Self-ties are ignored:
/// networkx counts a self-loop as a mutual weight of i with itself, so on a
/// graph with self-loops compare with networkx after removing them.
///
/// ## Complexity
/// O(sum_i sum_{j in N(i)} |N(j)|) = O(sum_j |N(j)|^2) time, O(n + m) memory
/// plus O(n) per thread; parallel over people, results independent of the
/// thread count.
///
/// ## Example
/// \code
///   auto sh = onakit::structural_holes(g, {.weighted = true});
///   double c0 = sh.constraint[0], e0 = sh.effective_size[0];
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/centrality/detail/local.hpp>
#include <onakit/graph/graph.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace onakit::inline v0_1 {

struct structural_holes_options {
  bool weighted = true;      ///< tie weights as a_ij (false: every tie 1)
  int threads = 0;           ///< 0 = OpenMP default
  interrupt_check interrupt{}; ///< polled between people
};

/// The four measures, each indexed by vertex_id.
struct structural_holes_result {
  std::vector<double> constraint;
  std::vector<double> effective_size;
  std::vector<double> efficiency;
  std::vector<double> hierarchy;
};

/// Burt's constraint, effective size, efficiency and hierarchy in one pass.
/// \throws invalid_option for `threads` out of range; interrupted when `interrupt` asks to stop.
[[nodiscard]] inline structural_holes_result structural_holes(const graph& g,
                                                              const structural_holes_options& opt = {}) {
  detail::check_threads(opt.threads);
  const vertex_id n = g.num_vertices();
  const auto c = detail::make_contact_lists(g, opt.weighted, true);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Row sums and maxima of the mutual weights.
  std::vector<double> sum(n, 0.0), mx(n, 0.0);
  for (vertex_id v = 0; v < n; ++v)
    for (edge_id e = c.offsets[v]; e < c.offsets[v + 1]; ++e) {
      sum[v] += c.mutual[e];
      mx[v] = std::max(mx[v], c.mutual[e]);
    }
  structural_holes_result r;
  r.constraint.assign(n, nan);
  r.effective_size.assign(n, nan);
  r.efficiency.assign(n, nan);
  r.hierarchy.assign(n, nan);
  const int nt = detail::thread_count(opt.threads, n);
  struct scratch {
    std::vector<double> p, indirect;
  };
  std::vector<scratch> tls(static_cast<std::size_t>(nt));
  detail::for_each_person(n, nt, opt.interrupt, "structural_holes", [&](vertex_id v, int t) {
    if (!(sum[v] > 0)) return;
    auto& s = tls[static_cast<std::size_t>(t)];
    if (s.p.empty()) s.p.assign(n, 0.0), s.indirect.assign(n, 0.0);
    const edge_id b = c.offsets[v], e = c.offsets[v + 1];
    std::size_t contacts = 0;
    for (edge_id k = b; k < e; ++k)
      if (c.mutual[k] > 0) s.p[c.targets[k]] = c.mutual[k] / sum[v], ++contacts;
    double eff = 0;
    for (edge_id k = b; k < e; ++k) {
      const vertex_id q = c.targets[k];
      const double pq = s.p[q];
      if (!(pq > 0)) continue;
      double redundancy = 0;  // sum_{x in N(v)} p_vx m_qx
      for (edge_id h = c.offsets[q]; h < c.offsets[q + 1]; ++h) {
        const vertex_id x = c.targets[h];
        const double px = s.p[x];
        if (!(px > 0)) continue;
        s.indirect[x] += pq * c.mutual[h] / sum[q];
        redundancy += px * c.mutual[h];
      }
      eff += 1.0 - redundancy / mx[q];
    }
    double total = 0;
    for (edge_id k = b; k < e; ++k) {
      const vertex_id j = c.targets[k];
      if (!(s.p[j] > 0)) continue;
      const double lc = (s.p[j] + s.indirect[j]) * (s.p[j] + s.indirect[j]);
      s.indirect[j] = lc;  // keep c_vj for the hierarchy
      total += lc;
    }
    double h = nan;
    if (contacts > 1 && total > 0) {
      const auto nc = static_cast<double>(contacts);
      double acc = 0;
      for (edge_id k = b; k < e; ++k) {
        const vertex_id j = c.targets[k];
        if (!(s.p[j] > 0)) continue;
        const double rj = s.indirect[j] * nc / total;
        if (rj > 0) acc += rj * std::log(rj);
      }
      h = acc / (nc * std::log(nc));
    }
    for (edge_id k = b; k < e; ++k) s.p[c.targets[k]] = 0.0, s.indirect[c.targets[k]] = 0.0;
    r.constraint[v] = total;
    r.effective_size[v] = eff;
    r.efficiency[v] = eff / static_cast<double>(contacts);
    r.hierarchy[v] = h;
  });
  return r;
}

/// Burt's constraint C_i (see the file comment) in `scores`, like every
/// measure; NaN for people without contacts. (Returned a plain vector
/// before: take `.scores`.) The four measures come in one pass from
/// structural_holes(); call it when you need more than one.
/// \throws as structural_holes().
[[nodiscard]] inline centrality_result constraint(const graph& g, const structural_holes_options& opt = {}) {
  return {structural_holes(g, opt).constraint};
}
/// Burt's effective size E_i in `scores`; NaN for people without contacts.
/// \throws as structural_holes().
[[nodiscard]] inline centrality_result effective_size(const graph& g, const structural_holes_options& opt = {}) {
  return {structural_holes(g, opt).effective_size};
}
/// Burt's efficiency E_i / n_i in `scores`; NaN for people without contacts.
/// \throws as structural_holes().
[[nodiscard]] inline centrality_result efficiency(const graph& g, const structural_holes_options& opt = {}) {
  return {structural_holes(g, opt).efficiency};
}
/// Burt's hierarchy H_i in `scores`; NaN for people with fewer than two contacts.
/// \throws as structural_holes().
[[nodiscard]] inline centrality_result hierarchy(const graph& g, const structural_holes_options& opt = {}) {
  return {structural_holes(g, opt).hierarchy};
}

}  // namespace onakit
