#pragma once
// quote_value: how every reader's error message shows a value read from the
// input (a timestamp, a role, a weight, a header name, a whole line). Leaf
// internal: no onakit includes.
//
// Without masking the value is quoted as written (`'2021-13-01'`): the
// message says exactly what is wrong. With masking (the readers mask when
// their identity rules pseudonymise, i.e. a pseudonymize_key is set) only
// the value's shape is shown: every letter, digit and non-ASCII character
// becomes `*`, punctuation and spaces stay, so `'ann@corp.example'` reads
// `'***@****.*******'` and a date glued to an address `'***, ** *** ***@****.*******'`.
// A value in the wrong column can be any identity (an address, a name, an
// employee number), so masking applies to every value, not only those with
// an `@`; the error's file and line still point at the record.
//
// Without a key, values are not masked, even with an `@`: the log then holds
// raw addresses anyway, so masking would hide nothing and cost the user the
// most useful part of the message.
//
// Either way a value is shown bounded (quoted_value_limit characters, then
// "..." and its full size: a 50 MB line must not become a 50 MB message) and
// with control characters escaped (`\0`, `\t`, `\x1b`): what() is a C
// string, which a NUL would cut, and a raw CR or escape code would garble
// the terminal that prints it.
//
// Complexity: O(length of the value shown).

#include <string>
#include <string_view>

namespace onakit::inline v0_1::detail {

/// Longest masked value shown; longer ones end in "...".
inline constexpr std::size_t masked_value_limit = 64;

/// Longest unmasked value shown, in characters; longer ones end in "..."
/// and give their size in bytes.
inline constexpr std::size_t quoted_value_limit = 200;

/// `value` in single quotes, or its masked shape when `mask` (see above).
[[nodiscard]] inline std::string quote_value(std::string_view value, bool mask) {
  std::string out;
  if (!mask) {
    out.push_back('\'');
    std::size_t shown = 0, i = 0;
    for (; i < value.size(); ++i) {
      const auto c = static_cast<unsigned char>(value[i]);
      if (c >= 0x80 && c < 0xC0) {  // UTF-8 continuation: part of the character shown
        out.push_back(value[i]);
        continue;
      }
      if (shown == quoted_value_limit) break;
      ++shown;
      if (c >= 0x20 && c != 0x7F) {
        out.push_back(value[i]);
        continue;
      }
      static constexpr char hex[] = "0123456789abcdef";
      switch (c) {
        case '\0': out.append("\\0"); break;
        case '\t': out.append("\\t"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        default: out.append({'\\', 'x', hex[c >> 4], hex[c & 15]});
      }
    }
    if (i < value.size()) {
      out.append("...' (");
      out.append(std::to_string(value.size()));
      out.append(" bytes)");
    } else {
      out.push_back('\'');
    }
    return out;
  }
  out.push_back('\'');
  std::size_t shown = 0;
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 && c < 0xC0) continue;  // UTF-8 continuation: one '*' per character
    if (shown == masked_value_limit) {
      out.append("...");
      break;
    }
    const bool alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    if (alnum || c >= 0x80) out.push_back('*');
    else if (c < 0x20 || c == 0x7F) out.push_back(' ');
    else out.push_back(ch);
    ++shown;
  }
  out.push_back('\'');
  return out;
}

/// `'a', 'b', ...`: a list of header names (or values), each through quote_value().
template <class Names>
[[nodiscard]] std::string quote_values(const Names& names, bool mask) {
  std::string out;
  for (const auto& nm : names) {
    if (!out.empty()) out.append(", ");
    out.append(quote_value(nm, mask));
  }
  return out;
}

}  // namespace onakit::detail
