#pragma once
/// \file report.hpp
/// The silo report: one row per group saying how closed it is, compared
/// with chance and with the organisation; and the minimum-group-size rule
/// that every group-level output (this report, the mixing matrix, the group
/// graph, trends) applies before it shows anything.
///
/// ## The minimum-group-size rule (privacy)
/// suppress_small_groups(group, k, min_group_size): a group with fewer than
/// `min_group_size` members is never shown on its own.
///   - All small groups are merged into ONE row (the last code, k' - 1),
///     computed as if they were one group; `suppressed_groups` says how many
///     there were and `suppressed_people` how many people they hold.
///   - If that merged row would itself cover fewer than `min_group_size`
///     people (e.g. a single small group), it is hidden too: its members get
///     `no_group` and are left out of the group figures like ungrouped people
///     (`suppressed_row_hidden`).
///   - The groups kept keep their relative order; `kept[i]` is the caller's
///     code of new code i. min_group_size = 1 shows every group.
/// The Python layer applies the same function and only adds the label
/// "(suppressed: k groups < min_group_size)" for the merged row.
///
/// ## Columns of the report (one entry per row)
///   - `group`: the caller's group code, or `suppressed_group` for the
///     merged row of small groups;
///   - `size`: members; `internal` / `external`: tie weight inside the group
///     (each tie once) / with one end in it (ei_index.hpp, group level);
///   - `ei`, `expected_ei`, `p_value`: Krackhardt–Stern E-I, its value under
///     random mixing given the group's size, and the one-sided permutation
///     p-value towards insularity (ei_index.hpp; NaN with permutations = 0);
///   - `insularity` = internal / (internal + external), `conductance` =
///     cut / min(vol, vol(rest)) (cohesion.hpp);
///   - `groups_reached`: other rows it has a tie with, either direction;
///   - `bridges`: its `bridges` strongest links to other rows, by the tie
///     weight in both directions (mixing.hpp tie matrix M + M^T when
///     directed, M when undirected), heaviest first, ties by row order;
///   - `silo`: the flag below.
/// Rows are sorted by `ei`, most insular first, NaN last, stable (equal E-I
/// keep the group-code order, the merged row last).
///
/// ## The silo flag (`silo_rule`)
/// A row is flagged when all three hold:
///   1. ei < expected_ei (more inward-looking than random mixing);
///   2. p_value < alpha (and unlikely by chance);
///   3. 1 - insularity <= external_ratio * (1 - org_insularity): the share of
///      its tie weight that leaves the group is at most `external_ratio` of
///      the organisation's share of tie weight between groups.
/// (1) and (2) alone flag most departments of most organisations; (3) keeps
/// the groups markedly more closed than the organisation's own norm. The
/// merged row of small groups is never flagged; with permutations = 0
/// nothing is (p-values are NaN).
///
/// The organisation figures (org_ei, org_expected_ei, org_insularity,
/// modularity) use the groups *as given*: merging small groups for display
/// must not turn ties between two of them into internal ties.
///
/// ## Complexity
/// O(permutations * (n + m)) for the permutation test (parallel, seeded:
/// the same seed gives the same p-values on any thread count), plus
/// O(n + m + k^2 log k) for the rest; O(threads * (n + k) + k^2) memory.
///
/// ## Example
/// \code
///   std::vector<std::uint32_t> dept = ...;   // one code per person, no_group for none
///   auto rep = onakit::silo_report(g, dept, 20, {.min_group_size = 5, .permutations = 1000});
///   for (std::size_t i = 0; i < rep.rows(); ++i)
///     if (rep.silo[i]) std::cout << "department " << rep.group[i] << " is a silo\n";
/// \endcode

#include <onakit/silo/cohesion.hpp>
#include <onakit/silo/ei_index.hpp>
#include <onakit/silo/mixing.hpp>
#include <onakit/silo/modularity.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onakit::inline v0_1 {

/// Code of the merged row of small groups (in silo_report_result::group and
/// silo_bridge::group).
inline constexpr std::uint32_t suppressed_group = no_group - 1;

/// Group codes after the minimum-group-size rule (see the file doc).
struct group_suppression {
  std::vector<std::uint32_t> codes;  ///< per person: 0 .. groups-1, or no_group
  std::uint32_t groups = 0;          ///< k' = kept.size() + (has_suppressed_row ? 1 : 0)
  std::vector<std::uint32_t> kept;   ///< caller's code of new code i, for i < kept.size()
  std::vector<std::uint32_t> size;   ///< members per new code
  std::uint32_t suppressed_groups = 0;  ///< groups smaller than min_group_size
  std::uint32_t suppressed_people = 0;  ///< their members
  bool has_suppressed_row = false;      ///< the merged row is code groups - 1
  bool suppressed_row_hidden = false;   ///< small groups exist but their row is hidden
};

/// The minimum-group-size rule. O(n + k). Throws invalid_option for
/// min_group_size = 0, a group vector with codes >= k (no_group allowed).
[[nodiscard]] inline group_suppression suppress_small_groups(std::span<const std::uint32_t> group, std::uint32_t k,
                                                             std::uint32_t min_group_size) {
  if (min_group_size == 0)
    throw invalid_option("min_group_size must be >= 1 (1 shows every group), got 0");
  std::vector<std::uint32_t> sizes(k, 0);
  for (std::size_t v = 0; v < group.size(); ++v) {
    if (group[v] == no_group) continue;
    if (group[v] >= k)
      throw invalid_option("suppress_small_groups: group code " + std::to_string(group[v]) + " of person " +
                           std::to_string(v) + " is not below k = " + std::to_string(k));
    ++sizes[group[v]];
  }
  group_suppression s;
  std::vector<std::uint32_t> remap(k, no_group);
  for (std::uint32_t c = 0; c < k; ++c) {
    if (sizes[c] >= min_group_size) {
      remap[c] = static_cast<std::uint32_t>(s.kept.size());
      s.kept.push_back(c);
      s.size.push_back(sizes[c]);
    } else {
      ++s.suppressed_groups;
      s.suppressed_people += sizes[c];
    }
  }
  const auto merged = static_cast<std::uint32_t>(s.kept.size());
  if (s.suppressed_groups > 0 && s.suppressed_people >= min_group_size) {
    s.has_suppressed_row = true;
    s.size.push_back(s.suppressed_people);
    for (std::uint32_t c = 0; c < k; ++c)
      if (remap[c] == no_group) remap[c] = merged;
  }
  // else: the small groups' members keep no_group (the row is hidden).
  s.suppressed_row_hidden = s.suppressed_groups > 0 && !s.has_suppressed_row;
  s.groups = merged + (s.has_suppressed_row ? 1U : 0U);
  s.codes.resize(group.size());
  for (std::size_t v = 0; v < group.size(); ++v) s.codes[v] = group[v] == no_group ? no_group : remap[group[v]];
  return s;
}

struct silo_report_options {
  std::uint32_t min_group_size = 5;  ///< 1 shows every group
  std::uint32_t permutations = 1000; ///< 0 skips the test (p NaN, nothing flagged)
  std::uint64_t seed = 0;
  double alpha = 0.05;               ///< significance level, in (0, 1)
  double external_ratio = 0.5;       ///< rule (3), in (0, 1]
  bool weighted = true;              ///< weight sums (true) or tie counts
  std::uint32_t bridges = 3;         ///< strongest links listed per row
  int threads = 0;                   ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{};       ///< polled between permutations
};

/// One link of a row to another row.
struct silo_bridge {
  std::uint32_t group = 0;  ///< caller's group code, or suppressed_group
  double weight = 0;        ///< tie weight between the two rows, both directions
};

/// The silo flag rule, as text (the Python report shows it in attrs["rule"]).
inline constexpr std::string_view silo_rule =
    "silo = ei < expected_ei and p_value < alpha and 1 - insularity <= external_ratio * (1 - org_insularity)";

struct silo_report_result {
  // One entry per row, rows sorted by ei (see the file doc).
  std::vector<std::uint32_t> group;
  std::vector<std::uint32_t> size;
  std::vector<double> internal, external, ei, expected_ei, p_value, insularity, conductance;
  std::vector<std::uint32_t> groups_reached;
  std::vector<std::vector<silo_bridge>> bridges;
  std::vector<std::uint8_t> silo;  ///< 1 = flagged
  // The organisation, over the groups as given.
  double org_ei = 0, org_expected_ei = 0, org_insularity = 0, modularity = 0;
  // Diagnostics.
  std::uint32_t suppressed_groups = 0, suppressed_people = 0;
  bool suppressed_row_hidden = false;
  std::uint64_t ungrouped_ties = 0;  ///< ties touching a person without a group (incl. hidden small groups)
  [[nodiscard]] std::size_t rows() const { return group.size(); }
};

namespace detail {
inline std::string shortest(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return {buf, r.ptr};
}
}  // namespace detail

/// The silo report of g for groups coded 0 .. k-1 (no_group for none).
/// Throws invalid_option for bad options or group codes, interrupted if the
/// callback asks to stop.
[[nodiscard]] inline silo_report_result silo_report(const graph& g, std::span<const std::uint32_t> group,
                                                    std::uint32_t k, const silo_report_options& opt = {}) {
  if (!(opt.alpha > 0 && opt.alpha < 1))
    throw invalid_option("alpha must be in (0, 1), got " + detail::shortest(opt.alpha));
  if (!(opt.external_ratio > 0 && opt.external_ratio <= 1))
    throw invalid_option("external_ratio must be in (0, 1], got " + detail::shortest(opt.external_ratio));
  detail::check_groups(g, group, k, "silo_report");
  const group_suppression sup = suppress_small_groups(group, k, opt.min_group_size);
  const std::uint32_t rows = sup.groups;

  // An interruption inside ei_index says what the caller called.
  const ei_result ei = [&] {
    try {
      return ei_index(g, sup.codes, rows,
                      {.weighted = opt.weighted, .permutations = opt.permutations, .seed = opt.seed,
                       .threads = opt.threads, .interrupt = opt.interrupt});
    } catch (const interrupted&) {
      throw interrupted("silo_report");
    }
  }();
  const mixing_result mx = group_mixing(g, sup.codes, rows, {.weighted = opt.weighted});
  const cohesion_result coh = detail::cohesion_of(mx);
  silo_report_result r;
  // The organisation's figures use the groups as given. Without a merged
  // row the partition is the same, so `ei` has them already; otherwise one
  // more pass over the ties (no permutations).
  const auto set_org = [&r](const ei_result& e) {
    r.org_ei = e.org_ei;
    r.org_expected_ei = e.org_expected;
    r.org_insularity = e.org_insularity;
  };
  if (sup.suppressed_groups == 0) set_org(ei);
  else set_org(ei_index(g, group, k, {.weighted = opt.weighted, .permutations = 0, .threads = opt.threads}));
  r.modularity = modularity(g, group, k, {.weighted = opt.weighted});
  r.suppressed_groups = sup.suppressed_groups;
  r.suppressed_people = sup.suppressed_people;
  r.suppressed_row_hidden = sup.suppressed_row_hidden;
  r.ungrouped_ties = mx.ungrouped_ties;

  const auto code_of = [&](std::uint32_t row) { return row < sup.kept.size() ? sup.kept[row] : suppressed_group; };
  // Tie weight between rows, both directions, diagonal 0.
  const auto between = [&](std::uint32_t a, std::uint32_t b) {
    if (a == b) return 0.0;
    return mx.directed ? mx.at(a, b) + mx.at(b, a) : mx.at(a, b);
  };

  std::vector<std::uint32_t> order(rows);
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const double x = ei.group_ei[a], y = ei.group_ei[b];
    if (std::isnan(y)) return !std::isnan(x);  // NaN last
    return x < y;
  });

  std::vector<std::uint32_t> partners;
  for (const std::uint32_t a : order) {
    r.group.push_back(code_of(a));
    r.size.push_back(ei.group_size[a]);
    r.internal.push_back(ei.group_internal[a]);
    r.external.push_back(ei.group_external[a]);
    r.ei.push_back(ei.group_ei[a]);
    r.expected_ei.push_back(ei.group_expected[a]);
    r.p_value.push_back(ei.group_p[a]);
    r.insularity.push_back(coh.insularity[a]);
    r.conductance.push_back(coh.conductance[a]);
    partners.clear();
    for (std::uint32_t b = 0; b < rows; ++b)
      if (between(a, b) > 0) partners.push_back(b);
    r.groups_reached.push_back(static_cast<std::uint32_t>(partners.size()));
    std::stable_sort(partners.begin(), partners.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return between(a, x) > between(a, y); });
    if (partners.size() > opt.bridges) partners.resize(opt.bridges);
    auto& links = r.bridges.emplace_back();
    for (const std::uint32_t b : partners) links.push_back({code_of(b), between(a, b)});
    // NaN in any term makes its comparison false, so the row is not flagged.
    const bool merged_row = sup.has_suppressed_row && a == rows - 1;
    const bool flag = !merged_row && ei.group_ei[a] < ei.group_expected[a] && ei.group_p[a] < opt.alpha &&
                      1 - coh.insularity[a] <= opt.external_ratio * (1 - r.org_insularity);
    r.silo.push_back(flag ? 1 : 0);
  }
  return r;
}

}  // namespace onakit
