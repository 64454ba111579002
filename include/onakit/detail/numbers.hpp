#pragma once
// parse_number: the one rule by which every reader reads a number written
// in text (a weight, a metric, a count). Leaf internal.
//
// The rule: blanks (detail/strings.hpp trim) at either end are ignored; then
// an optional sign (`+` or `-`), digits with an optional `.` decimal point
// and an optional exponent (`1e3`, `2.5E-2`), and nothing else: no thousands
// separator, no decimal comma, no hexadecimal, no `inf` or `nan` (a value
// must be finite). fast_float parses it (exact rounding, like strtod in the
// C locale, several times faster, which matters to edge lists of millions of
// lines).
//
// Complexity: O(length).

#include <onakit/detail/strings.hpp>

#include <fast_float/fast_float.h>

#include <cmath>
#include <optional>
#include <string_view>
#include <system_error>

namespace onakit::inline v0_1::detail {

/// The finite number `s` holds under the rule above, or std::nullopt.
[[nodiscard]] inline std::optional<double> parse_number(std::string_view s) noexcept {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);  // fast_float rejects a leading '+'
  if (s.empty() || s.front() == '+') return std::nullopt;
  double v = 0;
  const auto res = fast_float::from_chars(s.data(), s.data() + s.size(), v, fast_float::chars_format::general);
  if (res.ec != std::errc{} || res.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace onakit::detail
