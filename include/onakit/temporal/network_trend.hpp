#pragma once
/// \file network_trend.hpp
/// Tie churn between two consecutive periods: ties formed, lost and kept,
/// cross-group ties and bridging ties, the change measures with which Yang
/// et al. showed that firm-wide remote work made collaboration networks
/// more static and siloed (L. Yang et al., "The effects of remote work on
/// collaboration among information workers", Nature Human Behaviour 6,
/// 2022).
///
/// ## Definitions
/// Both graphs have the same people (as every graph of onakit::build_graphs'
/// periods) and the same directedness. A tie is a pair (u, v), u != v,
/// with an arc in the graph: ordered for a directed graph, unordered for an
/// undirected one; weights do not matter and self-ties are left out. With
/// E0 the ties of the previous period and E1 those of the current one:
///
///     formed = |E1 \ E0|,  lost = |E0 \ E1|,  kept = |E1 ∩ E0|,
///     churn  = (formed + lost) / |E0 ∪ E1|   (NaN when both are empty)
///
/// With groups (one code per person, no_group for none), among the ties of
/// E1 whose two people both have a group (`grouped_ties`):
/// `cross_group_ties` have them in different groups, and `bridging_ties`
/// are the cross-group ties that are new (not in E0): a connection across
/// a group boundary that did not exist in the previous period.
///
/// ## Complexity
/// O(n + m0 + m1): one merge of the sorted CSR rows.
///
/// ## Example
/// \code
///   auto c = onakit::tie_churn(march, april, team.codes);
///   double share_new_bridges = double(c.bridging_ties) / double(c.grouped_ties);
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <limits>
#include <span>
#include <string>

namespace onakit::inline v0_1 {

/// Tie counts of one period against the previous one (see the file comment).
struct tie_churn_result {
  std::uint64_t ties_before = 0;       ///< |E0|
  std::uint64_t ties_after = 0;        ///< |E1|
  std::uint64_t formed = 0;            ///< |E1 \ E0|
  std::uint64_t lost = 0;              ///< |E0 \ E1|
  std::uint64_t kept = 0;              ///< |E1 ∩ E0|
  std::uint64_t grouped_ties = 0;      ///< ties of E1 with both people grouped
  std::uint64_t cross_group_ties = 0;  ///< of those, between different groups
  std::uint64_t bridging_ties = 0;     ///< of those, not in E0
  double churn = std::numeric_limits<double>::quiet_NaN();  ///< (formed + lost) / |E0 ∪ E1|
};

/// Ties formed, lost and kept from `before` to `after`, and the cross-group
/// and bridging ties of `after` (empty `group`: those counts stay 0).
/// \throws invalid_option when the graphs differ in people count or
///         directedness, or group.size() is neither 0 nor the people count.
[[nodiscard]] inline tie_churn_result tie_churn(const graph& before, const graph& after,
                                                std::span<const std::uint32_t> group = {}) {
  const vertex_id n = after.num_vertices();
  if (before.num_vertices() != n)
    throw invalid_option("tie_churn: the two periods have " + std::to_string(before.num_vertices()) + " and " +
                         std::to_string(n) + " people; build them over the same people (build_graphs)");
  if (before.directed() != after.directed())
    throw invalid_option("tie_churn: one period is directed and the other is not");
  if (!group.empty() && group.size() != n)
    throw invalid_option("tie_churn: " + std::to_string(group.size()) + " group codes for " + std::to_string(n) +
                         " people");
  const bool directed = after.directed();
  const auto keep = [directed](vertex_id u, vertex_id v) { return u != v && (directed || u < v); };
  tie_churn_result r;
  for (vertex_id u = 0; u < n; ++u) {
    const auto b = before.out_neighbors(u);
    const auto a = after.out_neighbors(u);
    std::size_t i = 0, j = 0;
    while (i < b.size() || j < a.size()) {
      vertex_id v;
      bool in_b = false, in_a = false;
      if (j == a.size() || (i < b.size() && b[i] < a[j])) {
        v = b[i++];
        in_b = true;
      } else if (i == b.size() || a[j] < b[i]) {
        v = a[j++];
        in_a = true;
      } else {
        v = a[j];
        ++i;
        ++j;
        in_a = in_b = true;
      }
      if (!keep(u, v)) continue;
      r.ties_before += in_b;
      r.ties_after += in_a;
      if (in_a && in_b) ++r.kept;
      else if (in_a) ++r.formed;
      else ++r.lost;
      if (in_a && !group.empty() && group[u] != no_group && group[v] != no_group) {
        ++r.grouped_ties;
        if (group[u] != group[v]) {
          ++r.cross_group_ties;
          if (!in_b) ++r.bridging_ties;
        }
      }
    }
  }
  const std::uint64_t all = r.formed + r.lost + r.kept;
  if (all > 0) r.churn = static_cast<double>(r.formed + r.lost) / static_cast<double>(all);
  return r;
}

}  // namespace onakit
