#pragma once
/// \file core_periphery.hpp
/// Continuous core–periphery model: a coreness per person such that ties
/// are dense among high-coreness people and sparse among low ones.
///
/// ## Definition
/// S. P. Borgatti & M. G. Everett, "Models of core/periphery structures",
/// Social Networks 21, 2000, continuous model (as UCINET's "continuous"
/// core/periphery): find c >= 0 such that the pattern c_i c_j fits the tie
/// matrix X off the diagonal. We minimise the least-squares loss
///
///     L(c) = sum_{i != j} (x_ij - c_i c_j)^2
///
/// by exact coordinate descent (Gauss–Seidel minres): each sweep sets, in
/// person order,
///
///     c_i <- sum_{j != i} x_ij c_j / sum_{j != i} c_j^2
///
/// which never increases L. X is the 0/1 adjacency (or the tie weights when
/// `weighted`), without self-ties; a directed graph is symmetrised,
/// x_ij = (a_ij + a_ji) / 2, which is the least-squares fit of c_i c_j to
/// both a_ij and a_ji. The start is c_i = 0.5 + u_i with u_i uniform in
/// [0, 1) from `seed`; it converges to the same pattern from any positive
/// start on connected graphs.
///
/// Scores are returned with unit Euclidean norm (sum_i c_i^2 = 1). The fit is
/// Borgatti & Everett's criterion: the Pearson correlation over the ordered
/// pairs i != j of x_ij and c_i c_j (NaN if either is constant).
///
/// ## Complexity
/// O(n + m) per sweep; sequential (each update uses the previous ones).
///
/// ## Example
/// \code
///   auto r = onakit::core_periphery(g, {.max_iter = 500, .seed = 1});
///   double fit = r.fit;  // ~ 1 for a perfect core/periphery
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/centrality/detail/local.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace onakit::inline v0_1 {

struct core_periphery_options {
  std::uint32_t max_iter = 1000;  ///< sweeps at most
  double tol = 1e-10;             ///< stop when sum |Δc_i| <= tol * sum c_i
  std::uint64_t seed = 0;         ///< starting vector
  bool weighted = false;          ///< tie weights as x_ij (false: 0/1)
  interrupt_check interrupt{};      ///< polled every sweep
};

struct core_periphery_result {
  std::vector<double> scores;    ///< coreness c_i, unit Euclidean norm, by vertex_id
  double fit = 0.0;              ///< Pearson correlation of x_ij and c_i c_j, i != j
  std::uint32_t iterations = 0;  ///< sweeps used
  bool converged = false;
  double residual = 0.0;         ///< last sum |Δc_i| / sum c_i
};

/// Borgatti–Everett continuous coreness (see the file comment).
/// \throws invalid_option for `max_iter` 0 or a negative `tol`;
///         interrupted when `interrupt` asks to stop.
[[nodiscard]] inline core_periphery_result core_periphery(const graph& g, const core_periphery_options& opt = {}) {
  if (opt.max_iter == 0) throw invalid_option("core_periphery: max_iter must be >= 1");
  if (!(opt.tol >= 0)) throw invalid_option("core_periphery: tol must be >= 0");
  const vertex_id n = g.num_vertices();
  auto x = detail::make_contact_lists(g, opt.weighted, true);
  if (g.directed())
    for (auto& w : x.mutual) w *= 0.5;
  core_periphery_result r;
  std::vector<double>& c = r.scores;
  c.resize(n);
  detail::xoshiro256ss rng(opt.seed);
  for (auto& ci : c) ci = 0.5 + static_cast<double>(rng.next() >> 11) * 0x1.0p-53;
  for (std::uint32_t it = 0; it < opt.max_iter; ++it) {
    detail::poll(opt.interrupt, "core_periphery");
    double s2 = 0, s1 = 0, delta = 0;
    for (const double ci : c) s2 += ci * ci;
    for (vertex_id i = 0; i < n; ++i) {
      double num = 0;
      for (edge_id e = x.offsets[i]; e < x.offsets[i + 1]; ++e) num += x.mutual[e] * c[x.targets[e]];
      const double den = s2 - c[i] * c[i];
      const double next = den > 0 ? num / den : 0.0;
      s2 += next * next - c[i] * c[i];
      delta += std::abs(next - c[i]);
      c[i] = next;
      s1 += next;
    }
    r.iterations = it + 1;
    r.residual = s1 > 0 ? delta / s1 : 0.0;
    if (r.residual <= opt.tol) {
      r.converged = true;
      break;
    }
  }
  double norm = 0;
  for (const double ci : c) norm += ci * ci;
  norm = std::sqrt(norm);
  if (norm > 0)
    for (auto& ci : c) ci /= norm;
  // Pearson correlation over the n(n-1) ordered pairs, from sums in O(n + m).
  const double pairs = static_cast<double>(n) * (static_cast<double>(n) - 1);
  double sc = 0, sc2 = 0, sc4 = 0, sx = 0, sxx = 0, sxy = 0;
  for (vertex_id i = 0; i < n; ++i) {
    sc += c[i];
    sc2 += c[i] * c[i];
    sc4 += c[i] * c[i] * c[i] * c[i];
    for (edge_id e = x.offsets[i]; e < x.offsets[i + 1]; ++e) {
      const double w = x.mutual[e];
      sx += w;
      sxx += w * w;
      sxy += w * c[i] * c[x.targets[e]];
    }
  }
  const double sy = sc * sc - sc2, syy = sc2 * sc2 - sc4;
  r.fit = std::numeric_limits<double>::quiet_NaN();
  if (pairs > 0) {
    const double mx = sx / pairs, my = sy / pairs;
    const double cov = sxy / pairs - mx * my;
    const double vx = sxx / pairs - mx * mx, vy = syy / pairs - my * my;
    if (vx > 0 && vy > 0) r.fit = cov / std::sqrt(vx * vy);
  }
  return r;
}

}  // namespace onakit
