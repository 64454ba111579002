#pragma once
/// \file rfc2047.hpp
/// decode_rfc2047(): `=?charset?Q|B?text?=` encoded words in mail headers
/// (RFC 2047, RFC 2231 language suffix `*lang` ignored), converted to UTF-8
/// through iconv (glibc: utf-8, us-ascii, iso-8859-*, windows-125x, koi8-r,
/// gb2312, big5, ...). Whitespace between adjacent encoded words is dropped,
/// as §6.2 requires. A word in an unknown charset or with bad base64 is kept
/// as written; invalid bytes become U+FFFD. Text outside encoded words is
/// kept when it is UTF-8 and otherwise read as Windows-1252 (raw 8-bit
/// headers, which RFC 5322 forbids but old archives hold, are nearly always
/// Latin-1 or Windows-1252), so the result is always valid UTF-8.
///
/// Example: `decode_rfc2047("=?iso-8859-1?q?J=F6rg?= Lee")` is `"Jörg Lee"`.

#include <onakit/detail/strings.hpp>
#include <onakit/detail/utf8.hpp>
#include <onakit/ingest/detail/mail_text.hpp>

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onakit::inline v0_1 {

namespace detail {

/// Appends `bytes` in `charset` to `out` as UTF-8; false if iconv does not
/// know the charset.
inline bool charset_to_utf8(std::string_view charset, std::string_view bytes, std::string& out) {
  std::string cs(charset);
  for (char& c : cs) c = ascii_lower(c);
  if (cs == "utf-8" || cs == "utf8" || cs == "us-ascii" || cs == "ascii") {
    // Still validate: replace invalid UTF-8 by going through iconv below.
    if (cs != "utf-8" && cs != "utf8") {
      out.append(bytes);
      return true;
    }
  }
  iconv_t cd = iconv_open("UTF-8", cs.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string in(bytes);
  char* ip = in.data();
  std::size_t il = in.size();
  char buf[512];
  while (il > 0) {
    char* op = buf;
    std::size_t ol = sizeof buf;
    const std::size_t r = iconv(cd, &ip, &il, &op, &ol);
    out.append(buf, static_cast<std::size_t>(op - buf));
    if (r == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) continue;
      // EILSEQ / EINVAL: one bad byte -> U+FFFD, go on after it.
      out.append("\xEF\xBF\xBD");
      ++ip;
      --il;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  iconv_close(cd);
  return true;
}

inline int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

inline int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/// Decodes one encoded word's text; false on bad base64.
inline bool decode_word_text(char encoding, std::string_view text, std::string& bytes) {
  bytes.clear();
  if (encoding == 'Q' || encoding == 'q') {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (c == '_') bytes.push_back(' ');
      else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
        bytes.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
        i += 2;
      } else bytes.push_back(c);
    }
    return true;
  }
  std::uint32_t acc = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    const int v = base64_value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((acc >> bits) & 0xFFU));
    }
  }
  return true;
}

/// Position and parts of the encoded word starting at `s[i]` ("=?"), if valid.
struct encoded_word {
  std::size_t end = 0;  ///< one past "?="
  std::string_view charset;
  char encoding = 0;
  std::string_view text;
};

inline std::optional<encoded_word> match_encoded_word(std::string_view s, std::size_t i) {
  if (s.compare(i, 2, "=?") != 0) return std::nullopt;
  const std::size_t q1 = s.find('?', i + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return std::nullopt;
  const char enc = s[q1 + 1];
  if (enc != 'Q' && enc != 'q' && enc != 'B' && enc != 'b') return std::nullopt;
  const std::size_t end = s.find("?=", q1 + 3);
  if (end == std::string_view::npos) return std::nullopt;
  encoded_word w;
  w.charset = s.substr(i + 2, q1 - i - 2);
  if (const auto star = w.charset.find('*'); star != std::string_view::npos) w.charset = w.charset.substr(0, star);
  w.encoding = enc;
  w.text = s.substr(q1 + 3, end - q1 - 3);
  w.end = end + 2;
  if (w.charset.empty() || w.text.find_first_of(" \t") != std::string_view::npos) return std::nullopt;
  return w;
}

}  // namespace detail

/// Decodes RFC 2047 encoded words in `s` to UTF-8 (see the file summary).
/// Text outside encoded words is copied unchanged.
/// \throws only std::bad_alloc (undecodable words are kept as written).
[[nodiscard]] inline std::string decode_rfc2047(std::string_view s) {
  if (s.find("=?") == std::string_view::npos) return detail::to_utf8_fallback(s);  // the common case: nothing encoded
  std::string out;
  out.reserve(s.size());
  std::string bytes;
  std::size_t i = 0;
  std::size_t literal = 0;  // start of the run of text outside encoded words
  auto flush_literal = [&](std::size_t end) {
    if (end > literal) out += detail::to_utf8_fallback(s.substr(literal, end - literal));
  };
  while (i < s.size()) {
    if (s[i] == '=' && i + 1 < s.size() && s[i + 1] == '?') {
      if (auto w = detail::match_encoded_word(s, i)) {
        std::string decoded;
        if (detail::decode_word_text(w->encoding, w->text, bytes) &&
            detail::charset_to_utf8(w->charset, bytes, decoded)) {
          flush_literal(i);
          detail::make_valid_utf8(decoded);  // a us-ascii word with 8-bit bytes
          out += decoded;
          i = w->end;
          // Whitespace after an encoded word is dropped only if another encoded word follows.
          std::size_t j = i;
          while (j < s.size() && detail::is_blank(s[j])) ++j;
          if (j > i && j < s.size() && detail::match_encoded_word(s, j)) i = j;
          literal = i;
          continue;
        }
      }
    }
    ++i;
  }
  flush_literal(s.size());
  return out;
}

}  // namespace onakit
