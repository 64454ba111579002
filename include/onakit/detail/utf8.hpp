#pragma once
// UTF-8 checks and repairs shared by the readers. Every string onakit hands
// out (labels, display names, message ids, report keys, attribute values)
// is valid UTF-8: the Python layer turns them into `str`, which fails on
// anything else. Readers either refuse text that is not UTF-8 (tables:
// "invalid UTF-8", with a hint to pass `encoding=`) or repair it with
// to_utf8_fallback() (mail headers, where raw 8-bit bytes are common).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace onakit::inline v0_1::detail {

/// Length of the well-formed UTF-8 sequence at p[0, n) (Unicode Table 3-7:
/// no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
/// p[0] must be a non-ASCII byte.
inline std::size_t utf8_sequence(const unsigned char* p, std::size_t n) noexcept {
  const unsigned c = p[0];
  auto cont = [&](std::size_t k) { return k < n && (p[k] & 0xC0U) == 0x80U; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 2) return 0;
    const unsigned c1 = p[1];
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 2) return 0;
    const unsigned c1 = p[1];
    if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/// True if `s` holds ASCII only. Sixteen bytes per step with the high bits
/// OR-ed together (the last step overlaps the one before, so there is no
/// byte-by-byte tail); strings under 16 bytes take two overlapping 8-byte
/// words. Branch-free per step: the readers call it once per record.
[[nodiscard]] inline bool is_ascii(std::string_view s) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
#if defined(__SSE2__)
  if (n >= 16) {
    __m128i acc = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
    for (std::size_t i = 0; i + 16 <= n; i += 16)
      acc = _mm_or_si128(acc, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
    return _mm_movemask_epi8(acc) == 0;
  }
#endif
  if (n >= 8) {
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    if (((a | b) & 0x8080808080808080ULL) != 0) return false;
    for (std::size_t i = 8; i + 8 < n; i += 8) {  // only without SSE2
      std::memcpy(&a, p + i, 8);
      if ((a & 0x8080808080808080ULL) != 0) return false;
    }
    return true;
  }
  unsigned char acc = 0;
  for (std::size_t i = 0; i < n; ++i) acc |= static_cast<unsigned char>(p[i]);
  return acc < 0x80;
}

/// True if `s` is well-formed UTF-8. The common all-ASCII string costs one
/// is_ascii() pass; only a string with non-ASCII bytes takes the full check,
/// sequence by sequence. O(|s|).
[[nodiscard]] inline bool valid_utf8(std::string_view s) noexcept {
  if (is_ascii(s)) return true;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence(p + i, n - i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

/// The Unicode code point of byte `b` (0x80..0xFF) in Windows-1252. Its five
/// undefined bytes (0x81 0x8D 0x8F 0x90 0x9D) map to the same code points as
/// in Latin-1, as the WHATWG encoding standard does, so every byte decodes.
inline std::uint32_t cp1252_code_point(unsigned char b) noexcept {
  static constexpr std::uint16_t high[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  return b >= 0x80 && b < 0xA0 ? high[b - 0x80] : b;
}

/// Appends code point `cp` (< 0x110000, not a surrogate) to `out` as UTF-8.
inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

/// Appends single-byte text to `out` as UTF-8: Latin-1 (ISO-8859-1, every
/// byte is its own code point) or, with `cp1252`, Windows-1252 (the superset
/// Windows writes under the name Latin-1: 0x80-0x9F are € ‚ ƒ „ … and so on).
inline void append_8bit_as_utf8(std::string_view bytes, bool cp1252, std::string& out) {
  out.reserve(out.size() + bytes.size() + bytes.size() / 8);
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) out.push_back(ch);
    else append_utf8(out, cp1252 ? cp1252_code_point(b) : b);
  }
}

/// The documented fallback for text of unknown encoding (raw 8-bit mail
/// headers): `s` itself when it is valid UTF-8, else `s` read as
/// Windows-1252. Never fails; the result is always valid UTF-8.
[[nodiscard]] inline std::string to_utf8_fallback(std::string_view s) {
  if (valid_utf8(s)) return std::string(s);
  std::string out;
  append_8bit_as_utf8(s, true, out);
  return out;
}

/// In-place form of to_utf8_fallback(): leaves a valid string untouched.
inline void make_valid_utf8(std::string& s) {
  if (valid_utf8(s)) return;
  std::string out;
  append_8bit_as_utf8(s, true, out);
  s = std::move(out);
}

/// The first control character (C0 or DEL) in `s`, or -1. Such a byte (NUL
/// above all) cannot be part of an address or an id: identities.hpp uses
/// this to refuse them as "bad address".
[[nodiscard]] inline int first_control_char(std::string_view s) noexcept {
  for (const char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x20 || b == 0x7F) return b;
  }
  return -1;
}

}  // namespace onakit::detail
