#pragma once
/// \file burstiness.hpp
/// Burstiness and memory of each person's (or tie's) inter-event times.
///
/// For the time-sorted events t_1 <= ... <= t_n of a person (the messages
/// they send) or of a tie u -> v (the messages u sends with v among the
/// recipients; a message is one event on each of its distinct ties, self
/// pairs left out and counted), the inter-event times are
/// tau_i = t_{i+1} - t_i, i = 1 .. n-1, with mean mu and standard deviation
/// sigma (population, divided by n-1 intervals):
///
///   B = (sigma - mu) / (sigma + mu)                       in [-1, 1]
///   M = 1/(n_tau - 1) * sum_{i=1}^{n_tau - 1} (tau_i - mu_1)(tau_{i+1} - mu_2) / (sigma_1 sigma_2)
///
/// where mu_1, sigma_1 (mu_2, sigma_2) are the mean and standard deviation of
/// tau_1 .. tau_{n_tau-1} (tau_2 .. tau_{n_tau}): M is the Pearson
/// correlation of consecutive inter-event times. B = -1 for a regular
/// sequence, 0 for a Poisson process, -> 1 for bursts; M > 0 when short
/// intervals follow short ones. K.-I. Goh and A.-L. Barabási, "Burstiness
/// and memory in complex systems", EPL 81, 48002 (2008).
///
/// NaN rules (counted in the result): B is NaN with fewer than
/// max(min_events, 3) events (two intervals at least) or when every interval
/// is 0 (sigma + mu = 0); M is NaN with fewer than max(min_events, 4) events
/// (three intervals, two consecutive pairs) or when sigma_1 or sigma_2 is 0.
/// Messages without a time are left out; weights are ignored.
///
/// Complexity: O(e + n) for e events and n people when the log is in time
/// order (counting sorts by person), O(e log e) at worst; O(e + n) memory.
///
/// Example:
/// \code
///   auto r = onakit::burstiness(log, {.by = onakit::burstiness_by::tie});
///   // r.burstiness[i] of tie r.source[i] -> r.target[i]
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/temporal/detail/group_sort.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Whose events: a person's sent messages, or a directed tie's messages.
enum class burstiness_by : std::uint8_t { person, tie };

/// Options of burstiness().
struct burstiness_options {
  burstiness_by by = burstiness_by::person;  ///< rows per sender or per (sender, recipient)
  std::uint32_t min_events = 3;              ///< fewer events give NaN (at least 3 for B, 4 for M)
  interrupt_check interrupt{};               ///< polled every 2^16 events
};

/// One row per person (or tie) with at least one event, sorted by source
/// then target.
struct burstiness_result {
  std::vector<vertex_id> source{};  ///< the person, or the tie's sender
  std::vector<vertex_id> target{};  ///< the tie's recipient (empty for by person)
  std::vector<std::uint64_t> events{};
  std::vector<double> mean_interval{};  ///< mu, seconds (NaN with fewer than 2 events)
  std::vector<double> std_interval{};   ///< sigma, seconds (NaN with fewer than 2 events)
  std::vector<double> burstiness{};     ///< B
  std::vector<double> memory{};         ///< M
  std::size_t too_few_events = 0;       ///< rows whose B is NaN for lack of events
  std::size_t too_few_for_memory = 0;   ///< rows whose M is NaN for lack of events
  std::size_t all_intervals_zero = 0;   ///< rows with enough events whose B is NaN (sigma + mu = 0)
  std::size_t memory_undefined = 0;     ///< rows with enough events whose M is NaN (a zero sigma)
  std::size_t messages_without_time = 0;
  std::size_t self_pairs = 0;  ///< (message, recipient) pairs to the sender, left out (by tie)
};

namespace detail {

struct interval_stats {
  double mean, sd, b, m;
};

/// Mean, population sd, B and M of the intervals of sorted times (seconds).
/// `tau` is scratch space (reused between calls).
[[nodiscard]] inline interval_stats interval_statistics(std::span<const timestamp_t> t, std::size_t min_b,
                                                        std::size_t min_m, std::vector<double>& tau) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  interval_stats s{nan, nan, nan, nan};
  const std::size_t n = t.size();
  if (n < 2) return s;
  tau.resize(n - 1);
  for (std::size_t i = 0; i + 1 < n; ++i)
    tau[i] = static_cast<double>(t[i + 1] - t[i]) / static_cast<double>(microseconds_per_second);
  const auto mean_sd = [](const double* x, std::size_t k) {
    double mu = 0;
    for (std::size_t i = 0; i < k; ++i) mu += x[i];
    mu /= static_cast<double>(k);
    double v = 0;
    for (std::size_t i = 0; i < k; ++i) v += (x[i] - mu) * (x[i] - mu);
    return std::pair{mu, std::sqrt(v / static_cast<double>(k))};
  };
  const auto [mu, sd] = mean_sd(tau.data(), tau.size());
  s.mean = mu;
  s.sd = sd;
  if (n >= min_b && sd + mu > 0) s.b = (sd - mu) / (sd + mu);
  if (n >= min_m) {
    const std::size_t k = tau.size() - 1;
    const auto [m1, s1] = mean_sd(tau.data(), k);
    const auto [m2, s2] = mean_sd(tau.data() + 1, k);
    if (s1 > 0 && s2 > 0) {
      double c = 0;
      for (std::size_t i = 0; i < k; ++i) c += (tau[i] - m1) * (tau[i + 1] - m2);
      s.m = c / static_cast<double>(k) / (s1 * s2);
    }
  }
  return s;
}

}  // namespace detail

/// Burstiness B and memory M per person or per tie; see the file comment.
/// \throws interrupted if the callback asks to stop.
[[nodiscard]] inline burstiness_result burstiness(const message_log& log, const burstiness_options& opt = {}) {
  burstiness_result r;
  struct event {
    vertex_id source, target;
    timestamp_t time;
  };
  std::vector<event> ev;
  const std::size_t nm = log.num_messages();
  const bool tie = opt.by == burstiness_by::tie;
  ev.reserve(tie ? log.num_pairs() : nm);
  std::vector<vertex_id> seen;
  for (std::size_t m = 0; m < nm; ++m) {
    if ((m & 0xFFFF) == 0) detail::poll(opt.interrupt, "burstiness", m, nm);
    const timestamp_t t = log.time(m);
    if (t == no_time) {
      ++r.messages_without_time;
      continue;
    }
    const vertex_id s = log.sender(m);
    if (!tie) {
      ev.push_back({s, 0, t});
      continue;
    }
    const auto rec = log.recipients(m);
    seen.assign(rec.begin(), rec.end());
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (const vertex_id v : seen) {
      if (v == s) ++r.self_pairs;
      else ev.push_back({s, v, t});
    }
  }
  // By (source, target), then time: counting sorts keep message order, which
  // is usually time order already (group_sort.hpp).
  const std::size_t np = log.num_people();
  if (tie) detail::stable_counting_sort(ev, np, [](const event& e) { return e.target; });
  detail::stable_counting_sort(ev, np, [](const event& e) { return e.source; });
  detail::sort_runs_by_time(
      ev, [](const event& a, const event& b) { return a.source == b.source && a.target == b.target; },
      [](const event& e) { return e.time; });
  detail::poll(opt.interrupt, "burstiness");
  const std::size_t min_b = std::max<std::size_t>(opt.min_events, 3);
  const std::size_t min_m = std::max<std::size_t>(opt.min_events, 4);
  std::vector<timestamp_t> times;
  std::vector<double> scratch;
  for (std::size_t i = 0, polled = 0; i < ev.size();) {
    std::size_t j = i;
    times.clear();
    for (; j < ev.size() && ev[j].source == ev[i].source && ev[j].target == ev[i].target; ++j)
      times.push_back(ev[j].time);
    if (j - polled > 0xFFFF) {
      detail::poll(opt.interrupt, "burstiness", j, ev.size());
      polled = j;
    }
    const auto s = detail::interval_statistics(times, min_b, min_m, scratch);
    r.source.push_back(ev[i].source);
    if (tie) r.target.push_back(ev[i].target);
    r.events.push_back(times.size());
    r.mean_interval.push_back(s.mean);
    r.std_interval.push_back(s.sd);
    r.burstiness.push_back(s.b);
    r.memory.push_back(s.m);
    if (times.size() < min_b) ++r.too_few_events;
    else if (std::isnan(s.b)) ++r.all_intervals_zero;
    if (times.size() < min_m) ++r.too_few_for_memory;
    else if (std::isnan(s.m)) ++r.memory_undefined;
    i = j;
  }
  return r;
}

}  // namespace onakit
