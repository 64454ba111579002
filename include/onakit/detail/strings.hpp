#pragma once
// Small ASCII string helpers shared by the readers (locale-independent):
// the one trim of every reader, and case-insensitive comparison.

#include <cstddef>
#include <string_view>

namespace onakit::inline v0_1::detail {

inline constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// The blanks trim() removes: space, tab, CR, LF (not isspace(): no locale,
/// and a vertical tab or form feed is a control character, which the
/// identity rules refuse rather than hide).
inline constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// `s` without blanks (is_blank) at either end. The one trim of the readers:
/// CSV fields, mail headers, identifiers and numbers all use it. O(blanks).
[[nodiscard, gnu::always_inline]] constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

/// ASCII case-insensitive equality.
[[nodiscard]] inline constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace onakit::detail
