#pragma once
/// \file boundary.hpp
/// Boundary spanners: the people who carry a group's ties to other groups.
///
/// ## Definitions (per person v with a group; NaN / 0 for people without one)
/// Over v's ties to other grouped people (out and in when directed; ties to
/// people without a group and self-ties left out), weighted or counted:
///   - internal, external: v's tie weight to its own group / to other groups;
///   - external_share = external / (internal + external) (NaN without ties);
///   - groups_reached: the number of *other* groups v has a tie with (either
///     direction);
///   - Gould–Fernandez brokerage roles (coordinator, itinerant,
///     representative, gatekeeper, liaison, total), computed by
///     onakit::brokerage (centrality/brokerage.hpp) with the same group codes;
///     people without a group count there as one more group;
///   - sole_bridge_pairs: the number of pairs of groups {A, B}, A != B, that
///     are directly tied and for which *every* tie between A and B is
///     incident to v, so removing v cuts the direct link between A and B.
///     (If A and B share a single tie u - w, both u and w are sole bridges.)
///     The pairs themselves are listed in sole_bridge_person / _group_a /
///     _group_b (group_a < group_b, sorted by the pair, then the person).
///     This is the cheap, local notion of "removing v disconnects a pair of
///     groups": A and B may still be connected through a third group.
///
/// ## Complexity
/// O(n + m) for the tie shares and sole bridges (expected, hash map over
/// tied group pairs), plus brokerage's O(sum_b in(b) out(b) log d).
///
/// ## Example
/// \code
///   auto b = onakit::boundary_spanners(g, dept, 4);
///   if (b.sole_bridge_pairs[v] > 0) ...   // v alone links two departments
/// \endcode

#include <onakit/centrality/brokerage.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/silo/mixing.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

struct boundary_options {
  bool weighted = true;
  int threads = 0;               ///< for the brokerage roles; results do not depend on it
  interrupt_check interrupt{};
};

struct boundary_result {
  std::vector<double> internal, external, external_share;  ///< per person
  std::vector<std::uint32_t> groups_reached, sole_bridge_pairs;  ///< per person
  /// Every (person, pair of groups) of sole_bridge_pairs, as three columns.
  std::vector<vertex_id> sole_bridge_person;
  std::vector<std::uint32_t> sole_bridge_group_a, sole_bridge_group_b;
  brokerage_result roles;
};

/// Boundary-spanning figures of every person for k groups.
/// \throws invalid_option (`boundary_spanners: ...`) for a bad group vector or `threads`
///         out of range.
[[nodiscard]] inline boundary_result boundary_spanners(const graph& g, std::span<const std::uint32_t> group,
                                                       std::uint32_t k, const boundary_options& opt = {}) {
  detail::check_groups(g, group, k, "boundary_spanners");
  detail::check_threads(opt.threads);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const vertex_id n = g.num_vertices();
  boundary_result r;
  r.internal.assign(n, 0);
  r.external.assign(n, 0);
  r.external_share.assign(n, nan);
  r.groups_reached.assign(n, 0);
  r.sole_bridge_pairs.assign(n, 0);

  // Candidates for "every A-B tie touches v": the intersection of the
  // endpoint sets of the A-B ties, at most two people.
  std::unordered_map<std::uint64_t, std::pair<vertex_id, vertex_id>> pairs;
  detail::for_each_tie(g, opt.weighted, [&](vertex_id u, vertex_id v, double w) {
    const std::uint32_t a = group[u], b = group[v];
    if (u == v || a == no_group || b == no_group) return;
    if (a == b) {
      r.internal[u] += w;
      r.internal[v] += w;
      return;
    }
    r.external[u] += w;
    r.external[v] += w;
    const std::uint64_t key = (std::uint64_t{std::min(a, b)} << 32) | std::max(a, b);
    auto [it, fresh] = pairs.try_emplace(key, u, v);
    if (fresh) return;
    auto& [c1, c2] = it->second;
    if (c1 != u && c1 != v) c1 = null_vertex;
    if (c2 != u && c2 != v) c2 = null_vertex;
  });
  std::vector<std::pair<std::uint64_t, vertex_id>> sole;  // (pair key, person), sorted below
  for (const auto& [key, c] : pairs)
    for (const vertex_id p : {c.first, c.second})
      if (p != null_vertex) {
        ++r.sole_bridge_pairs[p];
        sole.emplace_back(key, p);
      }
  std::sort(sole.begin(), sole.end());  // the hash map's order is not stable
  for (const auto& [key, p] : sole) {
    r.sole_bridge_person.push_back(p);
    r.sole_bridge_group_a.push_back(static_cast<std::uint32_t>(key >> 32));
    r.sole_bridge_group_b.push_back(static_cast<std::uint32_t>(key & 0xffffffffU));
  }

  std::vector<vertex_id> stamp(k, null_vertex);
  for (vertex_id v = 0; v < n; ++v) {
    const std::uint32_t a = group[v];
    if (a == no_group) {
      r.internal[v] = r.external[v] = nan;
      continue;
    }
    const double t = r.internal[v] + r.external[v];
    if (t > 0) r.external_share[v] = r.external[v] / t;
    auto visit = [&](std::span<const vertex_id> nb) {
      for (const vertex_id u : nb) {
        const std::uint32_t b = group[u];
        if (b == no_group || b == a || stamp[b] == v) continue;
        stamp[b] = v;
        ++r.groups_reached[v];
      }
    };
    visit(g.out_neighbors(v));
    if (g.directed()) visit(g.in_neighbors(v));
  }
  r.roles = brokerage(g, group, {.threads = opt.threads, .interrupt = opt.interrupt});
  return r;
}

}  // namespace onakit
