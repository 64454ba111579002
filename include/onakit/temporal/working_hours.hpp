#pragma once
/// \file working_hours.hpp
/// Working hours on a local clock, and the working time between two instants.
///
/// The one definition of "working time" that response times and work
/// patterns share: a day's hours are [start, end) seconds after local
/// midnight, Monday to Friday (or every day when weekends count). Times here
/// are *local* timestamps: a UTC timestamp plus the person's UTC offset at
/// that instant (Python's `tz=` computes the offsets with the IANA zone
/// database; C++ callers pass their own). The C++ standard library of g++ 12
/// has no time-zone database, which is why offsets come in as numbers.
///
/// Example:
/// \code
///   onakit::working_hours h{.start = 9 * 3600, .end = 17 * 3600};
///   // Friday 16:00 to Monday 10:00 (local): 1 h + 1 h of working time.
///   auto us = onakit::working_time_between(fri_16h, mon_10h, h);
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cstdint>
#include <string>

namespace onakit::inline v0_1 {

/// A working day's hours on the local clock, [start, end) in seconds after
/// midnight (0 <= start < end <= 86400), and whether Saturday and Sunday are
/// days off.
struct working_hours {
  std::int32_t start = 9 * 3600;  ///< seconds after local midnight
  std::int32_t end = 17 * 3600;   ///< seconds after local midnight, > start
  bool weekends_off = true;       ///< Saturday and Sunday have no working time
};

inline constexpr timestamp_t microseconds_per_day = 86'400 * microseconds_per_second;

/// \throws invalid_option naming `business_hours` if the hours are not
/// 0 <= start < end <= 24:00.
inline void check_working_hours(const working_hours& h) {
  if (h.start < 0 || h.end > 86'400 || h.start >= h.end)
    throw invalid_option("business_hours: the start (" + std::to_string(h.start) + " s) must come before the end (" +
                         std::to_string(h.end) + " s), both within one day (0 to 86400 s after midnight)");
}

/// Day of the week of a local timestamp: 0 = Monday ... 6 = Sunday.
/// \throws nothing.
[[nodiscard]] constexpr int weekday(timestamp_t local) noexcept {
  // 1970-01-01 was a Thursday (3); floor division for times before 1970.
  timestamp_t d = local / microseconds_per_day;
  if (local % microseconds_per_day < 0) --d;
  return static_cast<int>(((d + 3) % 7 + 7) % 7);
}

/// \throws nothing.
[[nodiscard]] constexpr bool is_weekend(timestamp_t local) noexcept { return weekday(local) >= 5; }

/// Seconds after local midnight of a local timestamp (0 ... 86399).
/// \throws nothing.
[[nodiscard]] constexpr std::int32_t seconds_of_day(timestamp_t local) noexcept {
  timestamp_t r = local % microseconds_per_day;
  if (r < 0) r += microseconds_per_day;
  return static_cast<std::int32_t>(r / microseconds_per_second);
}

/// True if a local timestamp falls within working hours on a working day.
/// \throws nothing.
[[nodiscard]] constexpr bool in_working_hours(timestamp_t local, const working_hours& h) noexcept {
  if (h.weekends_off && is_weekend(local)) return false;
  const std::int32_t s = seconds_of_day(local);
  return s >= h.start && s < h.end;
}

namespace detail {
// Working microseconds from a Monday-midnight origin (1969-12-29) to `local`:
// whole weeks, whole days of this week, then the part of today. O(1).
[[nodiscard]] constexpr timestamp_t working_time_since_origin(timestamp_t local, const working_hours& h) noexcept {
  constexpr timestamp_t week = 7 * microseconds_per_day;
  const timestamp_t u = local + 3 * microseconds_per_day;
  timestamp_t weeks = u / week;
  if (u % week < 0) --weeks;
  const timestamp_t rem = u - weeks * week;
  const timestamp_t day_len = static_cast<timestamp_t>(h.end - h.start) * microseconds_per_second;
  const timestamp_t days = rem / microseconds_per_day;  // 0 = Monday
  const timestamp_t in_day = rem % microseconds_per_day;
  const timestamp_t working_days_per_week = h.weekends_off ? 5 : 7;
  const timestamp_t full_days = std::min(days, working_days_per_week);
  timestamp_t today = 0;
  if (days < working_days_per_week) {
    const timestamp_t lo = static_cast<timestamp_t>(h.start) * microseconds_per_second;
    const timestamp_t hi = static_cast<timestamp_t>(h.end) * microseconds_per_second;
    today = std::clamp(in_day, lo, hi) - lo;
  }
  return weeks * working_days_per_week * day_len + full_days * day_len + today;
}
}  // namespace detail

/// Working time, in microseconds, within [from, to) of local timestamps
/// (0 if to <= from). O(1): counted from whole weeks and days, not stepped.
/// A span that crosses a change of UTC offset (daylight saving) should pass
/// both ends on the clock of the later one; a one-hour change at night
/// falls outside working hours in any case.
/// \throws nothing.
[[nodiscard]] constexpr timestamp_t working_time_between(timestamp_t from, timestamp_t to,
                                                         const working_hours& h) noexcept {
  if (to <= from) return 0;
  return detail::working_time_since_origin(to, h) - detail::working_time_since_origin(from, h);
}

}  // namespace onakit
