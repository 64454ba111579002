#pragma once
/// \file edgelist.hpp
/// Reads a plain edge list (SNAP, KONECT, igraph/R CSV exports) into a message_log.
///
/// Each data line is `source target [weight] [time]` and becomes one message
/// from source to target (role::to) with that weight (default 1) and time
/// (default no_time). People's labels are the ids as written ("0", "17").
///
/// Format rules:
/// - Lines whose first non-blank character is `%` (KONECT) or `#` (SNAP) are
///   comments; blank lines are ignored. Neither counts as a record. CRLF is fine.
/// - Separator (`sep`): `'\0'` (default) splits on runs of spaces/tabs, unless
///   the first data line contains a comma (then `,`) or a semicolon (then `;`).
///   An explicit `' '` also means runs of whitespace; any other explicit
///   character splits on exactly that character. Fields are trimmed and a
///   pair of surrounding double quotes is removed.
/// - Header: the first non-comment line is a header, and skipped (not a
///   record), only when it looks like one: its first two fields are both
///   well-known column names (`from to`, `source target`, `src dst`, `sender
///   recipient`, `u v`, `i j`, `node1 node2`, `ego alter`, any case), or its 3rd or 4th
///   field is a well-known weight/time column name (`weight`, `w`, `count`,
///   `value`, `time`, `timestamp`, `t`, `ts`, `date`, `datetime`, any case).
///   Any other first line is data: `"from","to","weight"` and `a b weight`
///   are headers, while `a b 1` is data and `a b c` is a record with a bad
///   weight (strict: an error; skip: counted).
/// - Columns: with 4 or more, the 3rd is the weight and the 4th the time
///   (KONECT `src dst weight time`; further columns are ignored). With exactly
///   3, the 3rd is the weight unless `third = third_column::time` (SNAP
///   temporal files are `src dst t`: pass `third = time` for them). The
///   choice is explicit because a guess from the values is unreliable.
/// - Weights are read by the one number rule (detail/numbers.hpp); a weight
///   that is not a finite number >= 0 is a bad record "bad weight".
/// - Times are parsed by try_parse_timestamp(): integers are Unix seconds
///   (SNAP's "seconds from the start" become times in early 1970, which keeps
///   their differences right), and ISO strings are accepted too.
///
/// Bad records: `too few fields` (fewer than 2), `bad weight`, `bad
/// timestamp`, `invalid UTF-8` (a line that is not UTF-8: pass `encoding`;
/// text_encoding.hpp), `bad address` (an id with a control character such
/// as NUL). Strict mode throws parse_error(file, line, field, reason,
/// hint); skip mode counts them in report().skipped. report().balanced()
/// always holds.
///
/// Complexity: O(bytes), serial (the edge lists we meet are a few MB; the
/// 332,334-line SNAP temporal file reads in well under a second).
///
/// Example:
/// \code
///   onakit::edgelist_options o;
///   o.third = onakit::third_column::time;
///   auto log = onakit::read_edgelist("email-Eu-core-temporal.txt.gz", o);
/// \endcode

#include <onakit/detail/numbers.hpp>
#include <onakit/detail/quote.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/csv.hpp>
#include <onakit/ingest/detail/label_cache.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/stream.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace onakit::inline v0_1 {

/// What the 3rd column of a 3-column edge list holds.
enum class third_column : std::uint8_t {
  weight,  ///< `src dst weight` (default; KONECT, igraph exports)
  time,    ///< `src dst time` (SNAP temporal networks)
};

/// Options of read_edgelist(); see the file summary for the rules.
struct edgelist_options {
  char sep = '\0';  ///< '\0' => runs of whitespace, or `,`/`;` if the first data line has one
  third_column third = third_column::weight;   ///< meaning of the 3rd of exactly 3 columns
  error_policy errors = error_policy::strict;  ///< throw on a bad line, or skip and count it
  /// The file's character encoding (text_encoding.hpp); a byte-order mark
  /// overrides it. UTF-8 lines that are not valid UTF-8 are bad records
  /// "invalid UTF-8".
  text_encoding encoding = text_encoding::utf8;
  /// Largest input read, in bytes after decompression (text_source.hpp):
  /// more is an io_error, so a gzip bomb or an endless device cannot exhaust memory.
  std::uint64_t max_input_bytes = default_max_input_bytes;
  /// Identity rules applied to both ends before anything is stored; a line
  /// whose source or target is dropped is skipped and counted as
  /// "source excluded"/"source external"/"target excluded"/"target external".
  std::shared_ptr<const identities> identity_rules{};
  /// Polled every 4096 lines with the bytes read so far (interrupt.hpp);
  /// true stops the read with onakit::interrupted.
  interrupt_check interrupt{};
};

namespace detail {

/// Splits a line into at most `max` fields (further ones are counted but not
/// stored); returns the field count.
inline std::size_t split_edge_line(std::string_view line, char sep, std::array<std::string_view, 4>& f) {
  std::size_t count = 0;
  auto put = [&](std::string_view v) {
    v = trim(v);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (count < f.size()) f[count] = v;
    ++count;
  };
  if (sep == ' ') {
    std::size_t i = 0;
    const std::size_t n = line.size();
    for (;;) {
      while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      if (i >= n) break;
      const std::size_t b = i;
      while (i < n && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
      put(line.substr(b, i - b));
    }
  } else {
    std::size_t start = 0;
    for (;;) {
      const std::size_t stop = std::min(line.find(sep, start), line.size());
      put(line.substr(start, stop - start));
      if (stop >= line.size()) break;
      start = stop + 1;
    }
  }
  return count;
}

inline bool is_known_column_name(std::string_view s) {
  static constexpr std::array<std::string_view, 18> names = {
      "from", "to", "source", "target", "src", "dst", "sender", "recipient", "u",
      "v",    "i",  "j",      "node1",  "node2", "from_id", "to_id", "ego", "alter"};
  for (const auto n : names)
    if (s.size() == n.size() &&
        std::equal(s.begin(), s.end(), n.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        }))
      return true;
  return false;
}

/// A well-known name of a weight or time column (any case).
inline bool is_known_value_column_name(std::string_view s) {
  static constexpr std::array<std::string_view, 10> names = {"weight", "w",  "count", "value", "time",
                                                              "timestamp", "t", "ts",   "date",  "datetime"};
  for (const auto n : names)
    if (s.size() == n.size() && std::equal(s.begin(), s.end(), n.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        }))
      return true;
  return false;
}

}  // namespace detail

namespace detail {

/// The line loop of read_edgelist_text() and stream_edgelist(): parses
/// successive pieces of one input (each ending at a line end), keeping the
/// line numbers, the delimiter and the header check of the first data line,
/// and the person cache from one piece to the next.
class edgelist_parser {
 public:
  edgelist_parser(const edgelist_options& o, std::string name)
      : o_(o), name_(std::move(name)), people_(o.identity_rules.get()), sep_(o.sep) {}

  /// Parses the lines of `text` (UTF-8) into `log`.
  /// \throws parse_error for a bad line under error_policy::strict.
  /// `done` and `total`: where `text` starts in the input, and its size (0 =
  /// unknown), for the progress that each poll of `o.interrupt` records.
  void parse(std::string_view text, message_log& log, std::uint64_t done = 0, std::uint64_t total = 0) {
    std::array<std::string_view, 4> f{};
    auto& rep = log.report();
    const bool mask = people_.masks_values();  // values in errors (detail/quote.hpp)
    std::size_t pos = 0;
    const std::size_t n = text.size();
    auto bad = [&](const char* reason, const char* field, std::string hint) {
      if (o_.errors == error_policy::strict) throw parse_error(name_, line_, field, reason, std::move(hint));
      rep.skip(reason);
    };
    while (pos < n) {
      if ((line_ & 4095) == 0) poll(o_.interrupt, "read_edgelist", done + pos, total != 0 ? total : done + n);
      std::size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = n;
      const std::string_view raw = text.substr(pos, eol - pos);
      pos = eol + 1;
      ++line_;
      const std::string_view line = trim(raw);
      if (line.empty() || line.front() == '%' || line.front() == '#') continue;

      if (first_data_) {
        if (sep_ == '\0') sep_ = line.find(',') != std::string_view::npos   ? ','
                               : line.find(';') != std::string_view::npos ? ';'
                                                                          : ' ';
        first_data_ = false;
        const std::size_t k = split_edge_line(line, sep_, f);
        const bool header = (k >= 2 && is_known_column_name(f[0]) && is_known_column_name(f[1])) ||
                            (k >= 3 && is_known_value_column_name(f[2])) ||
                            (k >= 4 && is_known_value_column_name(f[3]));
        if (header) continue;
      }

      ++rep.records_read;
      if (!valid_utf8(line)) {
        bad("invalid UTF-8", "", std::string(not_utf8_hint));
        continue;
      }
      const std::size_t k = split_edge_line(line, sep_, f);
      if (k < 2 || f[0].empty() || f[1].empty()) {
        bad("too few fields", "", "expected 'source target [weight] [time]', found " + std::to_string(k) +
                                      " field(s) in " + quote_value(line, mask));
        continue;
      }
      double w = 1.0;
      timestamp_t t = no_time;
      std::string_view wfield, tfield;
      bool has_weight = false, has_time = false;
      if (k >= 4) {
        has_weight = has_time = true;
        wfield = f[2];
        tfield = f[3];
      } else if (k == 3 && o_.third == third_column::time) {
        has_time = true;
        tfield = f[2];
      } else if (k == 3) {
        has_weight = true;
        wfield = f[2];
      }
      if (has_weight) {
        const auto v = parse_number(wfield);
        w = v.value_or(-1.0);
      }
      if (has_weight && w < 0) {
        bad("bad weight", "weight",
            quote_value(wfield, mask) + " is not a finite non-negative number" +
                (k == 3 ? "; if the 3rd column is a time, pass third='time'" : "") +
                (rep.records_read == 1 ? "; a header line needs known column names, e.g. 'source target weight'" : ""));
        continue;
      }
      if (has_time) {
        if (auto v = try_parse_timestamp(tfield)) {
          t = *v;
        } else {
          bad("bad timestamp", "time",
              "cannot parse " + quote_value(tfield, mask) +
                  " as a time; expected Unix seconds/milliseconds or ISO 8601");
          continue;
        }
      }
      // Resolve both ends before interning either: a refused line leaves no trace.
      auto& se = people_.peek(f[0]);
      if (!se.why.empty()) {
        if (se.why == bad_address) bad(bad_address.data(), "source", std::string(bad_address_hint));
        else rep.skip("source " + std::string(se.why));
        continue;
      }
      auto& te = people_.peek(f[1]);
      if (!te.why.empty()) {
        if (te.why == bad_address) bad(bad_address.data(), "target", std::string(bad_address_hint));
        else rep.skip("target " + std::string(te.why));
        continue;
      }
      const vertex_id s = people_.id(log, se);
      const vertex_id r = people_.id(log, te);
      log.begin_message(s, t, {}, no_channel, w);
      log.add_recipient(r, role::to);
      ++rep.records_kept;
    }
  }

 private:
  const edgelist_options& o_;
  std::string name_;
  label_cache people_;  // the one person cache
  char sep_;
  bool first_data_ = true;
  std::uint64_t line_ = 0;
};

}  // namespace detail

/// Reads an edge list already in memory.
///
/// \param text  the whole input
/// \param o     separator, meaning of a 3rd column, error policy
/// \param name  the input's name, used in errors and report().source
/// \throws parse_error for empty input or (strict) a bad line
/// \par Complexity  O(bytes).
[[nodiscard]] inline message_log read_edgelist_text(std::string_view text, const edgelist_options& o = {},
                                                    std::string name = "<memory>") {
  std::string decoded;
  text = detail::open_text(text, o.encoding, name, decoded, "expected lines 'source target [weight] [time]'");
  message_log log;
  detail::edgelist_parser(o, name).parse(text, log);
  detail::close_report(log, std::move(name));
  return log;
}

/// Reads an edge-list file (gunzipped if the name ends in .gz).
/// See read_edgelist_text() and the file summary.
/// \throws io_error if the file cannot be read; parse_error as read_edgelist_text().
[[nodiscard]] inline message_log read_edgelist(const std::filesystem::path& path, const edgelist_options& o = {}) {
  return detail::read_input(path, /*populate=*/false, o.max_input_bytes, [&](std::string_view t, std::string name) {
    return read_edgelist_text(t, o, std::move(name));
  });
}

/// Streams an edge-list file (gunzipped if the name ends in .gz) to `sink`,
/// chunk by chunk (ingest/stream.hpp): memory holds the people, one chunk of
/// messages and one window of the file. The lines are parsed exactly as
/// read_edgelist() parses them (one loop, detail::edgelist_parser), so the
/// chunks, concatenated, are the messages of read_edgelist(path, o), with
/// the same ids, line numbers in errors, and report. Text must be UTF-8 or
/// 8-bit (UTF-16 is refused: stream.hpp segment_decoder).
/// \return the log without messages: people and the report.
/// \throws io_error, parse_error as read_edgelist(); invalid_option for
///   UTF-16 input or chunk_messages == 0.
/// \par Complexity  O(bytes); memory O(people + chunk + window).
[[nodiscard]] inline message_log stream_edgelist(const std::filesystem::path& path, const edgelist_options& o,
                                                 const message_sink& sink,
                                                 std::size_t chunk_messages = default_chunk_messages) {
  message_log log;
  detail::chunk_handout out(log, sink, chunk_messages);
  text_stream in = text_stream::open(path, o.max_input_bytes);
  const std::string name = in.name();
  detail::segment_decoder decode(o.encoding, name);
  detail::edgelist_parser parser(o, name);
  in.guarded([&] {
    std::string_view seg;
    bool first = true;
    // The first segment holds a non-blank line, so that "empty input" means the whole file.
    const auto cut = [&](std::string_view t, bool at_end) {
      const std::size_t k = detail::cut_at_last_newline(t, at_end);
      return first && trim(t.substr(0, k)).empty() ? 0 : k;
    };
    while (in.next(seg, out.window(), cut)) {
      const std::string_view text = decode(seg);
      if (first && trim(text).empty())
        throw parse_error(name, 0, "", "empty input", "expected lines 'source target [weight] [time]'");
      first = false;
      parser.parse(text, log, in.offset(), in.size_hint());
      out.after_segment(seg.size());
    }
    if (first) throw parse_error(name, 0, "", "empty input", "expected lines 'source target [weight] [time]'");
  });
  out.finish(name);
  return log;
}

}  // namespace onakit
