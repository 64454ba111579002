#pragma once
/// \file csv.hpp
/// An RFC 4180 tokenizer for delimited text (CSV, `;`-separated, TSV, `|`).
///
/// Handles quoted fields (`"a, b"`), doubled quotes (`"say ""hi"""`), newlines
/// inside quotes, CRLF and LF line ends, and a UTF-8 byte-order mark (see
/// strip_bom()). Fields are returned as string_views into the input wherever
/// possible; only fields that contain doubled quotes are copied (into the
/// row's own buffer), so tokenizing allocates nothing in the steady state.
///
/// Quoting rule, precisely: a `"` anywhere in a field opens a quoted section
/// and the next lone `"` closes it; `""` inside a quoted section is a literal
/// quote. So `"a,b"` is `a,b`, `x"y,z"` is `xy,z`, and a stray quote in an
/// unquoted field (`5" wide`) opens a quoted section. That rule depends only
/// on the parity of quotes before a position, which is what lets the readers
/// split a file between threads at a newline outside quotes.
///
/// Blank lines (nothing, or only a CR) between rows are skipped and are not
/// rows. A line of spaces is a row with one field of spaces; readers treat a
/// row whose only field is blank as a blank line.
///
/// Example:
/// \code
///   onakit::csv_tokenizer tok(onakit::strip_bom(text), onakit::detect_delimiter(text));
///   onakit::csv_row row;
///   while (tok.next(row))
///     for (std::string_view f : row.fields) use(f, row.line);
/// \endcode
///
/// Complexity: O(bytes) time; memory O(fields of the longest row).

#include <onakit/detail/parallel.hpp>
#include <onakit/detail/strings.hpp>
#include <onakit/detail/utf8.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/text_encoding.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace onakit::inline v0_1 {

namespace detail {

/// First position >= i of `sep`, a newline or a quote in s[0, n), or n.
/// Sixteen bytes at a time with SSE2 (every x86-64 has it): fields are short
/// and most bytes are ordinary, so this is the tokenizer's inner loop.
inline std::size_t find_special(const char* s, std::size_t i, std::size_t n, char sep) noexcept {
#if defined(__SSE2__)
  const __m128i vs = _mm_set1_epi8(sep), vn = _mm_set1_epi8('\n'), vq = _mm_set1_epi8('"');
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vs), _mm_cmpeq_epi8(x, vn)),
                                     _mm_cmpeq_epi8(x, vq));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  for (; i < n; ++i)
    if (s[i] == sep || s[i] == '\n' || s[i] == '"') return i;
  return n;
}

}  // namespace detail

/// Removes a leading UTF-8 byte-order mark (EF BB BF), if present.
/// \throws nothing.
[[nodiscard]] constexpr std::string_view strip_bom(std::string_view text) noexcept {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  return text;
}

/// Trims spaces, tabs, CR and LF at both ends (the readers' one trim,
/// detail/strings.hpp).
using detail::trim;

/// Guesses the delimiter of a header line: whichever of `,` `;` `\t` `|`
/// occurs most often outside quotes (ties go to the earlier in that list);
/// `,` when none occurs. Only the first line of `text` is looked at.
/// \throws nothing.
[[nodiscard]] inline char detect_delimiter(std::string_view text) noexcept {
  constexpr char candidates[4] = {',', ';', '\t', '|'};
  std::size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    for (int k = 0; k < 4; ++k)
      if (c == candidates[k]) ++counts[k];
  }
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (counts[k] > counts[best]) best = k;
  return counts[best] == 0 ? ',' : candidates[best];
}

/// One row of delimited text.
struct csv_row {
  /// The fields, quotes removed and `""` unescaped, not trimmed. Views into
  /// the input or into `buffer`; valid until the next call to next().
  std::vector<std::string_view> fields;
  /// 1-based line number where the row starts.
  std::uint64_t line = 0;
  /// True when the input ended inside a quoted section (the last field then
  /// runs to the end of the input).
  bool unterminated_quote = false;
  /// Storage for fields that had to be unescaped.
  std::string buffer;
  /// The row's bytes as in the input (quotes and line end included): what
  /// check_row_shape() checks for UTF-8 in one pass.
  std::string_view text;

  [[nodiscard]] std::size_t size() const noexcept { return fields.size(); }
  /// True when the row is a single blank field (a line of spaces).
  [[nodiscard]] bool blank() const noexcept { return fields.size() == 1 && trim(fields[0]).empty(); }

 private:
  friend class csv_tokenizer;
  struct span {
    std::size_t begin, end;
    bool unescape;
  };
  std::vector<span> spans_;
};

/// Splits delimited text into rows of fields; see the file summary for the
/// exact quoting rules.
class csv_tokenizer {
 public:
  /// \param text        the input (not copied; must outlive the tokenizer and its rows)
  /// \param sep         the field delimiter
  /// \param first_line  the line number of text's first line (for chunks of a file)
  explicit csv_tokenizer(std::string_view text, char sep = ',', std::uint64_t first_line = 1) noexcept
      : text_(text), sep_(sep), line_(first_line) {}

  /// Reads the next row into `row`; false at the end of the input.
  bool next(csv_row& row) {
    const char* s = text_.data();
    const std::size_t n = text_.size();
    // Skip blank lines.
    while (pos_ < n && (s[pos_] == '\n' || s[pos_] == '\r')) {
      if (s[pos_] == '\n') ++line_;
      ++pos_;
    }
    row.fields.clear();
    row.spans_.clear();
    row.unterminated_quote = false;
    if (pos_ >= n) return false;
    row.line = line_;
    const std::size_t row_begin = pos_;

    std::size_t unescape_bytes = 0;
    for (;;) {  // one field per iteration
      const std::size_t begin = pos_;
      bool has_quote = false;
      bool quoted = false;
      std::size_t i = pos_;
      char c = '\0';
      while (i < n) {
        if (!quoted) {
          i = detail::find_special(s, i, n, sep_);
          if (i >= n) break;
          c = s[i];
          if (c != '"') break;  // the delimiter or a newline ends the field
          quoted = true;
          has_quote = true;
          ++i;
          continue;
        }
        c = s[i];
        if (c == '"') quoted = false;  // "" re-opens at the next quote: parity rule
        else if (c == '\n') ++line_;
        ++i;
      }
      std::size_t end = i;
      const bool at_end = i >= n;
      if (at_end && quoted) row.unterminated_quote = true;
      if (!at_end && c == '\n' && end > begin && s[end - 1] == '\r') --end;  // CRLF
      if (!has_quote) {
        row.spans_.push_back({begin, end, false});
      } else {
        // Fast case: the whole field is one quoted section without "".
        const std::string_view raw(s + begin, end - begin);
        const std::size_t first = raw.find('"');
        const std::size_t last = raw.rfind('"');
        bool simple = raw.size() >= 2 && raw.front() == '"' && raw.back() == '"' && first == 0 &&
                      raw.find('"', 1) == last;
        if (simple) {
          row.spans_.push_back({begin + 1, end - 1, false});
        } else {
          row.spans_.push_back({begin, end, true});
          unescape_bytes += end - begin;
        }
      }
      if (at_end) {
        pos_ = n;
        break;
      }
      pos_ = i + 1;
      if (c == '\n') {
        ++line_;
        break;
      }
    }

    row.buffer.clear();
    row.buffer.reserve(unescape_bytes);  // no reallocation below: views stay valid
    row.fields.reserve(row.spans_.size());
    for (const auto& sp : row.spans_) {
      if (!sp.unescape) {
        row.fields.emplace_back(s + sp.begin, sp.end - sp.begin);
        continue;
      }
      const std::size_t start = row.buffer.size();
      bool quoted = false;
      for (std::size_t k = sp.begin; k < sp.end; ++k) {
        const char ch = s[k];
        if (ch != '"') {
          row.buffer.push_back(ch);
        } else if (quoted && k + 1 < sp.end && s[k + 1] == '"') {
          row.buffer.push_back('"');
          ++k;
        } else {
          quoted = !quoted;
        }
      }
      row.fields.emplace_back(row.buffer.data() + start, row.buffer.size() - start);
    }
    row.text = text_.substr(row_begin, pos_ - row_begin);
    return true;
  }

  /// Byte offset of the next unread character.
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }
  /// Line number of the next unread character.
  [[nodiscard]] std::uint64_t line() const noexcept { return line_; }

 private:
  std::string_view text_;
  char sep_;
  std::uint64_t line_;
  std::size_t pos_ = 0;
};

namespace detail {

/// Why a data row of a table with a header cannot be read: an unterminated
/// quote, not as many fields as the header, or bytes that are not UTF-8
/// (text_encoding.hpp: a table in another encoding needs `encoding=`).
/// `reason` is null when the row fits; otherwise `reason` (a literal, the
/// report key) and a `hint`.
struct row_shape_problem {
  const char* reason = nullptr;
  std::string hint;
};

[[nodiscard]] inline row_shape_problem check_row_shape(const csv_row& row, std::size_t columns) {
  if (row.unterminated_quote) return {"unterminated quote", "a quoted field opened here is never closed"};
  if (row.size() != columns)
    return {"wrong number of fields", "expected " + std::to_string(columns) + " as in the header, found " +
                                          std::to_string(row.size()) + "; check the separator and the quoting"};
  if (!valid_utf8(row.text)) return {"invalid UTF-8", std::string(not_utf8_hint)};
  return {};
}

/// Throws parse_error "invalid UTF-8" unless the header row is UTF-8 (a
/// header cannot be skipped like a record).
inline void require_utf8_header(const csv_row& header, const std::string& name) {
  if (!valid_utf8(header.text)) throw parse_error(name, header.line, "", "invalid UTF-8", std::string(not_utf8_hint));
}

/// Splits `text` into `parts` pieces whose boundaries fall just after a
/// newline outside quotes (under the quoting rule above), so each piece can be
/// tokenized on its own. Returns parts+1 offsets, first 0, last text.size();
/// pieces may be empty. Quotes are counted per piece in parallel; each
/// boundary is then moved forward to the first newline at even quote parity.
/// O(bytes) work.
inline std::vector<std::size_t> split_rows(std::string_view text, std::size_t parts) {
  if (parts == 0) parts = 1;
  const std::size_t n = text.size();
  std::vector<std::size_t> raw(parts + 1);
  for (std::size_t k = 0; k <= parts; ++k) raw[k] = n / parts * k + std::min(k, n % parts);
  std::vector<std::size_t> quotes(parts, 0);
  const auto np = static_cast<long long>(parts);
  ONAKIT_OMP(parallel for num_threads(static_cast<int>(parts)) schedule(static, 1))
  for (long long k = 0; k < np; ++k) {
    const auto u = static_cast<std::size_t>(k);
    quotes[u] = static_cast<std::size_t>(
        std::count(text.begin() + static_cast<std::ptrdiff_t>(raw[u]),
                   text.begin() + static_cast<std::ptrdiff_t>(raw[u + 1]), '"'));
  }
  std::vector<std::size_t> out(parts + 1, n);
  out[0] = 0;
  std::size_t before = 0;  // quotes in text[0, raw[k])
  for (std::size_t k = 1; k < parts; ++k) {
    before += quotes[k - 1];
    bool quoted = (before % 2) != 0;
    std::size_t i = std::max(raw[k], out[k - 1]);
    // When piece k-1 ran past raw[k], restart at its end, which is outside quotes.
    if (out[k - 1] > raw[k]) quoted = false;
    for (; i < n; ++i) {
      const char c = text[i];
      if (c == '"') quoted = !quoted;
      else if (c == '\n' && !quoted) break;
    }
    out[k] = i < n ? i + 1 : n;
  }
  return out;
}

}  // namespace detail

}  // namespace onakit
