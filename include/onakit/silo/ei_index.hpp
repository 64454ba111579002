#pragma once
/// \file ei_index.hpp
/// Krackhardt–Stern E-I index at the organisation, group and person level,
/// its expected value under random mixing, and a seeded permutation test.
///
/// ## Definition
/// D. Krackhardt & R. N. Stern, "Informal networks and organizational
/// crises: an experimental simulation", Social Psychology Quarterly 51(2),
/// 1988:  EI = (E - I) / (E + I), in [-1, 1]; -1 = all ties inside the
/// group (insular), +1 = all ties outside.
///
/// E (external) and I (internal) count ties between two *different*
/// grouped people: the weight sum if `weighted`, else the number of ties. A
/// directed graph counts every directed tie, an undirected one every tie
/// once. Ties touching a person without a group are excluded (counted in
/// `excluded_ties` / `excluded_weight`); self-ties are not relations between
/// two people and are excluded too (counted in `self_ties`).
///   - org level:   I = ties inside any group, E = ties between groups.
///   - group level: I_g = ties with both ends in g (each once), E_g = ties
///                  with exactly one end in g (out of or into g).
///   - person level: I_v, E_v = v's own ties (out and in when directed) to
///                  people of its own / another group.
/// EI is NaN when E + I = 0 (no ties).
///
/// ## Expected value under random mixing
/// With N grouped people and group sizes n_g, a tie placed uniformly at
/// random on the pairs of distinct grouped people gives (the same formulas
/// hold for ordered pairs of a directed graph):
///   - person in g:  E-I* = ((N - n_g) - (n_g - 1)) / (N - 1)
///                       = (N - 2 n_g + 1) / (N - 1)
///     (n_g - 1 of its N - 1 possible partners are inside, Krackhardt & Stern);
///   - group g:      internal pairs n_g (n_g - 1) / 2, external pairs
///     n_g (N - n_g), so E-I* = (2N - 3 n_g + 1) / (2N - n_g - 1)
///     (internal ties counted once, as in the observed group E-I);
///   - organisation: P_int = sum_g n_g (n_g - 1), P = N (N - 1),
///     E-I* = (P - 2 P_int) / P = 1 - 2 sum_g n_g (n_g - 1) / (N (N - 1)).
/// NaN when the denominator is 0 (N < 2).
///
/// ## Permutation test
/// Each permutation p = 0 .. permutations-1 shuffles the group labels
/// among the grouped people (Fisher–Yates with detail::xoshiro256ss seeded
/// with (seed, p), so results do not depend on the thread count), keeping
/// the group sizes, and recomputes E-I for the organisation and every group.
/// The one-sided p-value, towards insularity, is
///     p = (1 + #{perm EI <= observed EI}) / (1 + permutations)
/// (Phipson & Smyth 2010's correction: never 0). A small p says the group
/// keeps more of its ties inside than chance would, given its size.
/// Comparison uses a 1e-12 tolerance so ties in floating sums count as <=.
///
/// ## Complexity
/// O(n + m) for the observed indices, O(permutations * (n + m)) for the
/// test, parallel over permutations; O(threads * (n + k)) memory.
///
/// ## Example
/// \code
///   auto r = onakit::ei_index(g, dept, 4, {.permutations = 1000, .seed = 0});
///   if (r.group_p[2] < 0.05 && r.group_ei[2] < r.group_expected[2]) ...
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/detail/random.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/silo/cohesion.hpp>
#include <onakit/silo/mixing.hpp>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace onakit::inline v0_1 {

struct ei_options {
  bool weighted = true;             ///< weight sums (true) or tie counts
  std::uint32_t permutations = 0;   ///< 0 = no test (p-values NaN)
  std::uint64_t seed = 0;
  int threads = 0;                  ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{};      ///< polled between permutations
};

struct ei_result {
  // organisation
  double org_internal = 0, org_external = 0, org_ei = 0, org_expected = 0, org_p = 0;
  double org_insularity = 0;  ///< insularity_of(org_internal, org_external) (cohesion.hpp)
  // per group (index = group code)
  std::vector<std::uint32_t> group_size;
  std::vector<double> group_internal, group_external, group_ei, group_expected, group_p;
  std::vector<double> group_insularity;  ///< insularity_of(group_internal, group_external)
  // per person (NaN for people without a group)
  std::vector<double> node_internal, node_external, node_ei, node_expected;
  std::uint32_t grouped_people = 0;  ///< N
  std::uint64_t excluded_ties = 0;   ///< ties touching a person without a group
  double excluded_weight = 0;
  std::uint64_t self_ties = 0;       ///< self-ties of grouped people (excluded)
  std::uint32_t permutations = 0;
};

namespace detail {
inline double ei_ratio(double e, double i) {
  return e + i > 0 ? (e - i) / (e + i) : std::numeric_limits<double>::quiet_NaN();
}

/// Internal and external weight per group for the labels `lab` (one pass).
inline void ei_group_sums(const graph& g, std::span<const std::uint32_t> lab, bool weighted,
                          std::vector<double>& in, std::vector<double>& ex) {
  std::fill(in.begin(), in.end(), 0.0);
  std::fill(ex.begin(), ex.end(), 0.0);
  for_each_tie(g, weighted, [&](vertex_id u, vertex_id v, double w) {
    const std::uint32_t a = lab[u], b = lab[v];
    if (u == v || a == no_group || b == no_group) return;
    if (a == b) {
      in[a] += w;
    } else {
      ex[a] += w;
      ex[b] += w;
    }
  });
}
}  // namespace detail

/// E-I index of g for k groups. Throws invalid_option for a group vector of
/// the wrong size or codes >= k, interrupted if the callback asks to stop.
[[nodiscard]] inline ei_result ei_index(const graph& g, std::span<const std::uint32_t> group, std::uint32_t k,
                                        const ei_options& opt = {}) {
  detail::check_groups(g, group, k, "ei_index");
  detail::check_threads(opt.threads);
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const vertex_id n = g.num_vertices();
  ei_result r;
  r.permutations = opt.permutations;
  r.group_size.assign(k, 0);
  std::vector<vertex_id> grouped;
  for (vertex_id v = 0; v < n; ++v)
    if (group[v] != no_group) ++r.group_size[group[v]], grouped.push_back(v);
  const double N = static_cast<double>(grouped.size());
  r.grouped_people = static_cast<std::uint32_t>(grouped.size());

  // Observed: groups and people in one pass.
  r.group_internal.assign(k, 0.0);
  r.group_external.assign(k, 0.0);
  r.node_internal.assign(n, 0.0);
  r.node_external.assign(n, 0.0);
  detail::for_each_tie(g, opt.weighted, [&](vertex_id u, vertex_id v, double w) {
    const std::uint32_t a = group[u], b = group[v];
    if (a == no_group || b == no_group) {
      ++r.excluded_ties;
      r.excluded_weight += w;
      return;
    }
    if (u == v) {
      ++r.self_ties;
      return;
    }
    if (a == b) {
      r.group_internal[a] += w;
      r.node_internal[u] += w;
      r.node_internal[v] += w;
    } else {
      r.group_external[a] += w;
      r.group_external[b] += w;
      r.node_external[u] += w;
      r.node_external[v] += w;
    }
  });
  for (std::uint32_t c = 0; c < k; ++c) r.org_internal += r.group_internal[c];
  for (std::uint32_t c = 0; c < k; ++c) r.org_external += r.group_external[c];
  r.org_external /= 2;  // each external tie was added to both groups
  r.org_ei = detail::ei_ratio(r.org_external, r.org_internal);
  r.org_insularity = insularity_of(r.org_internal, r.org_external);

  r.group_ei.resize(k);
  r.group_insularity.resize(k);
  r.group_expected.resize(k);
  double pint = 0;
  for (std::uint32_t c = 0; c < k; ++c) {
    const double nc = r.group_size[c];
    r.group_ei[c] = detail::ei_ratio(r.group_external[c], r.group_internal[c]);
    r.group_insularity[c] = insularity_of(r.group_internal[c], r.group_external[c]);
    const double den = 2 * N - nc - 1;
    r.group_expected[c] = nc > 0 && den > 0 ? (2 * N - 3 * nc + 1) / den : nan;
    pint += nc * (nc - 1);
  }
  r.org_expected = N >= 2 ? 1 - 2 * pint / (N * (N - 1)) : nan;

  r.node_ei.assign(n, nan);
  r.node_expected.assign(n, nan);
  for (vertex_id v = 0; v < n; ++v) {
    if (group[v] == no_group) {
      r.node_internal[v] = r.node_external[v] = nan;
      continue;
    }
    r.node_ei[v] = detail::ei_ratio(r.node_external[v], r.node_internal[v]);
    if (N >= 2) r.node_expected[v] = (N - 2 * r.group_size[group[v]] + 1) / (N - 1);
  }

  // Permutation test.
  r.group_p.assign(k, nan);
  r.org_p = nan;
  if (opt.permutations == 0) return r;
  const int nt = detail::thread_count(opt.threads, opt.permutations);
  std::vector<std::vector<std::uint64_t>> hits(static_cast<std::size_t>(nt), std::vector<std::uint64_t>(k + 1, 0));
  std::atomic<bool> stop{false};
  constexpr double tol = 1e-12;
  detail::poll(opt.interrupt, "ei_index");
ONAKIT_OMP(parallel num_threads(nt))
  {
    const int t = detail::thread_index();
    std::vector<std::uint32_t> lab(group.begin(), group.end());
    std::vector<std::uint32_t> base(grouped.size());
    for (std::size_t i = 0; i < grouped.size(); ++i) base[i] = group[grouped[i]];
    std::vector<std::uint32_t> perm(grouped.size());
    std::vector<double> in(k), ex(k);
    auto& h = hits[static_cast<std::size_t>(t)];
    ONAKIT_OMP(for schedule(dynamic, 4))
    for (std::int64_t p = 0; p < static_cast<std::int64_t>(opt.permutations); ++p) {
      if (stop.load(std::memory_order_relaxed)) continue;
      if (t == 0 && opt.interrupt && opt.interrupt()) {
        stop.store(true);
        continue;
      }
      // Each permutation starts from the observed labels with its own stream.
      detail::xoshiro256ss rng(opt.seed, static_cast<std::uint64_t>(p));
      perm = base;
      for (std::size_t i = perm.size(); i > 1; --i) {
        const std::size_t j = rng.uniform_below(i);
        std::swap(perm[i - 1], perm[j]);
      }
      for (std::size_t i = 0; i < grouped.size(); ++i) lab[grouped[i]] = perm[i];
      detail::ei_group_sums(g, lab, opt.weighted, in, ex);
      double ti = 0, te = 0;
      for (std::uint32_t c = 0; c < k; ++c) {
        ti += in[c];
        te += ex[c];
        const double e = detail::ei_ratio(ex[c], in[c]);
        if (e <= r.group_ei[c] + tol) ++h[c];
      }
      if (detail::ei_ratio(te / 2, ti) <= r.org_ei + tol) ++h[k];
    }
  }
  if (stop.load()) throw interrupted("ei_index");
  const double denom = 1.0 + opt.permutations;
  std::vector<std::uint64_t> total(k + 1, 0);
  for (const auto& h : hits)
    for (std::uint32_t c = 0; c <= k; ++c) total[c] += h[c];
  for (std::uint32_t c = 0; c < k; ++c)
    if (!std::isnan(r.group_ei[c])) r.group_p[c] = (1.0 + static_cast<double>(total[c])) / denom;
  if (!std::isnan(r.org_ei)) r.org_p = (1.0 + static_cast<double>(total[k])) / denom;
  return r;
}

}  // namespace onakit
