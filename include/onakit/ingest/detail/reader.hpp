#pragma once
// The entry and closing steps every reader shares, written once: open the
// file (gzip, max_input_bytes, the truncation guard of text_source.hpp),
// decode the text and refuse an empty input, read a table's header, and fill
// the report's source and message count at the end. Not API.

#include <onakit/errors.hpp>
#include <onakit/ingest/csv.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/message_log.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace onakit::inline v0_1::detail {

/// A reader's file entry: opens `path` (decompressing `.gz`, at most
/// `max_input_bytes`; `populate` as text_source::open) and returns
/// `parse(text, name)` run under the guard that turns a file truncated during
/// the parse into an io_error. `name` is the path as text, for errors.
template <class Parse>
auto read_input(const std::filesystem::path& path, bool populate, std::uint64_t max_input_bytes, Parse&& parse) {
  const text_source text = text_source::open(path, populate, max_input_bytes);
  return text.parse([&](std::string_view t) { return parse(t, path.string()); });
}

/// A text reader's entry: the input decoded to UTF-8 (text_encoding.hpp;
/// `storage` holds a converted copy) and checked not to be empty (nothing,
/// or only blanks): parse_error "empty input" at line 0 with `expected` as
/// the hint.
[[nodiscard]] inline std::string_view open_text(std::string_view text, text_encoding encoding, const std::string& name,
                                                std::string& storage, std::string_view expected) {
  text = decode_text(text, encoding, name, storage);
  if (trim(text).empty()) throw parse_error(name, 0, "", "empty input", std::string(expected));
  return text;
}

/// The start of a delimited table: its delimiter, the header row and a
/// tokenizer positioned after it.
struct table_start {
  char sep;
  csv_tokenizer tok;
  csv_row header;
};

/// A table reader's header: `sep` ('\0' = detect_delimiter()), blank lines
/// before the header skipped, the header checked to be UTF-8 (a header cannot
/// be skipped like a record). `first_line` numbers text's first line.
[[nodiscard]] inline table_start open_table(std::string_view text, char sep, const std::string& name,
                                            std::uint64_t first_line = 1) {
  const char s = sep != '\0' ? sep : detect_delimiter(text);
  table_start t{s, csv_tokenizer(text, s, first_line), {}};
  while (t.tok.next(t.header) && t.header.blank()) {
  }
  require_utf8_header(t.header, name);
  return t;
}

/// A reader's last step: the report names the input and counts the
/// messages, and those with several recipients.
inline void close_report(message_log& log, std::string name) {
  auto& rep = log.report();
  rep.source = std::move(name);
  rep.messages = log.num_messages();
  rep.messages_with_several_recipients = log.messages_with_several_recipients();
}

}  // namespace onakit::detail
