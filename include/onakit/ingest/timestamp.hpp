#pragma once
/// \file timestamp.hpp
/// Parsing and formatting of the timestamps found in communication metadata.
///
/// A timestamp_t is an int64 count of microseconds since 1970-01-01T00:00:00Z.
///
/// Accepted text forms (surrounding spaces/tabs are trimmed):
///
/// | form                                   | example                          |
/// |----------------------------------------|----------------------------------|
/// | ISO 8601 date and time                 | `2024-03-01T09:00`, `2024-03-01T09:00:05` |
/// | ... with a fraction (`.` or `,`)       | `2024-03-01T09:00:05.123456`     |
/// | ... with `Z` or an offset              | `...Z`, `...+02:00`, `...-0700`, `...+05` |
/// | the same with a space instead of `T`   | `2001-05-14 16:39:00` (Enron, radoslaw) |
/// | a date alone (midnight UTC)            | `2024-03-01`                     |
/// | a year outside 0000-9999 (ISO 8601 expanded, as format_timestamp() writes it) | `-0044-03-15`, `+12024-01-01`, `30030-01-05T23:24:15Z` |
/// | Unix seconds, integer or decimal       | `1262454010`, `1433864707.943132` (Slack `ts`) |
/// | Unix milliseconds                      | `1433864707943`                  |
///
/// Numbers that are not text (a DataFrame column) follow the same rule through
/// timestamp_from_unix().
///
/// Rules:
/// - Without `Z` or an offset a date-time is read as UTC.
/// - An offset `+HH:MM` means local time ahead of UTC: `09:00+02:00` is `07:00Z`.
///   One space may separate the time from `Z`/the offset.
/// - Seconds versus milliseconds: a number whose integer part has absolute
///   value >= 10^11 is milliseconds, otherwise seconds. 10^11 s is the year
///   5138, while 10^11 ms is 1973-03-03, so any realistic value of either kind
///   is classified correctly (every 13-digit value is milliseconds).
/// - Fractions finer than a microsecond are truncated.
/// - Supported range: |t| <= max_abs_timestamp (9 * 10^18 microseconds, about
///   285,000 years either side of 1970; every ISO date of years 0000-9999
///   fits). Larger Unix values (a nanosecond epoch read as milliseconds) are
///   rejected, not wrapped. The Python layer applies the same bound to
///   DataFrame times and keeps microseconds end to end.
/// - Ranges are checked: month 1-12, day within the month (leap years
///   included), hour < 24, minute < 60, second <= 60 (a leap second rolls into
///   the next minute), offset hour < 24 and minute < 60.
///
/// Parsing is hand-written digit arithmetic (no locale, regex or sscanf) and
/// costs a few tens of nanoseconds per value. The calendar arithmetic is
/// Howard Hinnant's `days_from_civil` / `civil_from_days`
/// (http://howardhinnant.github.io/date_algorithms.html).
///
/// Example:
/// \code
///   auto t = onakit::parse_timestamp("2010-01-02 17:40:10");   // 1262454010000000
///   auto u = onakit::try_parse_timestamp("1433864707.943132"); // Slack ts
///   std::string s = onakit::format_timestamp(t);                // "2010-01-02T17:40:10Z"
/// \endcode

#include <onakit/detail/strings.hpp>
#include <onakit/errors.hpp>
#include <onakit/types.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onakit::inline v0_1 {

/// Largest |timestamp| accepted from input (see "Supported range" above).
inline constexpr timestamp_t max_abs_timestamp = 9'000'000'000'000'000'000;

namespace detail {

/// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (Hinnant).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);              // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         // [0, 146096]
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil_date {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

/// Inverse of days_from_civil (Hinnant).
constexpr civil_date civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

constexpr bool is_leap_year(std::int64_t y) noexcept {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29u : days[m - 1];
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// Reads exactly n digits at s[i..i+n) into out; false if any is not a digit.
constexpr bool read_digits(std::string_view s, std::size_t i, std::size_t n, unsigned& out) noexcept {
  if (i + n > s.size()) return false;
  unsigned v = 0;
  for (std::size_t k = i; k < i + n; ++k) {
    if (!is_digit(s[k])) return false;
    v = v * 10 + static_cast<unsigned>(s[k] - '0');
  }
  out = v;
  return true;
}

/// Reads a fraction's digits at s[i..] (at least one); returns microseconds
/// (truncated) and advances i past all digits.
constexpr bool read_fraction(std::string_view s, std::size_t& i, std::int64_t scale_digits,
                             std::int64_t& out) noexcept {
  std::int64_t v = 0;
  std::int64_t taken = 0;
  const std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) {
    if (taken < scale_digits) {
      v = v * 10 + (s[i] - '0');
      ++taken;
    }
    ++i;
  }
  if (i == start) return false;
  for (; taken < scale_digits; ++taken) v *= 10;
  out = v;
  return true;
}

/// The length of the year of an ISO date at the start of `s`: 4 digits, or
/// ISO 8601's expanded form (a sign and/or 5-6 digits, as format_timestamp()
/// writes years outside 0000-9999), followed by '-'; 0 when `s` does not
/// start with one.
constexpr std::size_t iso_year_length(std::string_view s) noexcept {
  std::size_t i = !s.empty() && (s[0] == '+' || s[0] == '-') ? 1 : 0;
  const std::size_t first = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  const std::size_t digits = i - first;
  if (digits < 4 || digits > 6) return 0;
  return i < s.size() && s[i] == '-' ? i : 0;
}

constexpr std::optional<timestamp_t> parse_iso(std::string_view s) noexcept {
  const std::size_t p = iso_year_length(s);  // the '-' after the year
  if (p == 0 || s.size() < p + 6) return std::nullopt;
  std::int64_t y = 0;
  for (std::size_t k = s[0] == '+' || s[0] == '-' ? 1 : 0; k < p; ++k) y = y * 10 + (s[k] - '0');
  if (s[0] == '-') y = -y;
  unsigned mo = 0, d = 0;
  if (!read_digits(s, p + 1, 2, mo) || s[p + 3] != '-' || !read_digits(s, p + 4, 2, d)) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  std::int64_t secs = days_from_civil(y, mo, d) * 86400;
  std::int64_t micros = 0;
  std::size_t i = p + 6;
  // Beyond the supported range (max_abs_timestamp), before anything can overflow.
  constexpr std::int64_t max_secs = max_abs_timestamp / microseconds_per_second;
  const auto in_range = [&](std::int64_t sec, std::int64_t us) -> std::optional<timestamp_t> {
    if (sec > max_secs || sec < -max_secs) return std::nullopt;
    const std::int64_t t = sec * microseconds_per_second + us;
    if (t > max_abs_timestamp || t < -max_abs_timestamp) return std::nullopt;
    return t;
  };
  if (i == s.size()) return in_range(secs, 0);
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
  ++i;
  unsigned hh = 0, mi = 0, ss = 0;
  if (!read_digits(s, i, 2, hh) || i + 2 >= s.size() || s[i + 2] != ':' ||
      !read_digits(s, i + 3, 2, mi))
    return std::nullopt;
  i += 5;
  if (i < s.size() && s[i] == ':') {
    if (!read_digits(s, i + 1, 2, ss)) return std::nullopt;
    i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      if (!read_fraction(s, i, 6, micros)) return std::nullopt;
    }
  }
  if (hh >= 24 || mi >= 60 || ss > 60) return std::nullopt;
  secs += static_cast<std::int64_t>(hh) * 3600 + static_cast<std::int64_t>(mi) * 60 + ss;
  if (i < s.size() && s[i] == ' ' && i + 1 < s.size()) ++i;  // "12:00:00 +0200"
  if (i < s.size()) {
    const char c = s[i];
    if (c == 'Z' || c == 'z') {
      ++i;
    } else if (c == '+' || c == '-') {
      unsigned oh = 0, om = 0;
      if (!read_digits(s, i + 1, 2, oh)) return std::nullopt;
      i += 3;
      if (i < s.size()) {
        if (s[i] == ':') ++i;
        if (!read_digits(s, i, 2, om)) return std::nullopt;
        i += 2;
      }
      if (oh >= 24 || om >= 60) return std::nullopt;
      const std::int64_t off = static_cast<std::int64_t>(oh) * 3600 + static_cast<std::int64_t>(om) * 60;
      secs -= c == '+' ? off : -off;
    } else {
      return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
  }
  return in_range(secs, micros);
}

constexpr std::optional<timestamp_t> parse_unix(std::string_view s) noexcept {
  std::size_t i = 0;
  bool negative = false;
  if (s[0] == '+' || s[0] == '-') {
    negative = s[0] == '-';
    ++i;
  }
  const std::size_t start = i;
  std::int64_t whole = 0;
  while (i < s.size() && is_digit(s[i])) {
    if (i - start >= 16) return std::nullopt;  // beyond any representable time
    whole = whole * 10 + (s[i] - '0');
    ++i;
  }
  if (i == start) return std::nullopt;
  const bool millis = whole >= 100'000'000'000;
  std::int64_t frac = 0;
  if (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    ++i;
    if (!read_fraction(s, i, millis ? 3 : 6, frac) || i != s.size()) return std::nullopt;
  }
  std::int64_t v = 0;
  if (millis) {
    if (whole > max_abs_timestamp / 1000) return std::nullopt;
    v = whole * 1000 + frac;  // at most 9 * 10^18 + 999: no overflow
    if (v > max_abs_timestamp) return std::nullopt;  // the fraction past the last millisecond (fuzz finding)
  } else {
    v = whole * microseconds_per_second + frac;
  }
  return negative ? -v : v;
}

}  // namespace detail

/// Parses a timestamp in any of the forms listed in this file's summary.
///
/// \param s  the text; leading and trailing spaces/tabs/CR/LF are ignored.
/// \return   microseconds since the Unix epoch (UTC), or std::nullopt when `s`
///           is empty, malformed or out of range. Never throws.
/// \par Complexity  O(|s|), allocation-free.
[[nodiscard]] constexpr std::optional<timestamp_t> try_parse_timestamp(std::string_view s) noexcept {
  s = detail::trim(s);
  if (s.empty()) return std::nullopt;
  if (detail::iso_year_length(s) != 0) return detail::parse_iso(s);
  return detail::parse_unix(s);
}

/// A Unix time given as a number rather than text (a DataFrame column of
/// numbers), by the rule of the text form: |x| >= 10^11 is milliseconds,
/// otherwise seconds. The result is rounded to the nearest microsecond (a
/// binary fraction such as 0.943132 is not exact, so truncation as for text
/// would lose a microsecond).
/// \return microseconds since the epoch, or std::nullopt when `x` is not
///         finite or the time is beyond max_abs_timestamp. Never throws.
/// \par Complexity  O(1).
[[nodiscard]] inline std::optional<timestamp_t> timestamp_from_unix(double x) noexcept {
  if (!std::isfinite(x)) return std::nullopt;
  const double us = std::nearbyint(std::fabs(x) >= 1e11 ? x * 1e3 : x * 1e6);
  if (!(std::fabs(us) <= static_cast<double>(max_abs_timestamp))) return std::nullopt;
  return static_cast<timestamp_t>(us);
}

/// Like try_parse_timestamp, but throws on failure.
///
/// \throws parse_error (a bad value is bad input data, like a bad time in a
///         file; file() is "<value>", line() 0) naming the value and the
///         accepted forms. A caller that parses an option the user typed
///         (a `start=` keyword) catches it and names the keyword in an
///         invalid_option, as the Python layer does.
[[nodiscard]] inline timestamp_t parse_timestamp(std::string_view s) {
  if (auto t = try_parse_timestamp(s)) return *t;
  throw parse_error("<value>", 0, {}, "cannot parse '" + std::string(s) + "' as a time",
                    "expected ISO 8601 like 2024-03-01T09:00:00Z, 'YYYY-MM-DD HH:MM:SS', "
                    "or Unix seconds/milliseconds");
}

/// Formats a timestamp as ISO 8601 UTC: `YYYY-MM-DDTHH:MM:SSZ`, with
/// `.ffffff` (6 digits) only when the time has a fractional second.
/// no_time formats as `NaT` (as numpy/pandas do).
///
/// Example: `format_timestamp(1433864707943132)` is `"2015-06-09T15:45:07.943132Z"`.
/// \throws only std::bad_alloc.
[[nodiscard]] inline std::string format_timestamp(timestamp_t t) {
  if (t == no_time) return "NaT";
  auto floor_div = [](std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  };
  const std::int64_t secs = floor_div(t, microseconds_per_second);
  const std::int64_t micros = t - secs * microseconds_per_second;
  const std::int64_t days = floor_div(secs, 86400);
  const std::int64_t sod = secs - days * 86400;
  const detail::civil_date c = detail::civil_from_days(days);

  std::string out;
  out.reserve(28);
  auto put = [&out](std::int64_t v, int width) {
    char buf[24];
    int n = 0;
    do {
      buf[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v > 0 || n < width);
    while (n > 0) out.push_back(buf[--n]);
  };
  if (c.year < 0) out.push_back('-');
  put(c.year < 0 ? -c.year : c.year, 4);
  out.push_back('-');
  put(c.month, 2);
  out.push_back('-');
  put(c.day, 2);
  out.push_back('T');
  put(sod / 3600, 2);
  out.push_back(':');
  put(sod / 60 % 60, 2);
  out.push_back(':');
  put(sod % 60, 2);
  if (micros != 0) {
    out.push_back('.');
    put(micros, 6);
  }
  out.push_back('Z');
  return out;
}

}  // namespace onakit
