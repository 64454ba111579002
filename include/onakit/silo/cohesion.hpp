#pragma once
/// \file cohesion.hpp
/// Per-group insularity and conductance: how much of a group's tie weight
/// stays inside, and how thin its boundary is relative to its volume.
///
/// ## Definitions
/// Over the ties among grouped people (ties touching a person without a
/// group are left out, as in mixing.hpp), with weights (or counts when
/// !weighted):
///   - internal_c = weight of ties with both ends in c, each once, self-ties
///     excluded; external_c = weight of ties with exactly one end in c (out
///     of or into c when directed) = cut(c, rest).
///   - insularity_c = internal_c / (internal_c + external_c), in [0, 1]
///     (= (1 - EI_c) / 2 with the group E-I of ei_index.hpp); NaN without
///     ties. The organisation's insularity is the same share over all ties:
///     sum_c internal_c / (sum_c internal_c + ties between groups).
///   - conductance_c = cut(c, rest) / min(vol(c), vol(rest)), with vol(S) =
///     the sum of the weighted degrees of S's members. Degree of an
///     undirected graph: tie weights with a self-tie counted twice (networkx's
///     convention, so conductance equals networkx.conductance); of a
///     directed graph: out-weight + in-weight (networkx's volume uses the
///     out-degree only, so the directed value differs from networkx's on
///     purpose: a group that only receives is not "volume-less"). rest =
///     the other grouped people. NaN when min(vol) = 0. Smaller = more
///     separated (Kannan, Vempala & Vetta, J. ACM 51(3), 2004).
///
/// ## Complexity
/// O(n + m + k^2).
///
/// ## Example
/// \code
///   auto c = onakit::group_cohesion(g, dept, 4);
///   double share_inside = c.insularity[2];
/// \endcode

#include <onakit/silo/mixing.hpp>

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace onakit::inline v0_1 {

/// Insularity: the share internal / (internal + external) of a group's (or
/// the organisation's) tie weight that stays inside; NaN without ties. The
/// one definition used by group_cohesion, ei_index and silo_report.
/// \throws nothing.
[[nodiscard]] inline double insularity_of(double internal, double external) {
  const double t = internal + external;
  return t > 0 ? internal / t : std::numeric_limits<double>::quiet_NaN();
}

struct cohesion_options {
  bool weighted = true;
};

struct cohesion_result {
  std::vector<double> internal, external, insularity, volume, conductance;  ///< per group
  double org_insularity = 0;
  std::uint64_t ungrouped_ties = 0;
  double ungrouped_weight = 0;
};

namespace detail {
inline cohesion_result cohesion_of(const mixing_result& mx) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const std::uint32_t k = mx.groups;
  cohesion_result r;
  r.ungrouped_ties = mx.ungrouped_ties;
  r.ungrouped_weight = mx.ungrouped_weight;
  r.internal.assign(k, 0);
  r.external.assign(k, 0);
  r.volume.assign(k, 0);
  double vol_all = 0, tin = 0, tex = 0;
  for (std::uint32_t c = 0; c < k; ++c) {
    double row = 0, col = 0, ex = 0;
    for (std::uint32_t h = 0; h < k; ++h) {
      const double a = mx.arcs[std::size_t{c} * k + h], b = mx.arcs[std::size_t{h} * k + c];
      row += a;
      col += b;
      if (h != c) ex += mx.directed ? a + b : a;
      if (h != c && (mx.directed || h > c)) tex += a;
    }
    r.internal[c] = mx.ties[std::size_t{c} * k + c] - mx.self[c];
    r.external[c] = ex;
    r.volume[c] = mx.directed ? row + col : row + mx.self[c];
    vol_all += r.volume[c];
    tin += r.internal[c];
  }
  r.insularity.resize(k);
  r.conductance.resize(k);
  for (std::uint32_t c = 0; c < k; ++c) {
    r.insularity[c] = insularity_of(r.internal[c], r.external[c]);
    const double lo = std::min(r.volume[c], vol_all - r.volume[c]);
    r.conductance[c] = lo > 0 ? r.external[c] / lo : nan;
  }
  r.org_insularity = insularity_of(tin, tex);
  return r;
}
}  // namespace detail

/// Insularity and conductance of each of the k groups.
/// \throws invalid_option (`group_cohesion: ...`) if group.size() != n or a code is >= k.
[[nodiscard]] inline cohesion_result group_cohesion(const graph& g, std::span<const std::uint32_t> group,
                                                    std::uint32_t k, const cohesion_options& opt = {}) {
  detail::check_groups(g, group, k, "group_cohesion");
  return detail::cohesion_of(detail::mixing_of(g, group, k, {.weighted = opt.weighted}));
}

}  // namespace onakit
