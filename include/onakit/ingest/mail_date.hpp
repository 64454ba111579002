#pragma once
/// \file mail_date.hpp
/// parse_rfc5322_date(): `[Day,] DD Mon YYYY HH:MM[:SS] [zone]` to a
/// timestamp_t (UTC microseconds). Zones: `+hhmm`/`-hhmm`, the obsolete
/// names UT, UTC, GMT, Z, EST/EDT, CST/CDT, MST/MDT, PST/PDT, and military
/// letters (read as +0000 as RFC 5322 §4.3 says); a missing zone is UTC.
/// Obsolete two-digit years follow §4.3 (00-49 -> 20xx, 50-99 -> 19xx),
/// three-digit years add 1900. Trailing comments (`(PDT)`), a missing comma,
/// extra spaces and a seconds fraction are accepted.
///
/// Example: `parse_rfc5322_date("Fri, 25 May 2001 14:33:38 -0700 (PDT)")`.

#include <onakit/detail/strings.hpp>
#include <onakit/ingest/detail/mail_text.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace onakit::inline v0_1 {

namespace detail {

inline bool date_word(std::string_view s, std::size_t& i, std::string_view& w) {
  while (i < s.size() && (is_blank(s[i]) || s[i] == ',')) ++i;
  const std::size_t start = i;
  while (i < s.size() && !is_blank(s[i]) && s[i] != ',') ++i;
  w = s.substr(start, i - start);
  return !w.empty();
}

inline bool all_digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

inline int to_int(std::string_view s) noexcept {
  int v = 0;
  for (const char c : s) v = v * 10 + (c - '0');
  return v;
}

inline int month_number(std::string_view m) noexcept {
  static constexpr std::string_view names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                "jul", "aug", "sep", "oct", "nov", "dec"};
  if (m.size() < 3) return 0;
  for (int k = 0; k < 12; ++k)
    if (iequals(m.substr(0, 3), names[k])) return k + 1;
  return 0;
}

/// Offset of a zone in minutes east of UTC, or nullopt if `z` is not a zone.
inline std::optional<int> zone_minutes(std::string_view z) noexcept {
  if ((z[0] == '+' || z[0] == '-') && z.size() >= 5 && all_digits(z.substr(1, 4))) {
    const int h = to_int(z.substr(1, 2)), m = to_int(z.substr(3, 2));
    if (m >= 60) return std::nullopt;
    return (z[0] == '-' ? -1 : 1) * (h * 60 + m);
  }
  struct named {
    std::string_view name;
    int hours;
  };
  static constexpr named names[] = {{"UT", 0},   {"UTC", 0},  {"GMT", 0},  {"Z", 0},   {"EST", -5},
                                    {"EDT", -4}, {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6},
                                    {"PST", -8}, {"PDT", -7}};
  for (const auto& nm : names)
    if (iequals(z, nm.name)) return nm.hours * 60;
  if (z.size() == 1 && std::isalpha(static_cast<unsigned char>(z[0])) != 0 && z[0] != 'j' && z[0] != 'J')
    return 0;  // military zones: RFC 5322 §4.3 says to read them as -0000
  return std::nullopt;
}

/// The usual form `[Ddd, ]D[D] Mon YYYY HH:MM:SS +hhmm`, with single
/// spaces, read without the general word loop (which was ~4% of mbox
/// ingest). False for anything else, valid or not: parse_rfc5322_date()
/// then decides. Where it answers, the answer is the general parser's.
inline bool parse_common_date(std::string_view s, timestamp_t& out) noexcept {
  const char* p = s.data();
  const char* e = p + s.size();
  while (p < e && is_blank(*p)) ++p;
  while (e > p && is_blank(e[-1])) --e;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto num = [](const char* q, int k) {
    int v = 0;
    for (int j = 0; j < k; ++j) v = v * 10 + (q[j] - '0');
    return v;
  };
  if (e - p >= 5 && alpha(p[0]) && alpha(p[1]) && alpha(p[2]) && p[3] == ',' && p[4] == ' ') p += 5;
  int nd = 0;
  while (p + nd < e && digit(p[nd]) && nd < 3) ++nd;
  if (nd == 0 || nd > 2 || p + nd >= e || p[nd] != ' ') return false;
  const int day = num(p, nd);
  p += nd + 1;
  if (e - p < 4 || p[3] != ' ') return false;
  const int month = month_number(std::string_view(p, 3));
  if (month == 0) return false;
  p += 4;
  if (e - p < 5 || !digit(p[0]) || !digit(p[1]) || !digit(p[2]) || !digit(p[3]) || p[4] != ' ') return false;
  const int year = num(p, 4);
  p += 5;
  if (e - p != 14 || !digit(p[0]) || !digit(p[1]) || p[2] != ':' || !digit(p[3]) || !digit(p[4]) || p[5] != ':' ||
      !digit(p[6]) || !digit(p[7]) || p[8] != ' ' || (p[9] != '+' && p[9] != '-') || !digit(p[10]) ||
      !digit(p[11]) || !digit(p[12]) || !digit(p[13]))
    return false;
  const int hh = num(p, 2), mm = num(p + 3, 2), ss = num(p + 6, 2);
  const int zh = num(p + 10, 2), zm = num(p + 12, 2);
  if (zm >= 60 || day < 1 || day > static_cast<int>(days_in_month(year, static_cast<unsigned>(month))) || hh > 23 ||
      mm > 59 || ss > 60)
    return false;
  const int offset = (p[9] == '-' ? -1 : 1) * (zh * 60 + zm);
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t secs = days * 86400 + hh * 3600 + mm * 60 + ss - static_cast<std::int64_t>(offset) * 60;
  out = secs * microseconds_per_second;
  return true;
}

}  // namespace detail

/// Parses an RFC 5322 Date value (see the file summary). Returns UTC
/// microseconds, or nullopt if it is not a date. Never throws.
/// \par Complexity  O(|s|).
[[nodiscard]] inline std::optional<timestamp_t> parse_rfc5322_date(std::string_view s) noexcept {
  // drop comments such as "(PDT)"
  if (const auto paren = detail::find_byte(s, '('); paren != std::string_view::npos) s = s.substr(0, paren);
  if (timestamp_t t = 0; detail::parse_common_date(s, t)) return t;
  std::size_t i = 0;
  std::string_view w;
  if (!detail::date_word(s, i, w)) return std::nullopt;
  if (!detail::all_digits(w)) {  // day of week
    if (!detail::date_word(s, i, w)) return std::nullopt;
  }
  int day = 0, month = 0, year = 0;
  if (detail::all_digits(w) && w.size() <= 2) {
    day = detail::to_int(w);
    if (!detail::date_word(s, i, w) || (month = detail::month_number(w)) == 0) return std::nullopt;
  } else if ((month = detail::month_number(w)) != 0) {  // "Mon Jan 15 2004 ..."-style: month first
    if (!detail::date_word(s, i, w) || !detail::all_digits(w) || w.size() > 2) return std::nullopt;
    day = detail::to_int(w);
  } else {
    return std::nullopt;
  }
  if (!detail::date_word(s, i, w) || !detail::all_digits(w) || w.size() > 4) return std::nullopt;
  year = detail::to_int(w);
  if (w.size() == 2) year += year < 50 ? 2000 : 1900;
  else if (w.size() == 3) year += 1900;
  if (!detail::date_word(s, i, w)) return std::nullopt;
  // time: hh:mm[:ss[.frac]]
  int hh = 0, mm = 0, ss = 0;
  {
    const std::size_t c1 = w.find(':');
    if (c1 == std::string_view::npos) return std::nullopt;
    const std::size_t c2 = w.find(':', c1 + 1);
    std::string_view h = w.substr(0, c1), m = w.substr(c1 + 1, c2 == std::string_view::npos ? w.npos : c2 - c1 - 1);
    std::string_view sec = c2 == std::string_view::npos ? std::string_view{} : w.substr(c2 + 1);
    if (const auto dot = sec.find('.'); dot != std::string_view::npos) sec = sec.substr(0, dot);
    if (!detail::all_digits(h) || !detail::all_digits(m) || h.size() > 2 || m.size() != 2) return std::nullopt;
    if (c2 != std::string_view::npos && (!detail::all_digits(sec) || sec.size() != 2)) return std::nullopt;
    hh = detail::to_int(h);
    mm = detail::to_int(m);
    ss = sec.empty() ? 0 : detail::to_int(sec);
  }
  int offset = 0;
  if (detail::date_word(s, i, w)) {
    auto z = detail::zone_minutes(w);
    if (!z) return std::nullopt;
    offset = *z;
  }
  if (month < 1 || month > 12 || day < 1 ||
      day > static_cast<int>(detail::days_in_month(year, static_cast<unsigned>(month))) || hh > 23 || mm > 59 ||
      ss > 60)
    return std::nullopt;
  const std::int64_t days =
      detail::days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t secs = days * 86400 + hh * 3600 + mm * 60 + ss - static_cast<std::int64_t>(offset) * 60;
  return secs * microseconds_per_second;
}

}  // namespace onakit
