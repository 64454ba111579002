#pragma once
/// \file text_encoding.hpp
/// The character encoding of a table (CSV, edge list, message trace, Viva
/// export) and its conversion to the UTF-8 the readers parse.
///
/// Every string onakit returns is UTF-8. A table in another encoding is
/// transcoded once, before parsing (O(bytes), one copy of the file); a
/// UTF-8 table is parsed in place and each record is checked instead (see
/// csv.hpp's check_row_shape(): a record that is not valid UTF-8 is a bad
/// record "invalid UTF-8", whose hint says to pass `encoding=`).
///
/// | `encoding=` (case and `-`/`_` ignored)              | reads                        |
/// |-----------------------------------------------------|------------------------------|
/// | `"utf-8"` (default), `"utf8"`, `"utf-8-sig"`, `"ascii"` | UTF-8                     |
/// | `"latin-1"`, `"iso-8859-1"`, `"latin1"`             | ISO-8859-1                   |
/// | `"cp1252"`, `"windows-1252"`                        | Windows-1252 (Excel's "ANSI" on Western Windows) |
/// | `"utf-16"`                                          | UTF-16, byte order from the BOM, else little-endian |
/// | `"utf-16-le"`, `"utf-16-be"`                        | UTF-16 in that byte order    |
///
/// A byte-order mark decides whatever `encoding` says: EF BB BF is UTF-8
/// (skipped), FF FE UTF-16LE and FE FF UTF-16BE (Excel's "Unicode text" and
/// PowerShell 5's Export-Csv write UTF-16 with a BOM). Unpaired UTF-16
/// surrogates and a dangling odd byte become U+FFFD. A UTF-8 input that looks
/// like UTF-16 without a BOM (a NUL in every other byte of its first line)
/// is a parse_error "UTF-16 text without a byte-order mark" naming the
/// encoding to pass. Transcoding keeps line breaks, so line numbers in
/// errors are those of the file.
///
/// Example:
/// \code
///   std::string storage;
///   std::string_view text = onakit::decode_text(raw, onakit::parse_text_encoding("latin-1"), "hr.csv", storage);
/// \endcode

#include <onakit/detail/utf8.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/text_source.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace onakit::inline v0_1 {

/// The encoding of an input table; see the file summary.
enum class text_encoding : std::uint8_t {
  utf8,     ///< UTF-8 (default)
  latin1,   ///< ISO-8859-1
  cp1252,   ///< Windows-1252
  utf16,    ///< UTF-16, byte order from the BOM, else little-endian
  utf16le,  ///< UTF-16 little-endian
  utf16be,  ///< UTF-16 big-endian
};

/// The encoding named `name` (as Python spells it; case, `-` and `_` are
/// ignored). \throws invalid_option naming `encoding=` and the names known.
[[nodiscard]] inline text_encoding parse_text_encoding(std::string_view name) {
  std::string k;
  for (const char c : name)
    if (c != '-' && c != '_' && c != ' ') k.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  if (k == "utf8" || k == "utf8sig" || k == "ascii" || k == "usascii") return text_encoding::utf8;
  if (k == "latin1" || k == "iso88591" || k == "l1")
    return text_encoding::latin1;
  if (k == "cp1252" || k == "windows1252") return text_encoding::cp1252;
  if (k == "utf16") return text_encoding::utf16;
  if (k == "utf16le") return text_encoding::utf16le;
  if (k == "utf16be") return text_encoding::utf16be;
  throw invalid_option("encoding must be 'utf-8', 'latin-1', 'cp1252', 'utf-16', 'utf-16-le' or 'utf-16-be', not '" +
                       detail::to_utf8_fallback(name) + "'");
}

namespace detail {

/// Appends UTF-16 bytes (no BOM) to `out` as UTF-8; see the file summary.
inline void append_utf16_as_utf8(std::string_view bytes, bool big_endian, std::string& out) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size() / 2;
  auto unit = [&](std::size_t k) -> std::uint32_t {
    return big_endian ? (std::uint32_t{p[2 * k]} << 8) | p[2 * k + 1] : (std::uint32_t{p[2 * k + 1]} << 8) | p[2 * k];
  };
  out.reserve(out.size() + n + n / 4);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t u = unit(k);
    if (u < 0xD800 || u > 0xDFFF) {
      append_utf8(out, u);
    } else if (u <= 0xDBFF && k + 1 < n && unit(k + 1) >= 0xDC00 && unit(k + 1) <= 0xDFFF) {
      append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (unit(k + 1) - 0xDC00));
      ++k;
    } else {
      append_utf8(out, 0xFFFD);
    }
  }
  if (bytes.size() % 2 != 0) append_utf8(out, 0xFFFD);
}

}  // namespace detail

/// `raw` as UTF-8 text without a BOM: a view of `raw` itself when no
/// conversion is needed (UTF-8, or 8-bit text that is all ASCII), else a
/// view of `storage`, which receives the converted text. See the file
/// summary for the rules.
/// \throws parse_error (line 0) for UTF-8 input that is evidently UTF-16 without a BOM.
/// \par Complexity  O(bytes); the UTF-8 path only looks at the first bytes.
[[nodiscard]] inline std::string_view decode_text(std::string_view raw, text_encoding encoding, const std::string& name,
                                                  std::string& storage) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(raw[k]); };
  if (raw.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) {
    raw.remove_prefix(3);
    encoding = text_encoding::utf8;
  } else if (raw.size() >= 2 && byte(0) == 0xFF && byte(1) == 0xFE) {
    raw.remove_prefix(2);
    encoding = text_encoding::utf16le;
  } else if (raw.size() >= 2 && byte(0) == 0xFE && byte(1) == 0xFF) {
    raw.remove_prefix(2);
    encoding = text_encoding::utf16be;
  }
  // A doubled mark (a tool that added one to a file that had one) is no text
  // either: the first column's name would start with an invisible U+FEFF.
  const auto more_boms = [](std::string_view t) {
    while (t.size() >= 3 && t.compare(0, 3, "\xEF\xBB\xBF") == 0) t.remove_prefix(3);
    return t;
  };
  switch (encoding) {
    case text_encoding::utf8:
      raw = more_boms(raw);
      // "a\0b\0" or "\0a\0b": UTF-16 read as UTF-8 would be a file of NULs.
      if (raw.size() >= 4 && (raw[0] == '\0') != (raw[1] == '\0') && (raw[0] == '\0') == (raw[2] == '\0') &&
          (raw[1] == '\0') == (raw[3] == '\0')) {
        const bool le = raw[1] == '\0';
        throw parse_error(name, 0, "", "UTF-16 text without a byte-order mark",
                          std::string("pass encoding='") + (le ? "utf-16-le" : "utf-16-be") + "'");
      }
      return raw;
    case text_encoding::latin1:
    case text_encoding::cp1252: {
      if (detail::is_ascii(raw)) return raw;
      storage.clear();
      detail::append_8bit_as_utf8(raw, encoding == text_encoding::cp1252, storage);
      return storage;
    }
    case text_encoding::utf16:
    case text_encoding::utf16le:
    case text_encoding::utf16be:
      storage.clear();
      detail::append_utf16_as_utf8(raw, encoding == text_encoding::utf16be, storage);
      return more_boms(storage);
  }
  return raw;
}

namespace detail {
/// The hint of an "invalid UTF-8" record or file.
inline constexpr std::string_view not_utf8_hint =
    "the text is not UTF-8; pass the file's encoding as encoding=, e.g. 'latin-1', 'cp1252' or 'utf-16'";
}  // namespace detail

namespace detail {
/// The 1-based line of the first byte of `text` that is not UTF-8 (the line
/// after the text when it is all UTF-8).
[[nodiscard]] inline std::uint64_t first_invalid_utf8_line(std::string_view text) noexcept {
  std::size_t ok = 0;  // the longest valid prefix ends at the first bad byte
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  while (ok < text.size()) {
    const std::size_t len = p[ok] < 0x80 ? 1 : utf8_sequence(p + ok, text.size() - ok);
    if (len == 0) break;
    ok += len;
  }
  return static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(ok), '\n')) + 1;
}
}  // namespace detail

/// `raw`, the bytes of a whole table file, as checked UTF-8 text, for
/// callers that parse it with another tokenizer (Python's `read_people`
/// hands it to pandas): decoded by decode_text() and checked whole, since no
/// row loop will check it.
/// \throws parse_error naming `name`: "invalid UTF-8" with the line of the
///         first bad byte and a hint to pass `encoding=`; "empty input" for
///         only whitespace.
/// \par Complexity  O(bytes); one decoded copy.
[[nodiscard]] inline std::string decode_table_text(std::string_view raw, text_encoding encoding,
                                                   const std::string& name) {
  std::string storage;
  const std::string_view text = decode_text(raw, encoding, name, storage);
  if (!detail::valid_utf8(text))
    throw parse_error(name, detail::first_invalid_utf8_line(text), "", "invalid UTF-8", std::string(detail::not_utf8_hint));
  if (std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }))
    throw parse_error(name, 0, "", "empty input", "expected a header row, then one row per record");
  return std::string(text);
}

/// decode_table_text() of a file, read as the readers read (text_source:
/// `.gz` decompressed, at most `max_bytes`).
/// \throws io_error for a missing, unreadable or too large file, and as decode_table_text().
[[nodiscard]] inline std::string read_table_text(const std::filesystem::path& path, text_encoding encoding,
                                                 std::uint64_t max_bytes = default_max_input_bytes) {
  const text_source src = text_source::open(path, /*populate=*/true, max_bytes);
  return src.parse([&](std::string_view raw) { return decode_table_text(raw, encoding, path.string()); });
}

}  // namespace onakit
