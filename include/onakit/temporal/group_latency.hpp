#pragma once
/// \file group_latency.hpp
/// Group latency: how long information takes to travel from one group to
/// another along time-respecting paths (temporal_reach.hpp for the paths and
/// the rule on ties: each hand-off strictly after the one before).
///
/// ## Definition
/// A *start* of group A is a (person, instant) at which a member x of A sends
/// a timed message (messages x sends at one instant are one start). For a
/// start (x, s) and another group B != A,
///   arrival(x, s, B) = the earliest time tk of a time-respecting path
///                      x = v0 -> ... -> vk in B with s <= t1 < ... < tk,
/// infinite when none exists before the log ends, and
///   latency(A, B) = median over the starts of A of arrival(x, s, B) - s
/// (the mean of the two middle values for an even count). Paths may pass
/// through anyone, grouped or not. When at least half of A's starts never
/// reach B the median is infinite: the result is NaN, and `reached` says how
/// many did. The diagonal (A = A) is NaN: reach inside a group is
/// temporal_reach's business. Only grouped people start; everyone relays.
/// (Earliest-arrival paths: Wu et al., "Path problems in temporal graphs",
/// PVLDB 7(9), 2014; information latency along time-respecting paths in an
/// email network: Kossinets, Kleinberg and Watts, "The structure of
/// information pathways in a social communication network", KDD 2008.)
///
/// ## Algorithm (exact)
/// One pass over the contacts *backwards* in time keeps, for each person v
/// and target group B, ea(v, B): the earliest arrival at B for information v
/// holds at the current instant. A contact x -> y at t offers x arrival t if
/// y is in B, else ea(y, B) as it stood after t (strict: each time step reads
/// the state of the later steps only). After each time step every start at
/// that instant reads its row. Target groups are processed 8 at a time, in
/// parallel; O(C * k) time for C contacts and k groups, O(n * 8 + S * 8)
/// memory per thread for S starts, and O(S) per group pair for the medians
/// (nth_element). Results do not depend on the thread count.
///
/// ## Example
/// \code
///   onakit::group_latency_options o;
///   o.groups = dept;          // a code per person, no_group for none
///   o.num_groups = k;
///   auto r = onakit::group_latency(log, o);  // r.median[a * k + b], microseconds
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/errors.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/temporal/contacts.hpp>
#include <onakit/temporal/temporal_reach.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace onakit::inline v0_1 {

struct group_latency_options {
  std::vector<std::uint32_t> groups{};  ///< group code per person (0 .. num_groups-1, or no_group)
  std::uint32_t num_groups = 0;         ///< number of group codes
  int threads = 0;                      ///< 0 = OpenMP default; results do not depend on it
  interrupt_check interrupt{};          ///< polled by thread 0 every 2^16 contacts
};

struct group_latency_result {
  std::uint32_t num_groups = 0;        ///< k
  std::vector<double> median{};        ///< k x k (row = from, column = to): median latency in microseconds, NaN if none
  std::vector<std::uint64_t> starts{}; ///< per group: its starts
  std::vector<std::uint64_t> reached{};///< k x k: starts of the row group that ever reach the column group
  std::size_t contacts = 0;            ///< contacts used
  std::size_t untimed_messages = 0;    ///< messages left out: no time
};

/// group_latency over a prepared contact sequence (make_contact_sequence).
/// \throws invalid_option when groups do not give one code below num_groups
/// per person, or `threads` is out of range; interrupted when asked to stop.
[[nodiscard]] inline group_latency_result group_latency(const contact_sequence& c,
                                                        const group_latency_options& o) {
  detail::check_threads(o.threads);
  const std::size_t n = c.num_people;
  if (o.groups.size() != n)
    throw invalid_option("group_latency: groups must give one code per person (" + std::to_string(n) + "), not " +
                         std::to_string(o.groups.size()));
  detail::check_reach_groups(o.groups, o.num_groups, n, "group_latency");
  const std::uint32_t k = o.num_groups;
  group_latency_result r;
  r.num_groups = k;
  r.median.assign(std::size_t{k} * k, std::numeric_limits<double>::quiet_NaN());
  r.starts.assign(k, 0);
  r.reached.assign(std::size_t{k} * k, 0);
  r.contacts = c.size();
  r.untimed_messages = c.untimed_messages;
  const auto steps = c.step_starts();
  const std::size_t num_steps = steps.size() - 1;

  // The starts, in time order: (sender, step) once each, grouped senders only.
  std::vector<std::size_t> start_offsets(num_steps + 1, 0);
  std::vector<vertex_id> start_people;
  {
    std::vector<std::size_t> seen(n, static_cast<std::size_t>(-1));
    for (std::size_t s = 0; s < num_steps; ++s) {
      start_offsets[s] = start_people.size();
      for (std::size_t e = steps[s]; e < steps[s + 1]; ++e) {
        const vertex_id x = c.from[e];
        if (o.groups[x] == no_group || seen[x] == s) continue;
        seen[x] = s;
        start_people.push_back(x);
        ++r.starts[o.groups[x]];
      }
    }
    start_offsets[num_steps] = start_people.size();
  }

  constexpr std::uint32_t lanes = 8;
  constexpr timestamp_t never = std::numeric_limits<timestamp_t>::max();
  const std::size_t batches = (k + lanes - 1) / lanes;
  const auto batch = [&](std::size_t b, auto&& poll_here) {
    const auto g0 = static_cast<std::uint32_t>(b * lanes);
    const std::uint32_t width = std::min(lanes, k - g0);
    std::vector<timestamp_t> ea(n * lanes, never);
    // latency[(a * lanes + l)]: per start of group a, arrival - start (never: not reached).
    std::vector<std::vector<timestamp_t>> latency(std::size_t{k} * lanes);
    for (std::uint32_t a = 0; a < k; ++a)
      for (std::uint32_t l = 0; l < width; ++l)
        if (a != g0 + l) latency[a * lanes + l].reserve(r.starts[a]);
    struct offer {
      vertex_id x;
      std::uint32_t l;
      timestamp_t arrival;
    };
    std::vector<offer> pending;
    std::size_t since_poll = 0;
    for (std::size_t s = num_steps; s-- > 0;) {
      const std::size_t a = steps[s], z = steps[s + 1];
      const timestamp_t t = c.times[a];
      pending.clear();
      for (std::size_t e = a; e < z; ++e) {
        const vertex_id x = c.from[e], y = c.to[e];
        const std::uint32_t gy = o.groups[y];
        for (std::uint32_t l = 0; l < width; ++l) {
          const timestamp_t arrival = gy == g0 + l ? t : ea[std::size_t{y} * lanes + l];
          if (arrival < ea[std::size_t{x} * lanes + l]) pending.push_back({x, l, arrival});
        }
      }
      for (const offer& p : pending) {
        timestamp_t& cur = ea[std::size_t{p.x} * lanes + p.l];
        cur = std::min(cur, p.arrival);
      }
      for (std::size_t i = start_offsets[s]; i < start_offsets[s + 1]; ++i) {
        const vertex_id x = start_people[i];
        const std::uint32_t ga = o.groups[x];
        for (std::uint32_t l = 0; l < width; ++l) {
          if (ga == g0 + l) continue;
          const timestamp_t arrival = ea[std::size_t{x} * lanes + l];
          latency[ga * lanes + l].push_back(arrival == never ? never : arrival - t);
        }
      }
      since_poll += z - a;
      if (since_poll >= detail::reach_poll_every) {
        since_poll = 0;
        if (poll_here(b * c.size() + (c.size() - a), batches * c.size())) return;
      }
    }
    for (std::uint32_t ga = 0; ga < k; ++ga)
      for (std::uint32_t l = 0; l < width; ++l) {
        auto& v = latency[ga * lanes + l];
        const std::size_t cell = std::size_t{ga} * k + g0 + l;
        if (v.empty()) continue;
        r.reached[cell] = static_cast<std::uint64_t>(std::count_if(v.begin(), v.end(), [&](timestamp_t d) {
          return d != never;
        }));
        const std::size_t m = v.size();
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m / 2), v.end());
        const timestamp_t upper = v[m / 2];
        timestamp_t lower = upper;
        if (m % 2 == 0) lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m / 2));
        if (upper != never && lower != never)
          r.median[cell] = (static_cast<double>(lower) + static_cast<double>(upper)) / 2.0;
        std::vector<timestamp_t>().swap(v);
      }
  };
  detail::parallel_batches(batches, batches * c.size(), o.threads, o.interrupt, "group_latency", batch);
  return r;
}

/// Group latency of `log` (see the file comment).
/// \throws invalid_option when groups do not give one code below num_groups
/// per person, or `threads` is out of range; interrupted when asked to stop.
[[nodiscard]] inline group_latency_result group_latency(const message_log& log, const group_latency_options& o) {
  detail::check_threads(o.threads);
  return group_latency(make_contact_sequence(log), o);
}

}  // namespace onakit
