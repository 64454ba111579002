#pragma once
/// \file modularity.hpp
/// How well the groups partition the ties: Newman–Girvan modularity
/// (Leicht–Newman when directed) and Newman's attribute assortativity.
///
/// Both are computed from the group mixing matrices (mixing.hpp) over the
/// ties among grouped people; ties touching a person without a group are
/// left out (as if those people were not in the graph), which is what
/// networkx computes on the subgraph of grouped people.
///
/// ## Modularity
/// M. E. J. Newman & M. Girvan, Phys. Rev. E 69, 026113 (2004); directed:
/// E. A. Leicht & M. E. J. Newman, PRL 100, 118703 (2008); resolution γ:
/// Reichardt & Bornholdt, PRE 74, 016110 (2006). Equal to
/// networkx.community.modularity(G, groups, weight, resolution):
///   undirected  Q = sum_c [ L_c / m  -  γ (d_c / 2m)^2 ]
///   directed    Q = sum_c [ L_c / m  -  γ d_c^out d_c^in / m^2 ]
/// m = total tie weight (each tie once, self-ties included), L_c = weight of
/// the ties inside c (each once), d_c = weighted degree sum of c's members
/// (an undirected self-tie counts twice, networkx's convention). NaN if m=0.
///
/// ## Attribute assortativity
/// M. E. J. Newman, "Mixing patterns in networks", PRE 67, 026126 (2003),
/// eq. 2: with e the arc matrix normalised to sum 1 (mixing.hpp; an
/// undirected tie counted in both directions, a self-tie once),
///   r = (tr e - sum_ij (e^2)_ij) / (1 - sum_ij (e^2)_ij).
/// Equal to networkx.attribute_assortativity_coefficient, which counts
/// ties, not weights: use weighted = false (the default) for that. NaN if
/// there are no ties or the denominator is 0 (all ties in one group).
///
/// ## Complexity
/// O(n + m + k^2).
///
/// ## Example
/// \code
///   double q = onakit::modularity(g, dept, 4, {.resolution = 1.0});
///   double r = onakit::assortativity(g, dept, 4);
/// \endcode

#include <onakit/silo/mixing.hpp>

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace onakit::inline v0_1 {

struct modularity_options {
  double resolution = 1.0;  ///< γ >= 0
  bool weighted = true;     ///< tie weights (true) or unit weights
};

namespace detail {
inline double modularity_of(const mixing_result& mx, double resolution) {
  const std::uint32_t k = mx.groups;
  const double m = mx.total;
  if (!(m > 0)) return std::numeric_limits<double>::quiet_NaN();
  double q = 0;
  for (std::uint32_t c = 0; c < k; ++c) {
    double out = 0, in = 0;
    for (std::uint32_t h = 0; h < k; ++h) {
      out += mx.arcs[std::size_t{c} * k + h];
      in += mx.arcs[std::size_t{h} * k + c];
    }
    if (mx.directed) {
      q += mx.ties[std::size_t{c} * k + c] / m - resolution * out * in / (m * m);
    } else {
      const double d = out + mx.self[c];  // a self-tie counts twice in the degree
      q += mx.ties[std::size_t{c} * k + c] / m - resolution * d * d / (4 * m * m);
    }
  }
  return q;
}
}  // namespace detail

/// Modularity of the partition of grouped people into k groups.
/// Throws invalid_option for a bad group vector or a negative resolution.
[[nodiscard]] inline double modularity(const graph& g, std::span<const std::uint32_t> group, std::uint32_t k,
                                       const modularity_options& opt = {}) {
  if (!(opt.resolution >= 0)) throw invalid_option("modularity: resolution must be >= 0");
  detail::check_groups(g, group, k, "modularity");
  return detail::modularity_of(detail::mixing_of(g, group, k, {.weighted = opt.weighted}), opt.resolution);
}

/// Attribute assortativity of the groups (ties counted unless `weighted`).
/// \throws invalid_option (`assortativity: ...`) if group.size() != n or a code is >= k.
[[nodiscard]] inline double assortativity(const graph& g, std::span<const std::uint32_t> group, std::uint32_t k,
                                          bool weighted = false) {
  detail::check_groups(g, group, k, "assortativity");
  const auto mx = detail::mixing_of(g, group, k, {.weighted = weighted});
  double sum = 0;
  for (const double x : mx.arcs) sum += x;
  if (!(sum > 0)) return std::numeric_limits<double>::quiet_NaN();
  double tr = 0, s = 0;
  for (std::uint32_t c = 0; c < k; ++c) {
    double row = 0, col = 0;
    for (std::uint32_t h = 0; h < k; ++h) {
      row += mx.arcs[std::size_t{c} * k + h];
      col += mx.arcs[std::size_t{h} * k + c];
    }
    tr += mx.arcs[std::size_t{c} * k + c] / sum;
    s += (row / sum) * (col / sum);
  }
  return 1 - s != 0 ? (tr - s) / (1 - s) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace onakit
