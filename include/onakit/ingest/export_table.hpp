#pragma once
/// \file export_table.hpp
/// Small pieces shared by the readers of tables exported from admin tools
/// (Viva Insights queries, Exchange Online message trace): case-insensitive
/// header lookup, the PowerShell `#TYPE` line and the US date form (numbers:
/// detail/numbers.hpp, the one number rule).
///
/// Times accepted by try_parse_export_time():
///
/// | form                                        | example                              |
/// |---------------------------------------------|--------------------------------------|
/// | everything try_parse_timestamp() accepts    | `2024-03-01T09:00:00.1234567Z`       |
/// | US month/day/year (en-US export)            | `3/1/2024`, `03/01/2024`             |
/// | ... with a 24-hour time                     | `3/1/2024 17:05`, `3/1/2024 17:05:09`|
/// | ... with a 12-hour time and AM/PM           | `3/1/2024 9:00:00 AM`, `3/1/2024 12:30 pm` |
///
/// The US form is always month first (`3/1/2024` is 1 March): exports made
/// under an en-US culture, the default of Exchange Online PowerShell, write
/// that. Day-first exports must be converted first. US-form times carry no
/// zone and are read as UTC (message trace `Received` is UTC). `12 AM` is
/// midnight, `12 PM` noon; with AM/PM the hour must be 1-12.
///
/// Complexity: every function is O(length of its input).

#include <onakit/detail/quote.hpp>
#include <onakit/detail/strings.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/csv.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/types.hpp>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace onakit::inline v0_1 {

namespace detail {

inline constexpr std::size_t absent_column = std::numeric_limits<std::size_t>::max();


/// ASCII case-insensitive prefix test.
[[nodiscard]] inline bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

/// The trimmed header names of a row.
[[nodiscard]] inline std::vector<std::string> header_names(const csv_row& header) {
  std::vector<std::string> names;
  names.reserve(header.size());
  for (const auto f : header.fields) names.emplace_back(trim(f));
  return names;
}

/// Index of `want` among `names` (case-insensitive), or absent_column.
[[nodiscard]] inline std::size_t find_column_ci(const std::vector<std::string>& names,
                                                std::string_view want) noexcept {
  want = trim(want);
  for (std::size_t k = 0; k < names.size(); ++k)
    if (iequals(names[k], want)) return k;
  return absent_column;
}

/// A header that names a column the reader uses twice is a parse_error
/// "duplicate column" at the header's line: reading one of the two quietly
/// would lose the other's values (a second `recipients` column).
/// `k` is the first match of `want` (by `same`, exact or case-insensitive).
template <class Same>
inline void refuse_duplicate_column(const std::vector<std::string_view>& names, std::size_t k, Same same,
                                    const std::string& file, std::uint64_t header_line, const std::string& option,
                                    bool mask) {
  for (std::size_t j = k + 1; j < names.size(); ++j)
    if (same(names[j], names[k]))
      throw parse_error(file, header_line, std::string(names[k]), "duplicate column",
                        "the header names " + quote_value(names[k], mask) + " twice (columns " +
                            std::to_string(k + 1) + " and " + std::to_string(j + 1) +
                            "); rename one, and pass the one to read as " + option + "=");
}

/// Like find_column_ci, but a missing column is a parse_error naming the
/// columns found (masked when `mask`: a headerless file's first row is
/// data; see detail/quote.hpp) and the keyword (`option=`) that selects it,
/// and a column named twice is one (refuse_duplicate_column) at `header_line`.
[[nodiscard]] inline std::size_t require_column(const std::vector<std::string>& names, std::string_view want,
                                                const std::string& file, const std::string& option,
                                                bool mask = false, std::uint64_t header_line = 1) {
  const std::size_t k = find_column_ci(names, want);
  if (k != absent_column) {
    const std::vector<std::string_view> views(names.begin(), names.end());
    refuse_duplicate_column(views, k, [](std::string_view a, std::string_view b) { return iequals(a, b); }, file,
                            header_line, option, mask);
    return k;
  }
  throw parse_error(file, 0, std::string(trim(want)), "missing column",
                    "columns found: " + quote_values(names, mask) + "; pass the right column name as " + option + "=");
}

/// Text after a PowerShell `Export-Csv` type line (`#TYPE ...`), if the
/// input starts with one; `lines` counts the lines skipped (0 or 1).
[[nodiscard]] inline std::string_view skip_type_line(std::string_view text, std::uint64_t& lines) noexcept {
  lines = 0;
  if (text.starts_with("#TYPE")) {
    const auto nl = text.find('\n');
    lines = 1;
    return nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  return text;
}

/// Reads 1 or 2 (or, for years, exactly 4) digits at s[i], advancing i.
constexpr bool read_number(std::string_view s, std::size_t& i, std::size_t min_digits, std::size_t max_digits,
                           unsigned& out) noexcept {
  const std::size_t start = i;
  out = 0;
  while (i < s.size() && is_digit(s[i]) && i - start < max_digits) out = out * 10 + static_cast<unsigned>(s[i++] - '0');
  return i - start >= min_digits && (i == s.size() || !is_digit(s[i]));
}

/// `M/D/YYYY[ H:MM[:SS[.fff]][ AM|PM]]`, see the file summary.
constexpr std::optional<timestamp_t> parse_us_datetime(std::string_view s) noexcept {
  std::size_t i = 0;
  unsigned mo = 0, d = 0, y = 0, h = 0, mi = 0, se = 0;
  if (!read_number(s, i, 1, 2, mo) || i >= s.size() || s[i++] != '/') return std::nullopt;
  if (!read_number(s, i, 1, 2, d) || i >= s.size() || s[i++] != '/') return std::nullopt;
  if (!read_number(s, i, 4, 4, y)) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  std::int64_t frac = 0;
  bool has_time = false;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && is_digit(s[i])) {
    has_time = true;
    if (!read_number(s, i, 1, 2, h) || i >= s.size() || s[i++] != ':') return std::nullopt;
    if (!read_number(s, i, 2, 2, mi)) return std::nullopt;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!read_number(s, i, 2, 2, se)) return std::nullopt;
      if (i < s.size() && s[i] == '.') {
        ++i;
        if (!read_fraction(s, i, 6, frac)) return std::nullopt;
      }
    }
    while (i < s.size() && s[i] == ' ') ++i;
  }
  if (i < s.size()) {
    if (!has_time || s.size() - i != 2 || (s[i + 1] != 'M' && s[i + 1] != 'm')) return std::nullopt;
    const char ap = s[i];
    if (h < 1 || h > 12) return std::nullopt;
    if (ap == 'A' || ap == 'a') h = h == 12 ? 0 : h;
    else if (ap == 'P' || ap == 'p') h = h == 12 ? 12 : h + 12;
    else return std::nullopt;
    i = s.size();
  }
  if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  const std::int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  return secs * microseconds_per_second + frac;
}

}  // namespace detail

/// Parses a time written by an export: ISO 8601 / Unix (as
/// try_parse_timestamp()) or the US form `M/D/YYYY[ h:mm[:ss][ AM|PM]]`.
/// \return microseconds since the epoch (UTC), or std::nullopt. Never throws.
[[nodiscard]] constexpr std::optional<timestamp_t> try_parse_export_time(std::string_view s) noexcept {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  const auto slash = s.find('/');
  if (slash != std::string_view::npos && slash <= 2) return detail::parse_us_datetime(s);
  return try_parse_timestamp(s);
}

}  // namespace onakit
