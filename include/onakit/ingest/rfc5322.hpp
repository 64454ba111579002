#pragma once
/// \file rfc5322.hpp
/// Internet Message Format (RFC 5322) pieces the mail readers need: header
/// fields with unfolding and address lists. Lenient: it reads what real
/// archives contain, not only what the RFC allows.
///
/// - for_each_header_field(): walks a header block (up to the blank line) and
///   hands each field's name and raw, still folded value to a callback.
///   unfold() removes the line breaks of a folded value (RFC 5322 §2.2.3).
/// - parse_address_list(): RFC 5322 §3.4 address lists: display names
///   (atoms or quoted strings), comments `(...)` (nested, with `\` escapes),
///   `<addr-spec>`, obsolete routes `<@a,@b:user@host>`, groups
///   `Team: a@x, b@x;` and empty groups `undisclosed-recipients:;`, empty list
///   elements (`a@x,,b@x`), and the non-RFC forms found in archives:
///   `Name addr@host` without angle brackets (LISTSERV), pipermail's
///   `user at host (Name)`, and a comment holding the name
///   (`ann@x (Ann Lee)`). The addr-spec comes back lower-cased and trimmed;
///   the display name comes back RFC 2047-decoded to UTF-8, with quotes and
///   escapes removed. A list element without a usable address (no `@`, more
///   than one outside quotes, or a control character such as NUL in it, see
///   identities.hpp) is returned with an empty addr_spec so
///   that callers can count it.
/// - decode_rfc2047() (rfc2047.hpp) and parse_rfc5322_date() (mail_date.hpp),
///   included here, decode encoded words in display names and read Date.
///
/// Complexity: linear in the length of the text; no allocation except for
/// the returned strings.
///
/// Example:
/// \code
///   std::vector<onakit::mail_address> out;
///   onakit::parse_address_list("\"Lee, Ann\" <Ann@X.org>, undisclosed-recipients:;", out);
///   // out == {{"Lee, Ann", "ann@x.org"}}
///   auto t = onakit::parse_rfc5322_date("Fri, 25 May 2001 14:33:38 -0700 (PDT)");
/// \endcode

#include <onakit/detail/strings.hpp>
#include <onakit/detail/utf8.hpp>
#include <onakit/ingest/mail_date.hpp>
#include <onakit/ingest/detail/mail_text.hpp>
#include <onakit/ingest/rfc2047.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/types.hpp>

#include <iconv.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onakit::inline v0_1 {

/// One mailbox of an address list.
struct mail_address {
  std::string display_name;  ///< decoded to UTF-8; may be empty
  std::string addr_spec;     ///< `local@domain`, lower-cased; empty if the element had no usable address
};

/// Removes the line breaks of a folded header value (CRLF or LF followed by
/// whitespace, RFC 5322 §2.2.3) and any stray CR/LF.
/// \throws only std::bad_alloc.
[[nodiscard]] inline std::string unfold(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value)
    if (c != '\r' && c != '\n') out.push_back(c);
  return out;
}

namespace detail {

/// The loop of for_each_header_field() over `text` from offset `i`. With
/// StopAtFromLine the block also ends before a line that starts with
/// `From ` (an mbox separator): then `at_separator` is set and the offset
/// of that line is returned, so an mbox reader finds the end of a header
/// block and the next message in one pass.
/// Bytes that end a field name in the fast path of scan_header_fields().
inline constexpr auto field_name_stops = [] {
  std::array<bool, 256> t{};
  for (const char c : {':', ' ', '\t', '\r', '\n'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

template <bool StopAtFromLine, class F>
std::size_t scan_header_fields(std::string_view text, std::size_t i, F&& f, bool& at_separator) {
  const std::size_t n = text.size();
  const char* const d = text.data();
  std::string_view name;
  std::size_t value_start = 0, value_end = 0;
  bool have = false;
  auto flush = [&] {
    if (have) f(name, text.substr(value_start, value_end - value_start));
    have = false;
  };
  // End of the line starting at `from` without its line break, and the
  // start of the next line. A line ends at LF, CRLF or a lone CR (classic
  // Mac files, or a mix), as Python's email parser reads headers.
  auto line_end = [&](std::size_t from, std::size_t line_start, std::size_t& next) {
    const char* nl = find_byte(d + from, d + n, '\n');
    std::size_t eol = nl ? static_cast<std::size_t>(nl - d) : n;
    next = nl ? eol + 1 : n;
    if (const void* cr = std::memchr(d + from, '\r', eol - from)) {
      const auto r = static_cast<std::size_t>(static_cast<const char*>(cr) - d);
      if (r + 1 < eol || !nl) {  // a lone CR: not the CR of CRLF
        next = r + 1;
        return r;
      }
    }
    if (eol > line_start && d[eol - 1] == '\r') --eol;
    return eol;
  };
  at_separator = false;
  while (i < n) {
    if constexpr (StopAtFromLine) {
      if (n - i >= 5 && std::memcmp(d + i, "From ", 5) == 0) {
        flush();
        at_separator = true;
        return i;
      }
    }
    std::size_t next = n;
    const char c0 = d[i];
    if (c0 == ' ' || c0 == '\t') {  // continuation
      const std::size_t end = line_end(i, i, next);
      if (have) value_end = end;
      i = next;
      continue;
    }
    // Fast path for the usual `Name: value`: the name is read up to the
    // colon in the same pass that checks it has no whitespace.
    std::size_t j = i;
#if defined(__SSE2__)
    // names are short: one 16-byte step usually finds the stop
    while (j + 16 <= n) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + j));
      const __m128i ws = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
      const __m128i br = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
      const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(ws, br), _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))));
      if (mask != 0) {
        j += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        break;
      }
      j += 16;
    }
#endif
    while (j < n && !field_name_stops[static_cast<unsigned char>(d[j])]) ++j;
    if (j > i && j < n && d[j] == ':') {
      flush();
      name = text.substr(i, j - i);
      value_start = j + 1;
      value_end = line_end(j + 1, i, next);
      have = true;
      i = next;
      continue;
    }
    // Anything else: an empty line, a line without a colon, a name with
    // whitespace before the colon (`X-Header : v`).
    const std::size_t end = line_end(i, i, next);
    const std::string_view line = text.substr(i, end - i);
    if (line.empty()) {
      flush();
      return next;
    }
    flush();
    const std::size_t colon = find_byte(line, ':');
    if (colon != std::string_view::npos && colon > 0) {
      std::string_view nm = line.substr(0, colon);
      while (!nm.empty() && (nm.back() == ' ' || nm.back() == '\t')) nm.remove_suffix(1);
      if (!nm.empty() && find_byte(nm, ' ') == std::string_view::npos) {
        name = nm;
        value_start = i + colon + 1;
        value_end = end;
        have = true;
      }
    }
    i = next;
  }
  flush();
  return n;
}

}  // namespace detail

/// Calls `f(name, value)` for every field of the header block `headers`
/// (which ends at its first empty line, or at the end). `value` is the raw
/// text after the colon, continuation lines included (use unfold()). Lines
/// that are neither a field (`name:`) nor a continuation are ignored.
/// Returns the offset just past the empty line that ends the block (or
/// headers.size()).
template <class F>
std::size_t for_each_header_field(std::string_view headers, F&& f) {
  bool at_separator = false;
  return detail::scan_header_fields<false>(headers, 0, f, at_separator);
}

namespace detail {

/// Reusable buffers of the address-list scanner. The words of one list
/// element are kept as offsets into one byte buffer, so that once the
/// buffers have grown, scanning allocates nothing (profiling showed the
/// per-element strings and vectors at a third of mbox ingest).
struct address_scratch {
  void reset_element() {
    buf_.clear();
    bare_.clear();
    comment_.clear();
    angle_ = {};
    has_angle_ = false;
  }

  [[nodiscard]] std::string_view bare(std::size_t k) const noexcept {
    return {buf_.data() + bare_[k].first, bare_[k].second};
  }
  /// Appends bare words [from, to) to `out`, space-joined the way a display
  /// name is built: no space while `out` is still empty.
  void join(std::size_t from, std::size_t to, std::string& out) const {
    for (std::size_t k = from; k < to; ++k) {
      if (!out.empty()) out.push_back(' ');
      out.append(bare(k));
    }
  }
  void add_word(std::size_t start) { bare_.emplace_back(start, buf_.size() - start); }

  /// Computes spec_ (lower-cased, or empty if unusable) and name_ (raw) of
  /// the current element.
  void finish() {
    spec_.clear();
    name_.clear();
    if (has_angle_) {
      std::string_view in = trim(angle_);
      // obsolete route: <@a.org,@b.org:user@host>
      if (!in.empty() && in[0] == '@') {
        if (const auto colon = find_byte(in, ':'); colon != std::string_view::npos) in = in.substr(colon + 1);
      }
      spec_.assign(trim(in));
      join(0, bare_.size(), name_);
      if (name_.empty()) name_ = comment_;
    } else {
      // addr-spec as words: the atoms run together (`ann@x.org`, `ann @ x.org`)
      const std::size_t nb = bare_.size();
      std::size_t at_word = nb;
      for (std::size_t k = 0; k < nb; ++k)
        if (find_byte(bare(k), '@') != std::string_view::npos) at_word = k;
      if (at_word < nb) {
        const std::string_view w = bare(at_word);
        if (w == "@" && at_word > 0 && at_word + 1 < nb) {
          spec_.append(bare(at_word - 1)).append("@").append(bare(at_word + 1));
          join(0, at_word - 1, name_);
        } else {
          spec_.assign(w);
          // `Name addr@host` (LISTSERV) or `addr@host (Name)`
          join(0, at_word, name_);
        }
        if (name_.empty()) name_ = comment_;
      } else if (nb >= 3 && iequals(bare(nb - 2), "at")) {
        // pipermail: `user at host.org (Name)`
        spec_.append(bare(nb - 3)).append("@").append(bare(nb - 1));
        join(0, nb - 3, name_);
        if (name_.empty()) name_ = comment_;
      } else {
        join(0, nb, name_);
        if (name_.empty()) name_ = comment_;
      }
    }
    // exactly one '@' outside quotes; Enron has `"x"@host@enron.com`, which is no address
    bool one_at = false;
    if (find_byte(spec_, '"') == std::string_view::npos) {  // the common case, without the quote-tracking loop
      const std::size_t at = find_byte(spec_, '@');
      one_at = at != std::string_view::npos && find_byte(spec_, '@', at + 1) == std::string_view::npos;
    } else {
      int ats = 0;
      bool quoted = false;
      for (const char c : spec_) {
        if (c == '"') quoted = !quoted;
        else if (c == '@' && !quoted) ++ats;
      }
      one_at = ats == 1;
    }
    if (one_at && first_control_char(spec_) < 0) {
      for (char& c : spec_) c = ascii_lower(c);
    } else {
      spec_.clear();
    }
  }

  std::string buf_;                                        // bytes of the element's words
  std::vector<std::pair<std::size_t, std::size_t>> bare_;  // (offset, size) in buf_ of each word
  std::string comment_;                                    // text of the last comment, trimmed
  std::string text_;                                       // a comment being read
  std::string_view angle_;                                 // inside `<...>`
  bool has_angle_ = false;
  std::string spec_, name_;
};

/// Byte classes of an address-list atom: bytes that end it (`:` only
/// outside `<...>`), '@', upper-case letters and control characters (no
/// address holds one), so that one pass finds the atom's end and what the
/// lone-atom fast path needs.
enum : std::uint8_t { atom_stop = 1, atom_at = 2, atom_upper = 4, atom_control = 8 };
template <bool Colon>
inline constexpr auto atom_class = [] {
  std::array<std::uint8_t, 256> t{};
  for (const char c : {' ', '\t', '\r', '\n', ',', ';', '<', '(', '"'}) t[static_cast<unsigned char>(c)] = atom_stop;
  if (Colon) t[static_cast<unsigned char>(':')] = atom_stop;
  t[static_cast<unsigned char>('@')] = atom_at;
  for (unsigned char c = 'A'; c <= 'Z'; ++c) t[c] = atom_upper;
  for (unsigned char c = 0; c < 0x20; ++c)
    if (t[c] == 0) t[c] = atom_control;
  t[0x7F] = atom_control;
  return t;
}();

/// Scans an RFC 5322 address list and calls `f(raw_name, addr_spec)` for
/// every mailbox, in order (see parse_address_list()). `raw_name` is the
/// trimmed display name *before* RFC 2047 decoding (decode_rfc2047() gives
/// the display name); `addr_spec` is lower-cased, empty if the element has
/// no usable address. Both views are valid only during the call.
template <class F>
void scan_address_list(std::string_view value, address_scratch& s, F&& f) {
  s.reset_element();
  bool any = false;  // the element has content
  auto end_element = [&] {
    if (any) {
      s.finish();
      f(trim(s.name_), std::string_view(s.spec_));
    }
    s.reset_element();
    any = false;
  };
  const std::size_t n = value.size();
  std::size_t i = 0;
  while (i < n) {
    const char c = value[i];
    if (is_blank(c)) {
      ++i;
    } else if (c == ',') {
      end_element();
      ++i;
    } else if (c == ';') {  // end of a group
      end_element();
      ++i;
    } else if (c == ':' && !s.has_angle_) {
      // group display name: what came before is the group's name, not a mailbox
      s.reset_element();
      any = false;
      ++i;
    } else if (c == '(') {
      int depth = 1;
      s.text_.clear();
      ++i;
      while (i < n && depth > 0) {
        if (value[i] == '\\' && i + 1 < n) {
          s.text_.push_back(value[i + 1]);
          i += 2;
          continue;
        }
        if (value[i] == '(') ++depth;
        else if (value[i] == ')' && --depth == 0) break;
        s.text_.push_back(value[i]);
        ++i;
      }
      ++i;
      s.comment_.assign(trim(s.text_));
    } else if (c == '"') {
      const std::size_t start = s.buf_.size();
      ++i;
      while (i < n && value[i] != '"') {
        if (value[i] == '\\' && i + 1 < n) ++i;
        if (value[i] != '\r' && value[i] != '\n') s.buf_.push_back(value[i]);
        ++i;
      }
      ++i;
      // a quoted local part glued to "@domain" stays one word
      if (i < n && value[i] == '@') {
        std::size_t j = i;
        while (j < n && !is_blank(value[j]) && value[j] != ',' && value[j] != '>' && value[j] != '(' &&
               value[j] != ';')
          ++j;
        s.buf_.append(value.substr(i, j - i));
        i = j;
      }
      s.add_word(start);
      any = true;
    } else if (c == '<') {
      const std::size_t close = find_byte(value, '>', i + 1);
      const std::size_t stop = close == std::string_view::npos ? n : close;
      s.angle_ = value.substr(i + 1, stop - i - 1);
      s.has_angle_ = true;
      any = true;
      i = close == std::string_view::npos ? n : close + 1;
    } else {
      const std::size_t start = i;
      // an atom ends at whitespace or , ; < ( " and, outside <...>, at ':'
      const auto& cls = s.has_angle_ ? atom_class<false> : atom_class<true>;
      int ats = 0;
      unsigned seen = 0;
      for (; i < n; ++i) {
        const std::uint8_t k = cls[static_cast<unsigned char>(value[i])];
        if ((k & atom_stop) != 0) break;
        seen |= k;
        ats += (k & atom_at) != 0 ? 1 : 0;
      }
      if (i == start) {  // a lone special such as '>'
        ++i;
        continue;
      }
      // Fast path for the most common element, a lone atom (`ann@x.org,`):
      // the same result as finish() without copying the word around.
      if (!any && !s.has_angle_ && s.comment_.empty()) {
        std::size_t j = i;
        while (j < n && is_blank(value[j])) ++j;
        if (j == n || value[j] == ',' || value[j] == ';') {
          const std::string_view w = value.substr(start, i - start);  // no '"' or whitespace
          const bool upper = (seen & atom_upper) != 0;
          if (ats == 0) {
            f(w, std::string_view{});  // no address; the word is the name
          } else if (ats > 1 || (seen & atom_control) != 0) {
            f(std::string_view{}, std::string_view{});
          } else if (!upper) {
            f(std::string_view{}, w);
          } else {
            s.spec_.assign(w);
            for (char& ch : s.spec_) ch = ascii_lower(ch);
            f(std::string_view{}, std::string_view(s.spec_));
          }
          i = j;  // at the ',' or ';' that ends the element, or the end
          continue;
        }
      }
      const std::size_t at = s.buf_.size();
      s.buf_.append(value.substr(start, i - start));
      s.add_word(at);
      any = true;
    }
  }
  end_element();
}

}  // namespace detail

/// Parses an RFC 5322 address list (To, Cc, From, ...) and appends one
/// mail_address per mailbox to `out` (see the file summary for the forms
/// read). Groups contribute their members; empty elements and empty groups
/// contribute nothing. Never throws.
/// \par Complexity  O(|value|).
inline void parse_address_list(std::string_view value, std::vector<mail_address>& out) {
  detail::address_scratch s;
  detail::scan_address_list(value, s, [&](std::string_view name, std::string_view spec) {
    mail_address a;
    a.display_name = decode_rfc2047(name);
    a.addr_spec.assign(spec);
    out.push_back(std::move(a));
  });
}

/// The mailboxes of an address list, as a new vector.
/// \throws only std::bad_alloc.
[[nodiscard]] inline std::vector<mail_address> parse_address_list(std::string_view value) {
  std::vector<mail_address> out;
  parse_address_list(value, out);
  return out;
}

}  // namespace onakit
