#pragma once
/// \file groups.hpp
/// Group codes (departments, teams, sites) for a graph's people from a
/// label -> group map, in the form every group-level function takes:
/// `(codes, k)`, one code 0 .. k-1 per person and `no_group` for a person
/// without one.
///
/// Every group-level function takes groups the same way, as `(group, k)`:
/// group_mixing, ei_index, modularity, assortativity, group_cohesion,
/// boundary_spanners, silo_report, suppress_small_groups and brokerage
/// (whose older `(group)` form deduces nothing and is kept for existing code).
///
/// ## Matching rule
/// Keys find people by onakit::label_matcher (<onakit/labels.hpp>): equal
/// labels first (for every key), then, for people still without a group,
/// trimmed text and ASCII case folding, the first key in key order winning
/// (as the first row of an HR table does). A group value that is empty (or
/// only white space) means "no group"; other values are names as given. People without a group get `no_group`:
/// they are never a group of their own, and group-level figures leave out
/// their ties.
///
/// ## Seam checks
/// When no person gets a group, group_codes throws invalid_option naming the
/// counts and a few labels of both sides (keys with an `@` are shown as
/// `<address>` when the people's labels have none, so a pseudonymised graph
/// never echoes a raw address). When fewer than half do, the result says so
/// (`ungrouped`, and `warning` holds the message): C++ callers should check
/// it. The rule and its messages are check_group_coverage(), which Python's
/// `groups=` keyword calls too after matching typed keys (person 17 = key
/// "17"), with its own description of the labels ("str ('17', ...)").
///
/// ## Example
/// \code
///   std::unordered_map<std::string, std::string> team = {{"17", "sales"}, {"23", "ops"}};
///   const auto gc = onakit::group_codes(g, team);
///   const auto ei = onakit::ei_index(g, gc.codes, gc.k);
///   std::cout << gc.names[gc.codes[g.find("17")]];  // "sales"
/// \endcode
///
/// Complexity: O(n + K log K) for n people and K keys (hash lookups; group
/// names sorted).

#include <onakit/errors.hpp>
#include <onakit/graph/graph.hpp>
#include <onakit/labels.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Group codes of a graph's people (see the file comment).
struct group_coding {
  std::vector<std::uint32_t> codes;  ///< per person (vertex_id): 0 .. k-1, or no_group
  std::vector<std::string> names;    ///< group names, sorted: names[c] is group c
  std::uint32_t k = 0;               ///< number of groups (== names.size())
  std::size_t ungrouped = 0;         ///< people without a group
  std::size_t unmatched_keys = 0;    ///< keys (with a group) that matched no person
  /// check_group_coverage()'s warning when fewer than half the people have a
  /// group (empty otherwise): print it, or act on it.
  std::string warning{};
};

/// Whether enough of a group-level call's people have a group: all of none,
/// or at least half. The seam rule of check_group_coverage(). O(1).
/// \throws nothing.
[[nodiscard]] constexpr bool enough_grouped(std::size_t people, std::size_t grouped) noexcept {
  return people == 0 || 2 * grouped >= people;
}

/// How check_group_coverage()'s messages name things: the caller describes
/// both sides, since only it knows how the user typed them (Python adds the
/// labels' types: "str ('17', '23', ...)").
struct coverage_sides {
  std::string who = "group_codes";  ///< prefix: the public function, and keyword ("report: groups")
  std::string of = "the graph";     ///< whose people they are ("the log")
  std::string people{};             ///< a few people's labels: "('17', '23', ...)"
  std::string keys{};               ///< the keys: "the 154 group keys", "the array"
  std::string keys_side{};          ///< a few keys: "group keys are ('p17', ...)"
  std::string ungrouped{};          ///< a few people without a group
  std::string hint{};               ///< appended to the advice to key groups by the people: " (.people)"
};

namespace detail {

/// `n` with a comma between thousands ("12,345"), as Python's `{n:,}`.
inline std::string count_text(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

inline std::string describe_labels(std::span<const std::string> labels, bool mask_addresses) {
  std::string out = "(";
  for (std::size_t i = 0; i < labels.size() && i < 3; ++i) {
    if (i) out += ", ";
    out += mask_addresses && labels[i].find('@') != std::string::npos ? "<address>" : "'" + labels[i] + "'";
  }
  if (labels.size() > 3) out += ", ...";
  return out + ")";
}

}  // namespace detail

/// The seam check of every group-level entry point (group_codes() and
/// Python's `groups=`), once: `grouped` of `people` have a group. Returns ""
/// when enough_grouped(); the warning text when fewer than half do, e.g.
/// `report: groups: only 10 of 35 people of the log have a group; the 25
/// others ('a', 'b', ...) are left out of group figures (group keys are
/// ('m00', ...))`.
/// \throws invalid_option when none of (at least one) people has a group,
///   e.g. `group_codes: no person of the graph has a group: 0 of 167 people
///   match the 2 group keys (people are ('17', '23', ...); group keys are
///   ('p17', 'p23')); key groups by the people of the graph (g.labels())`.
[[nodiscard]] inline std::string check_group_coverage(std::size_t people, std::size_t grouped,
                                                      const coverage_sides& s) {
  if (enough_grouped(people, grouped)) return {};
  if (grouped == 0)
    throw invalid_option(s.who + ": no person of " + s.of + " has a group: 0 of " + detail::count_text(people) +
                         " people match " + s.keys + " (people are " + s.people + "; " + s.keys_side +
                         "); key groups by the people of " + s.of + s.hint);
  return s.who + ": only " + detail::count_text(grouped) + " of " + detail::count_text(people) + " people of " +
         s.of + " have a group; the " + detail::count_text(people - grouped) + " others (" + s.ungrouped +
         ") are left out of group figures (" + s.keys_side + ")";
}

/// Codes people (given by their labels) from parallel `keys` / `values`
/// (key i has group values[i]), by the rule of the file comment. Key order
/// matters only when two keys match one person by text: the first wins.
/// \throws invalid_option if keys and values differ in length, or if no
///         person gets a group (check_group_coverage(); `who` prefixes the
///         message).
[[nodiscard]] inline group_coding group_codes(std::span<const std::string> people,
                                              std::span<const std::string> keys,
                                              std::span<const std::string> values,
                                              const char* who = "group_codes") {
  if (keys.size() != values.size())
    throw invalid_option(std::string(who) + ": " + std::to_string(keys.size()) + " keys but " +
                         std::to_string(values.size()) + " groups");
  const std::size_t n = people.size();
  std::vector<std::size_t> group_of(n, label_matcher::npos);  // index into values
  // Equal labels first, for every key (a later text match must not steal them).
  std::unordered_map<std::string_view, std::size_t> exact;
  exact.reserve(n);
  for (std::size_t p = 0; p < n; ++p) exact.emplace(people[p], p);
  std::vector<char> used(keys.size(), 0);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (match_text(values[i]).empty()) continue;
    if (const auto it = exact.find(keys[i]); it != exact.end() && group_of[it->second] == label_matcher::npos) {
      group_of[it->second] = i;
      used[i] = 1;
    }
  }
  const label_matcher matcher(people);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (used[i] || match_text(values[i]).empty()) continue;
    const std::size_t p = matcher.find(keys[i]);
    if (p != label_matcher::npos && group_of[p] == label_matcher::npos) {
      group_of[p] = i;
      used[i] = 1;
    }
  }
  group_coding r;
  std::map<std::string, std::uint32_t> names;
  for (std::size_t p = 0; p < n; ++p)
    if (group_of[p] != label_matcher::npos) names.emplace(values[group_of[p]], 0);
  std::uint32_t c = 0;
  for (auto& [name, code] : names) {
    code = c++;
    r.names.push_back(name);
  }
  r.k = c;
  r.codes.assign(n, no_group);
  for (std::size_t p = 0; p < n; ++p)
    if (group_of[p] != label_matcher::npos) r.codes[p] = names.at(values[group_of[p]]);
    else ++r.ungrouped;
  for (std::size_t i = 0; i < keys.size(); ++i) r.unmatched_keys += !used[i] && !match_text(values[i]).empty();
  if (!enough_grouped(n, n - r.ungrouped)) {
    const bool mask = std::none_of(people.begin(), people.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(n, 1000)),
                                   [](const std::string& s) { return s.find('@') != std::string::npos; });
    std::vector<std::string> without;
    for (std::size_t p = 0; p < n && without.size() < 4; ++p)
      if (r.codes[p] == no_group) without.push_back(people[p]);
    coverage_sides sides;
    sides.who = who;
    sides.people = detail::describe_labels(people, false);
    sides.keys = "the " + detail::count_text(keys.size()) + " group keys";
    sides.keys_side = "group keys are " + detail::describe_labels(keys, mask);
    const std::string shown = detail::describe_labels(without, false);
    sides.ungrouped = shown.substr(1, shown.size() - 2);  // inside the message's own parentheses
    sides.hint = " (g.labels())";
    r.warning = check_group_coverage(n, n - r.ungrouped, sides);
  }
  return r;
}

/// group_codes() of `g`'s people from a map label -> group (keys in sorted
/// order, so the result does not depend on the map's iteration order).
/// \throws invalid_option if `g` has no labels or no person gets a group.
[[nodiscard]] inline group_coding group_codes(const graph& g,
                                              const std::unordered_map<std::string, std::string>& groups) {
  if (g.labels().empty() && g.num_vertices() > 0)
    throw invalid_option("group_codes: the graph has no labels (it was built from ids); give one code per person");
  std::vector<std::pair<std::string, std::string>> kv(groups.begin(), groups.end());
  std::sort(kv.begin(), kv.end());
  std::vector<std::string> keys, values;
  keys.reserve(kv.size());
  values.reserve(kv.size());
  for (auto& [k, v] : kv) {
    keys.push_back(std::move(k));
    values.push_back(std::move(v));
  }
  return group_codes(g.labels(), keys, values);
}

}  // namespace onakit
