#pragma once
/// \file brokerage.hpp
/// Gould–Fernandez brokerage roles: how often each person sits in the
/// middle of an open two-path, classified by the groups of the three people.
///
/// ## Definition
/// R. V. Gould & R. M. Fernandez, "Structures of mediation: a formal
/// approach to brokerage in transaction networks", Sociological Methodology
/// 19, 1989. For every two-path a -> b -> c with a, b, c distinct and no tie
/// a -> c, the broker b scores one of five roles by the groups g(.):
///
///   coordinator     g(a) = g(b) = g(c)           (within one group)
///   itinerant       g(a) = g(c) != g(b)          (outside consultant)
///   representative  g(a) = g(b) != g(c)          (speaks for a's group)
///   gatekeeper      g(a) != g(b) = g(c)          (lets in to b's group)
///   liaison         g(a), g(b), g(c) all distinct
///
/// People without a group (code `no_group`, types.hpp) are never a group of
/// their own: a two-path with any of a, b, c ungrouped is not counted, so an
/// ungrouped person scores 0 in every role (the rule of the silo measures,
/// which leave out ties touching ungrouped people).
///
/// total = the sum of the five (b's open two-paths among grouped people). The direction of ties
/// matters; in an undirected graph every tie counts in both directions, so
/// a - b - c and c - b - a are both counted. Self-ties are ignored; tie
/// weights are not used. Raw counts only (no z-scores against a random
/// baseline).
///
/// ## Complexity
/// O(sum_b in(b) out(b) log out(a)) time, O(n) memory; parallel over people,
/// results independent of the thread count.
///
/// ## Example
/// \code
///   const auto gc = onakit::group_codes(g, dept_of_label);  // graph/groups.hpp
///   auto r = onakit::brokerage(g, gc.codes, gc.k);
///   std::uint64_t gk = r.gatekeeper[7];
/// \endcode

#include <onakit/centrality/common.hpp>
#include <onakit/centrality/detail/local.hpp>
#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace onakit::inline v0_1 {

struct brokerage_options {
  int threads = 0;           ///< 0 = OpenMP default
  interrupt_check interrupt{}; ///< polled between people
};

/// Role counts per person, indexed by vertex_id.
struct brokerage_result {
  std::vector<std::uint64_t> coordinator, itinerant, representative, gatekeeper, liaison, total;
};

/// The older form without `k` (any code other than no_group is a group).
/// Prefer brokerage(g, group, k, opt), the form of every group-level function.
[[nodiscard]] inline brokerage_result brokerage(const graph& g, std::span<const std::uint32_t> group,
                                                const brokerage_options& opt = {}) {
  detail::check_threads(opt.threads);
  const vertex_id n = g.num_vertices();
  if (group.size() != n)
    throw invalid_option("brokerage: " + std::to_string(group.size()) + " group ids for " + std::to_string(n) +
                         " people (give one group per person)");
  brokerage_result r;
  for (auto* col : {&r.coordinator, &r.itinerant, &r.representative, &r.gatekeeper, &r.liaison, &r.total})
    col->assign(n, 0);
  detail::for_each_person(n, opt.threads, opt.interrupt, "brokerage", [&](vertex_id b, int) {
    const std::uint32_t gb = group[b];
    std::uint64_t k[5] = {0, 0, 0, 0, 0};
    if (gb == no_group) {  // ungrouped: no roles (columns were zeroed above)
      return;
    }
    const auto out = g.out_neighbors(b);
    for (const vertex_id a : g.in_neighbors(b)) {
      if (a == b) continue;
      const std::uint32_t ga = group[a];
      if (ga == no_group) continue;
      for (const vertex_id c : out) {
        if (c == b || c == a || g.has_edge(a, c)) continue;
        const std::uint32_t gc = group[c];
        if (gc == no_group) continue;
        if (ga == gb) k[gb == gc ? 0 : 2]++;   // coordinator / representative
        else if (gb == gc) k[3]++;             // gatekeeper
        else k[ga == gc ? 1 : 4]++;            // itinerant / liaison
      }
    }
    r.coordinator[b] = k[0];
    r.itinerant[b] = k[1];
    r.representative[b] = k[2];
    r.gatekeeper[b] = k[3];
    r.liaison[b] = k[4];
    r.total[b] = k[0] + k[1] + k[2] + k[3] + k[4];
  });
  return r;
}

/// Gould–Fernandez brokerage counts; `group` holds one code 0 .. k-1 per
/// person (`no_group` for a person without one), as every group-level
/// function takes groups (graph/groups.hpp).
/// \throws invalid_option if group.size() != g.num_vertices() or a code is
///         >= k (and not no_group); interrupted when `interrupt` asks to stop.
[[nodiscard]] inline brokerage_result brokerage(const graph& g, std::span<const std::uint32_t> group, std::uint32_t k,
                                                const brokerage_options& opt = {}) {
  if (group.size() == g.num_vertices())
    for (std::size_t v = 0; v < group.size(); ++v)
      if (group[v] >= k && group[v] != no_group)
        throw invalid_option("brokerage: person " + std::to_string(v) + " has group code " +
                             std::to_string(group[v]) + " >= the number of groups " + std::to_string(k));
  return brokerage(g, group, opt);
}

}  // namespace onakit
