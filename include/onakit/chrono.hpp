#pragma once
/// \file chrono.hpp
/// std::chrono in onakit's options: times and durations given either as
/// onakit's plain numbers (microseconds since the epoch, seconds) or as
/// std::chrono values.
///
/// onakit stores a time as timestamp_t (microseconds since the Unix epoch,
/// UTC; types.hpp) and a duration as a double number of seconds. Options
/// that hold one (build_options::start / end / reference_time / half_life,
/// slack_options::recent_window_seconds) have the types below, which convert
/// implicitly both from those numbers (so existing code keeps compiling) and
/// from std::chrono values:
///
///   using namespace std::chrono;
///   onakit::build_options o{.start = sys_days{2001y / May / 1},
///                           .end = sys_days{2001y / June / 1},
///                           .half_life = days{30}};
///   // the same as .start = 988'675'200'000'000, .half_life = 2'592'000.0
///
/// They convert back to timestamp_t / double, so they read like the
/// numbers they hold; to_sys_time() gives a time back as a std::chrono
/// value. Sub-microsecond parts of a time are floored (as a time in a file
/// is); a duration is converted to double seconds exactly as
/// std::chrono::duration<double> does.

#include <onakit/errors.hpp>
#include <onakit/types.hpp>

#include <chrono>
#include <cmath>
#include <string>

namespace onakit::inline v0_1 {

/// A moment: microseconds since the Unix epoch (UTC). Implicitly built from
/// a timestamp_t or from any std::chrono::sys_time (system_clock's epoch is
/// the Unix epoch in C++20), and implicitly converted back to timestamp_t.
class time_value {
 public:
  constexpr time_value() noexcept = default;
  /// Microseconds since the epoch, as onakit stores times.
  constexpr time_value(timestamp_t microseconds) noexcept : us_(microseconds) {}  // NOLINT: implicit by design
  /// A std::chrono time point of system_clock, floored to microseconds.
  /// \throws invalid_option if it lies beyond ±9e18 microseconds (about
  ///         ±285,000 years) of the epoch, which a timestamp_t cannot hold.
  template <class Duration>
  constexpr time_value(std::chrono::sys_time<Duration> t)  // NOLINT: implicit by design
      : us_(from_chrono(t.time_since_epoch())) {}
  /// The time in microseconds since the epoch.
  [[nodiscard]] constexpr timestamp_t microseconds() const noexcept { return us_; }
  constexpr operator timestamp_t() const noexcept { return us_; }  // NOLINT: implicit by design

 private:
  template <class Rep, class Period>
  static constexpr timestamp_t from_chrono(std::chrono::duration<Rep, Period> d) {
    // Checked in double first: a fine duration (nanoseconds) far from the
    // epoch would overflow a cast to microseconds.
    const double us = std::chrono::duration<double, std::micro>(d).count();
    if (!(us >= -9e18 && us <= 9e18))
      throw invalid_option("a std::chrono time of " + std::to_string(us) +
                           " microseconds since the epoch is out of range (at most ±9e18)");
    return std::chrono::floor<std::chrono::microseconds>(d).count();
  }
  timestamp_t us_ = 0;
};

/// A length of time in seconds. Implicitly built from a number of seconds
/// or from any std::chrono::duration, and implicitly converted back to
/// double seconds.
class seconds_value {
 public:
  constexpr seconds_value() noexcept = default;
  /// A number of seconds, as onakit's options take durations.
  constexpr seconds_value(double seconds) noexcept : s_(seconds) {}  // NOLINT: implicit by design
  /// A std::chrono duration (std::chrono::days{30}, 90min, ...).
  template <class Rep, class Period>
  constexpr seconds_value(std::chrono::duration<Rep, Period> d) noexcept  // NOLINT: implicit by design
      : s_(std::chrono::duration<double>(d).count()) {}
  /// The duration in seconds.
  [[nodiscard]] constexpr double seconds() const noexcept { return s_; }
  constexpr operator double() const noexcept { return s_; }  // NOLINT: implicit by design

 private:
  double s_ = 0;
};

/// A timestamp_t as a std::chrono time point (microsecond precision), e.g.
/// to format it with std::format or compare it with system_clock::now().
/// \throws nothing.
[[nodiscard]] constexpr std::chrono::sys_time<std::chrono::microseconds> to_sys_time(timestamp_t t) noexcept {
  return std::chrono::sys_time<std::chrono::microseconds>{std::chrono::microseconds{t}};
}

}  // namespace onakit
