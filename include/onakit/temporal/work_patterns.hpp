#pragma once
/// \file work_patterns.hpp
/// Work patterns: when people send messages, on their own local clock.
///
/// For each sender p and period P (messages whose UTC time t satisfies
/// start_P <= t < end_P), with local(m) = t(m) + offset(m) (the sender's UTC
/// offset at that instant, working_hours.hpp):
///   - messages:     |M_pP|, the messages p sent in P (weights ignored);
///   - after_hours:  |{m : not in_working_hours(local(m), hours)}| -- with
///                   weekends_off (the default) a weekend message is outside
///                   working hours too; after_hours_share = after_hours / messages;
///   - weekend:      |{m : weekday(local(m)) is Saturday or Sunday}|,
///                   whatever weekends_off says; weekend_share = weekend / messages;
///   - active_days:  the distinct local calendar days d = floor(local / 24 h)
///                   with a message of p in P;
///   - daily span:   for each active day, last(local) - first(local) of p's
///                   messages of that day in P (0 for a single message);
///                   span_mean / span_median over the active days, in hours
///                   (the median of an even count is the mean of the two
///                   middle values, as pandas' median).
/// Messages without a time are left out and counted; so are messages
/// outside every period. A period is cut by UTC time, like every period of
/// onakit (onakit.build_graphs), so a local day that straddles a boundary
/// counts as active in both periods, with the span of its part in each.
///
/// Group rows: the same figures over the messages of a group's members
/// (`group` codes 0..k-1 per person, no_group = left out), per group and
/// period: active_days sums the members' active days (person-days), spans
/// are over all those person-days, `people` counts members who sent. The
/// caller applies the minimum group size first (silo/report.hpp,
/// suppress_small_groups); this only sums.
///
/// Rows exist only for (period, sender) and (period, group) pairs with at
/// least one message, sorted by period then person (group).
///
/// The measures follow what workplace analytics reports as "after-hours
/// collaboration" and "working-day span" (Microsoft Viva Insights' after-hours
/// and span metrics; e.g. DeFilippis et al., "Collaborating during
/// coronavirus", NBER w27612, 2020), computed here from raw messages.
///
/// Complexity: O(m + n + P) for m timed messages, n people and P periods when
/// the log is in time order (counting sorts by sender and period), O(m log m)
/// at worst (a sort by local time within each run); O(m + n + P) memory.
///
/// Example:
/// \code
///   onakit::work_pattern_options o;
///   o.hours = {.start = 8 * 3600, .end = 18 * 3600};
///   o.boundaries = {jan_1, feb_1, mar_1};  // two periods (UTC micros)
///   auto r = onakit::work_patterns(log, offsets, o);
///   // r.people.after_hours_share[i] is person r.people.key[i]'s in period r.people.period[i]
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/temporal/detail/group_sort.hpp>
#include <onakit/temporal/working_hours.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of work_patterns().
struct work_pattern_options {
  working_hours hours{};  ///< the working day on each sender's local clock
  /// Period edges, UTC microseconds, strictly increasing: period i is
  /// [boundaries[i], boundaries[i+1]). Empty = one period holding every
  /// timed message. See fixed_periods() for periods of one length.
  std::vector<timestamp_t> boundaries{};
  /// Group code of each person (size num_people, no_group = none); empty =
  /// no group rows.
  std::vector<std::uint32_t> group{};
  std::uint32_t groups = 0;    ///< k: codes are 0 .. k-1
  interrupt_check interrupt{};  ///< polled every 2^16 messages and between stages
};

/// One table of work-pattern rows (columns of equal length).
struct work_pattern_rows {
  std::vector<std::uint32_t> period{};  ///< period index
  std::vector<std::uint32_t> key{};     ///< sender vertex_id (people) or group code (groups)
  std::vector<std::uint64_t> messages{};
  std::vector<std::uint64_t> after_hours{};
  std::vector<double> after_hours_share{};
  std::vector<std::uint64_t> weekend{};
  std::vector<double> weekend_share{};
  std::vector<std::uint64_t> active_days{};  ///< local days (person-days for groups)
  std::vector<double> span_mean_hours{};
  std::vector<double> span_median_hours{};
  std::vector<std::uint64_t> people{};  ///< senders in the row: 1 for people rows
  [[nodiscard]] std::size_t size() const noexcept { return period.size(); }
};

/// The result of work_patterns().
struct work_patterns_result {
  work_pattern_rows people{};
  work_pattern_rows groups{};  ///< empty without group codes
  std::size_t periods = 0;
  std::size_t messages_used = 0;
  std::size_t messages_without_time = 0;
  std::size_t messages_outside_periods = 0;
  std::size_t messages_ungrouped = 0;  ///< used messages whose sender has no group (with groups)
};

/// Period edges of length `length` (microseconds) covering [first, last],
/// the first starting at origin + k * length for the largest k with that
/// start <= first (origin 0 = 1970-01-01 00:00 UTC, a Thursday).
/// \throws invalid_option if length <= 0 or last < first.
[[nodiscard]] inline std::vector<timestamp_t> fixed_periods(timestamp_t first, timestamp_t last, timestamp_t length,
                                                            timestamp_t origin = 0) {
  if (length <= 0) throw invalid_option("fixed_periods: the period length must be positive");
  if (last < first) throw invalid_option("fixed_periods: last comes before first");
  timestamp_t k = (first - origin) / length;
  if ((first - origin) % length < 0) --k;
  std::vector<timestamp_t> edges{origin + k * length};
  while (edges.back() <= last) edges.push_back(edges.back() + length);
  return edges;
}

namespace detail {

struct wp_event {
  std::uint32_t period;
  std::uint32_t key;
  timestamp_t local;
};

[[nodiscard]] inline timestamp_t local_day(timestamp_t local) noexcept {
  timestamp_t d = local / microseconds_per_day;
  if (local % microseconds_per_day < 0) --d;
  return d;
}

[[nodiscard]] inline double median_of(std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t h = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
  const double hi = v[h];
  if (v.size() % 2 == 1) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
  return (lo + hi) / 2;
}

/// A row of counts being summed.
struct wp_acc {
  std::uint64_t messages = 0, after = 0, weekend = 0, people = 0;
  std::vector<double> spans{};  // hours, one per active (person-)day
};

inline void push_row(work_pattern_rows& r, std::uint32_t period, std::uint32_t key, wp_acc& a) {
  r.period.push_back(period);
  r.key.push_back(key);
  r.messages.push_back(a.messages);
  r.after_hours.push_back(a.after);
  r.weekend.push_back(a.weekend);
  const double n = static_cast<double>(a.messages);
  r.after_hours_share.push_back(static_cast<double>(a.after) / n);
  r.weekend_share.push_back(static_cast<double>(a.weekend) / n);
  r.active_days.push_back(a.spans.size());
  double sum = 0;
  for (const double s : a.spans) sum += s;
  r.span_mean_hours.push_back(sum / static_cast<double>(a.spans.size()));
  r.span_median_hours.push_back(median_of(a.spans));
  r.people.push_back(a.people);
}

}  // namespace detail

/// Work patterns of every sender (and group) per period; see the file comment.
/// `offsets_seconds` holds each message's UTC offset in seconds (the
/// sender's clock at that instant); empty = every clock on UTC.
/// \throws invalid_option if offsets_seconds is neither empty nor one per
/// message, the boundaries are not strictly increasing, the hours are
/// invalid (naming `business_hours`), or the group codes are not one per
/// person with codes < groups; interrupted if the callback asks to stop.
[[nodiscard]] inline work_patterns_result work_patterns(const message_log& log,
                                                        std::span<const std::int32_t> offsets_seconds,
                                                        const work_pattern_options& opt = {}) {
  check_working_hours(opt.hours);
  const std::size_t nm = log.num_messages();
  if (!offsets_seconds.empty() && offsets_seconds.size() != nm)
    throw invalid_option("work_patterns: " + std::to_string(offsets_seconds.size()) + " offsets for " +
                         std::to_string(nm) + " messages; give one UTC offset per message (or none)");
  const auto& b = opt.boundaries;
  for (std::size_t i = 1; i < b.size(); ++i)
    if (b[i] <= b[i - 1])
      throw invalid_option("work_patterns: period boundaries must be strictly increasing (boundary " +
                           std::to_string(i) + ")");
  if (b.size() == 1) throw invalid_option("work_patterns: one period boundary makes no period; give two or more");
  const bool grouped = !opt.group.empty();
  if (grouped) {
    if (opt.group.size() != log.num_people())
      throw invalid_option("work_patterns: " + std::to_string(opt.group.size()) + " group codes for " +
                           std::to_string(log.num_people()) + " people");
    for (std::size_t v = 0; v < opt.group.size(); ++v)
      if (opt.group[v] != no_group && opt.group[v] >= opt.groups)
        throw invalid_option("work_patterns: group code " + std::to_string(opt.group[v]) + " of person " +
                             std::to_string(v) + " is not below " + std::to_string(opt.groups));
  }

  work_patterns_result res;
  res.periods = b.empty() ? 1 : b.size() - 1;
  std::vector<detail::wp_event> ev;
  ev.reserve(nm);
  const auto times = log.time_column();
  const auto senders = log.sender_column();
  for (std::size_t m = 0; m < nm; ++m) {
    if ((m & 0xFFFF) == 0) detail::poll(opt.interrupt, "work_patterns", m, nm);
    const timestamp_t t = times[m];
    if (t == no_time) {
      ++res.messages_without_time;
      continue;
    }
    std::uint32_t p = 0;
    if (!b.empty()) {
      const auto it = std::upper_bound(b.begin(), b.end(), t);
      if (it == b.begin() || it == b.end()) {
        ++res.messages_outside_periods;
        continue;
      }
      p = static_cast<std::uint32_t>(it - b.begin() - 1);
    }
    const timestamp_t off =
        offsets_seconds.empty() ? 0 : static_cast<timestamp_t>(offsets_seconds[m]) * microseconds_per_second;
    ev.push_back({p, senders[m], t + off});
  }
  res.messages_used = ev.size();
  // By (period, sender), then local time: counting sorts keep message order,
  // usually time order already (group_sort.hpp).
  detail::stable_counting_sort(ev, log.num_people(), [](const detail::wp_event& e) { return e.key; });
  detail::stable_counting_sort(ev, res.periods, [](const detail::wp_event& e) { return e.period; });
  detail::sort_runs_by_time(
      ev, [](const detail::wp_event& x, const detail::wp_event& y) { return x.period == y.period && x.key == y.key; },
      [](const detail::wp_event& e) { return e.local; });
  detail::poll(opt.interrupt, "work_patterns");

  // People rows; each (period, person, day) span goes to the group as well.
  struct day_span {
    std::uint32_t period, group;
    double hours;
  };
  std::vector<day_span> group_days;
  const double us_per_hour = 3600.0 * static_cast<double>(microseconds_per_second);
  detail::wp_acc acc;
  for (std::size_t i = 0; i < ev.size();) {
    std::size_t j = i;
    acc.messages = acc.after = acc.weekend = 0;
    acc.people = 1;
    acc.spans.clear();
    while (j < ev.size() && ev[j].period == ev[i].period && ev[j].key == ev[i].key) {
      const timestamp_t day = detail::local_day(ev[j].local);
      const timestamp_t first = ev[j].local;
      timestamp_t last = first;
      for (; j < ev.size() && ev[j].period == ev[i].period && ev[j].key == ev[i].key &&
             detail::local_day(ev[j].local) == day;
           ++j) {
        last = ev[j].local;
        ++acc.messages;
        if (!in_working_hours(ev[j].local, opt.hours)) ++acc.after;
        if (is_weekend(ev[j].local)) ++acc.weekend;
      }
      acc.spans.push_back(static_cast<double>(last - first) / us_per_hour);
    }
    if (grouped && opt.group[ev[i].key] != no_group)
      for (const double s : acc.spans) group_days.push_back({ev[i].period, opt.group[ev[i].key], s});
    detail::push_row(res.people, ev[i].period, ev[i].key, acc);
    i = j;
  }
  if (!grouped) return res;
  detail::poll(opt.interrupt, "work_patterns");

  // Group rows: the people rows summed, the spans pooled.
  std::stable_sort(group_days.begin(), group_days.end(), [](const day_span& x, const day_span& y) {
    return x.period != y.period ? x.period < y.period : x.group < y.group;
  });
  std::size_t d = 0;
  const auto& pr = res.people;
  std::vector<std::size_t> order(pr.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::erase_if(order, [&](std::size_t r) {
    if (opt.group[pr.key[r]] != no_group) return false;
    res.messages_ungrouped += pr.messages[r];
    return true;
  });
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return pr.period[x] != pr.period[y] ? pr.period[x] < pr.period[y] : opt.group[pr.key[x]] < opt.group[pr.key[y]];
  });
  for (std::size_t i = 0; i < order.size();) {
    const std::uint32_t p = pr.period[order[i]], g = opt.group[pr.key[order[i]]];
    acc.messages = acc.after = acc.weekend = acc.people = 0;
    acc.spans.clear();
    std::size_t j = i;
    for (; j < order.size() && pr.period[order[j]] == p && opt.group[pr.key[order[j]]] == g; ++j) {
      acc.messages += pr.messages[order[j]];
      acc.after += pr.after_hours[order[j]];
      acc.weekend += pr.weekend[order[j]];
      ++acc.people;
    }
    for (; d < group_days.size() && group_days[d].period == p && group_days[d].group == g; ++d)
      acc.spans.push_back(group_days[d].hours);
    detail::push_row(res.groups, p, g, acc);
    i = j;
  }
  return res;
}

}  // namespace onakit
