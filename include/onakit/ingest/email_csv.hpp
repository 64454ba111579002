#pragma once
/// \file email_csv.hpp
/// Reads e-mail metadata from a delimited table into a message_log.
///
/// Input: a header row, then one row per message (a recipients cell listing
/// everyone, e.g. `a@x;b@x;c@x`) or one row per (message, recipient). The
/// columns are found by name, like pandas keywords:
///
/// | option       | default        | the column holds                                   |
/// |--------------|----------------|----------------------------------------------------|
/// | `sender`     | `"sender"`     | the sender's identifier                            |
/// | `recipients` | `"recipients"` | recipients separated by `recipient_sep` (or one)    |
/// | `timestamp`  | `"timestamp"`  | a time (see timestamp.hpp); `""` = no such column  |
/// | `role`       | `""` (none)    | to / cc / bcc (case-insensitive); none = all `to`  |
/// | `message_id` | `""` (none)    | rows sharing an id form one message                |
///
/// Rules:
/// - Header names are matched exactly after trimming (quotes are removed by
///   the tokenizer). Other columns are ignored.
/// - Fields are trimmed. People's labels are the trimmed strings as written.
/// - The delimiter is detected from the header line among `,` `;` tab `|`
///   unless `sep` is given. Quoting follows RFC 4180 (see csv.hpp); a BOM is
///   skipped. Text is UTF-8 unless `encoding` says otherwise
///   (text_encoding.hpp; a UTF-16 BOM is recognised).
/// - An empty entry in a recipient list (`a;;b`, `a;`) is dropped and counted
///   in `report().dropped["empty recipient"]`. An empty timestamp cell gives
///   a message without time (no_time), counted in
///   `report().dropped["empty timestamp"]`.
/// - With `message_id`: rows with the same id (anywhere in the file) are one
///   message, in order of first appearance; sender and time come from the
///   first row; recipients accumulate in row order (repeats are kept). A row
///   with an empty id is a message of its own.
/// - `group_rows_by` (row_grouping, message_rows.hpp): `automatic` (the
///   default) is the rule above, `message_id` requires the column, `none`
///   reads every row as a message, and `sender_time` makes rows with the
///   same sender and time (anywhere in the file) one message: for exports
///   with one row per recipient and no message id, where otherwise every
///   row is a message and weighting::split equals count. It needs
///   `timestamp` and no `message_id`. `report().messages_with_several_recipients`
///   says how many messages splitting can share.
/// - An empty input (no bytes, or only whitespace) is a parse_error
///   "empty input" (line 0). A header without data rows gives an empty log.
///
/// Bad records, under the reason each is reported/counted with:
/// `wrong number of fields` (not as many as the header), `unterminated quote`,
/// `invalid UTF-8` (a byte sequence that is not UTF-8: pass `encoding`),
/// `bad address` (an address with a control character such as NUL),
/// `empty sender`, `no recipients`, `bad timestamp`, `unknown role`,
/// `message id with two senders`. With error_policy::strict the first one
/// (in file order) throws parse_error(file, line, field, reason, hint); with
/// error_policy::skip the row is skipped and counted in
/// `report().skipped[reason]`. Either way `report().balanced()` holds.
/// A missing column throws parse_error (line 0) naming it and listing the
/// columns found. With a pseudonymize_key, values quoted in errors (those
/// column names, a bad timestamp or role) are masked to their shape
/// (detail/quote.hpp), and `message_id` values are stored as
/// identities::pseudonymize_id() (rows are grouped by the id as written).
///
/// The rows go through the row stage (message_rows.hpp): this reader only
/// tokenises and maps columns, so `MessageLog.from_pandas` on the same cells
/// gives the same log, report and pseudonyms.
///
/// Ids: people get ids in order of first appearance in the file, whatever the
/// thread count, so threads=1 and threads=N give identical logs.
///
/// Complexity: O(bytes) work. Without `message_id` the rows are parsed in
/// parallel: the text is cut into one chunk per thread at newlines outside
/// quotes, each chunk fills its own log, and the logs are appended in chunk
/// order (with `sender_time`, the appended log is then grouped, so rows of
/// one message in two chunks are one message, exactly as with one thread). Memory: the
/// file, plus ~5 bytes per (message, recipient) pair and ~16 per message.
///
/// Example:
/// \code
///   // "from,to,time,reciptype": one row per recipient, roles in a column
///   onakit::email_csv_options o;
///   o.sender = "from"; o.recipients = "to"; o.timestamp = "time";
///   o.role = "reciptype"; o.recipient_sep = '\0';
///   onakit::message_log log = onakit::read_email_csv("edges.csv", o);
///   std::cout << log.report().to_string() << '\n';
/// \endcode

#include <onakit/detail/parallel.hpp>
#include <onakit/detail/quote.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/csv.hpp>
#include <onakit/ingest/export_table.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/message_rows.hpp>
#include <onakit/ingest/stream.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest/text_stream.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of read_email_csv(); see the file summary for the rules.
struct email_csv_options {
  std::string sender = "sender";          ///< sender column
  std::string recipients = "recipients";  ///< recipients column
  std::string timestamp = "timestamp";    ///< time column; empty => none (messages get no_time)
  std::string role{};        ///< role column (to/cc/bcc); empty => every recipient is role::to
  std::string message_id{};  ///< message-id column; empty => each row is its own message
  /// How rows form messages (file summary): by message id when `message_id`
  /// is given (automatic), or by sender and time (row_grouping::sender_time).
  row_grouping group_rows_by = row_grouping::automatic;
  char sep = '\0';         ///< field delimiter; '\0' => detect from the header
  /// Separator inside the recipients cell; '\0' => the cell is one recipient.
  /// It may equal `sep` (`;`-separated files) if list cells are quoted.
  char recipient_sep = ';';
  error_policy errors = error_policy::strict;  ///< throw on a bad row, or skip and count it
  /// Largest input read, in bytes after decompression (text_source.hpp):
  /// more is an io_error, so a gzip bomb or an endless device cannot exhaust memory.
  std::uint64_t max_input_bytes = default_max_input_bytes;
  int threads = 0;                             ///< 0 => OpenMP default
  /// Polled every 4096 rows from the calling thread, with the position in
  /// bytes of the body parsed so far (interrupt.hpp); true stops the read.
  interrupt_check interrupt{};
  /// The file's character encoding (text_encoding.hpp); a byte-order mark
  /// overrides it. UTF-8 records that are not valid UTF-8 are bad records
  /// "invalid UTF-8".
  text_encoding encoding = text_encoding::utf8;
  /// Identity rules (canonical form, aliases, internal domains, exclusions,
  /// pseudonyms) applied to every address before it is stored; null = the
  /// trimmed strings as written. A dropped sender skips the row (counted as
  /// "sender excluded" / "sender external"), a dropped recipient is counted
  /// in dropped["recipient excluded"] / ["recipient external"], and a row
  /// left without recipients is skipped as "no recipients after identity rules".
  /// These are policy, not errors: strict mode does not throw for them.
  std::shared_ptr<const identities> identity_rules{};
};

namespace detail {

struct email_columns {
  std::size_t count = 0;
  std::size_t sender = absent_column, recipients = absent_column, timestamp = absent_column, role = absent_column,
              message_id = absent_column;
};

/// Whether the reader's error messages mask values (a pseudonymize_key is set).
inline bool masks_values(const std::shared_ptr<const identities>& rules) noexcept {
  return rules && rules->masks_values();
}

inline email_columns find_email_columns(const csv_row& header, const email_csv_options& o,
                                        const std::string& name) {
  email_columns c;
  c.count = header.size();
  std::vector<std::string_view> names;
  for (const auto f : header.fields) names.push_back(trim(f));
  auto find = [&](const std::string& col, const char* option) {
    const std::string_view want = trim(col);
    for (std::size_t k = 0; k < names.size(); ++k)
      if (names[k] == want) {
        refuse_duplicate_column(names, k, std::equal_to<std::string_view>{}, name, header.line, option,
                                masks_values(o.identity_rules));
        return k;
      }
    // A headerless file's first row is data: masked with a key.
    throw parse_error(name, 0, std::string(want), "missing column",
                      "columns found: " + quote_values(names, masks_values(o.identity_rules)) +
                          "; pass the right column name as " + option + "=");
  };
  c.sender = find(o.sender, "sender");
  c.recipients = find(o.recipients, "recipients");
  if (!trim(o.timestamp).empty()) c.timestamp = find(o.timestamp, "timestamp");
  if (!trim(o.role).empty()) c.role = find(o.role, "role");
  if (!trim(o.message_id).empty()) c.message_id = find(o.message_id, "message_id");
  return c;
}

/// The row stage's options of an email CSV read: the user's column names
/// name the fields of bad records.
inline message_rows_options email_rows_options(const email_csv_options& o) {
  message_rows_options r;
  r.errors = o.errors;
  r.identity_rules = o.identity_rules;
  r.recipient_sep = o.recipient_sep;
  resolve_row_grouping(r, o.group_rows_by, !trim(o.message_id).empty(), !trim(o.timestamp).empty());
  r.fields.sender = o.sender;
  r.fields.recipients = o.recipients;
  r.fields.timestamp = o.timestamp;
  r.fields.role = o.role;
  r.fields.message_id = o.message_id;
  return r;
}

/// Tokenises the rows of `chunk` and maps their columns onto the row stage
/// (message_rows.hpp), which fills `log`. Returns early, leaving a partial
/// log, when `abandon(bytes of chunk parsed)` says to stop (an earlier chunk failed).
/// `people` is the person cache of `log` (message_rows.hpp), kept by a stream
/// from one window to the next.
template <class Abandon>
void parse_email_rows(std::string_view chunk, std::uint64_t first_line, char sep, const email_columns& c,
                      const message_rows_options& ro, const std::string& name, message_log& log,
                      label_cache& people, Abandon&& abandon) {
  csv_tokenizer tok(chunk, sep, first_line);
  csv_row row;
  message_rows rows(log, ro, name, people);
  message_row r;
  r.time_is = c.timestamp != absent_column ? message_row::time_kind::text : message_row::time_kind::none;
  r.has_role = c.role != absent_column;
  std::uint64_t n = 0;
  while (tok.next(row)) {
    if (row.blank()) continue;
    if ((++n & 4095) == 0 && abandon(tok.position())) return;
    if (auto shape = check_row_shape(row, c.count); shape.reason != nullptr) {
      rows.refuse(row.line, shape.reason, {}, std::move(shape.hint));
      continue;
    }
    r.record = row.line;
    r.sender = row.fields[c.sender];
    r.recipients = row.fields[c.recipients];
    if (c.timestamp != absent_column) r.time_text = row.fields[c.timestamp];
    if (c.role != absent_column) r.role_text = row.fields[c.role];
    if (c.message_id != absent_column) r.message_id = row.fields[c.message_id];
    rows.add(r);
  }
  rows.finish();
}

/// parse_email_rows() with a person cache of its own.
template <class Abandon>
void parse_email_rows(std::string_view chunk, std::uint64_t first_line, char sep, const email_columns& c,
                      const message_rows_options& ro, const std::string& name, message_log& log,
                      Abandon&& abandon) {
  label_cache people(ro.identity_rules.get());
  parse_email_rows(chunk, first_line, sep, c, ro, name, log, people, std::forward<Abandon>(abandon));
}

/// What parse_email_body() keeps from one body to the next of a stream, so
/// that a window costs O(its rows + the people new in it), not a label
/// resolution, hash and interning per distinct person in it per part (what
/// made small windows slow). Per part k: its person cache, and for k >= 1
/// its own log, whose messages are appended to the stream's log and then
/// dropped while its people stay, with the map of its ids to the stream's
/// log, extended only by the people new to the part. Part 0 parses into the
/// stream's log itself (its cache names that log's ids). The ids the stream's
/// log gives are those fresh part logs would give: a part's new people reach
/// it in their order of first appearance in the part, after part k-1's.
struct email_parts {
  explicit email_parts(const identities* identity_rules) : rules(identity_rules) {}

  /// Makes room for `n` parts.
  void ensure(std::size_t n) {
    while (caches.size() < n) caches.push_back(std::make_unique<label_cache>(rules));
    if (logs.size() < n) logs.resize(n);
    if (maps.size() < n) maps.resize(n);
  }

  const identities* rules;
  std::vector<std::unique_ptr<label_cache>> caches;
  std::vector<message_log> logs;  // logs[0] unused: part 0 writes into the stream's log
  std::vector<message_log::id_map> maps;
};


/// Parses the data rows `body` (its first line is `first_line`) into `log`,
/// after the messages it holds: serially with id grouping, else one part
/// per thread (`threads`, 0 = OpenMP default) when the body is large enough,
/// the parts' logs appended in order and sender-time groups formed once on
/// them. `interrupt` is polled with the position in `body`. The one body
/// loop of read_email_csv_text() and stream_email_csv().
inline void parse_email_body(std::string_view body, std::uint64_t first_line, char sep, const email_columns& cols,
                             const message_rows_options& ro, const std::string& name, int threads,
                             const interrupt_check& interrupt, message_log& log, email_parts& kept) {
  // Serial reads poll the interrupt with their own position (it throws interrupted).
  auto serial_poll = [&](std::size_t at) {
    poll(interrupt, "read_email_csv", at, body.size());
    return false;
  };
  kept.ensure(1);
  if (ro.group_by_id) {
    parse_email_rows(body, first_line, sep, cols, ro, name, log, *kept.caches[0], serial_poll);
  } else {
    // One chunk per thread, but no chunk under 256 KiB: tiny inputs stay serial.
    const auto parts = static_cast<std::size_t>(thread_count(threads, body.size() / (256u << 10)));
    if (parts == 1) {
      parse_email_rows(body, first_line, sep, cols, ro, name, log, *kept.caches[0], serial_poll);
    } else {
      kept.ensure(parts);
      // Chunks write rows as messages; sender-time groups are formed once, on the appended log.
      message_rows_options chunk_ro = ro;
      chunk_ro.group_by_sender_time = false;
      const std::size_t first_message = log.num_messages();
      const std::vector<std::size_t> cut = split_rows(body, parts);
      std::vector<std::uint64_t> lines(parts + 1, first_line);
      std::vector<message_log>& logs = kept.logs;
      std::vector<std::exception_ptr> errors(parts);
      std::atomic<std::size_t> first_failed{parts};
      std::vector<std::atomic<std::size_t>> parsed(parts);  // bytes of each chunk parsed, for the progress
      const auto np = static_cast<long long>(parts);
      auto piece = [&](std::size_t k) {
        return body.substr(cut[k], cut[k + 1] - cut[k]);
      };
      ONAKIT_OMP(parallel num_threads(static_cast<int>(parts)))
      {
        ONAKIT_OMP(for schedule(static, 1))
        for (long long k = 0; k < np; ++k) {
          const std::string_view p = piece(static_cast<std::size_t>(k));
          lines[static_cast<std::size_t>(k) + 1] =
              static_cast<std::uint64_t>(std::count(p.begin(), p.end(), '\n'));
        }
        ONAKIT_OMP(single)
        for (std::size_t k = 1; k <= parts; ++k) lines[k] += lines[k - 1];
        // (implicit barrier after single)
        ONAKIT_OMP(for schedule(static, 1))
        for (long long k = 0; k < np; ++k) {
          const auto u = static_cast<std::size_t>(k);
          try {
            // Part 0 goes straight into `log` (after its messages, with its people: a
            // streaming read's log), the others into their own logs, appended below.
            parse_email_rows(piece(u), lines[u], sep, cols, chunk_ro, name, u == 0 ? log : logs[u],
                             *kept.caches[u], [&](std::size_t at) {
              parsed[u].store(at, std::memory_order_relaxed);
              if (u == 0 && interrupt) {  // chunk 0 runs on the calling thread (static schedule)
                std::size_t total = 0;
                for (const auto& p : parsed) total += p.load(std::memory_order_relaxed);
                poll(interrupt, "read_email_csv", total, body.size());  // throws interrupted: the others abandon
              }
              return first_failed.load(std::memory_order_relaxed) < u;
            });
          } catch (...) {
            errors[u] = std::current_exception();
            std::size_t cur = first_failed.load();
            while (u < cur && !first_failed.compare_exchange_weak(cur, u)) {
            }
          }
        }
      }
      for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
      for (std::size_t k = 1; k < parts; ++k) {
        log.append(logs[k], kept.maps[k]);
        // The part keeps its people for the next body; its counts are merged once.
        logs[k].release_messages();  // free as we go
        logs[k].report() = ingest_report{};
      }
      // Grouped here, not per chunk, so a message whose rows fall in two chunks is one message.
      if (ro.group_by_sender_time) group_by_sender_time(log, first_message);
    }
  }
}

}  // namespace detail

/// Reads e-mail metadata from delimited text already in memory.
///
/// \param text  the whole input (header row first)
/// \param o     column names and parsing options (see email_csv_options)
/// \param name  the input's name, used in errors and report().source
/// \return      the messages; `report()` says what was read, kept and skipped
/// \throws parse_error for empty input, a missing column, or (strict) a bad row
/// \par Complexity  O(bytes); parallel over `o.threads` unless rows are grouped by message id.
[[nodiscard]] inline message_log read_email_csv_text(std::string_view text, const email_csv_options& o = {},
                                                     std::string name = "<memory>") {
  detail::check_threads(o.threads);
  std::string decoded;
  text = detail::open_text(text, o.encoding, name, decoded, "expected a header row, then one row per message");
  const detail::table_start table = detail::open_table(text, o.sep, name);
  const char sep = table.sep;
  const detail::email_columns cols = detail::find_email_columns(table.header, o, name);
  const std::string_view body = text.substr(table.tok.position());
  const std::uint64_t first_line = table.tok.line();

  const message_rows_options ro = detail::email_rows_options(o);
  message_log log;
  detail::email_parts parts(ro.identity_rules.get());
  detail::parse_email_body(body, first_line, sep, cols, ro, name, o.threads, o.interrupt, log, parts);
  detail::close_report(log, std::move(name));
  return log;
}

/// Reads e-mail metadata from a delimited file (gzip if the name ends in .gz).
/// See read_email_csv_text() and the file summary.
/// \throws io_error if the file cannot be read; parse_error as read_email_csv_text().
[[nodiscard]] inline message_log read_email_csv(const std::filesystem::path& path,
                                                const email_csv_options& o = {}) {
  return detail::read_input(path, /*populate=*/true, o.max_input_bytes, [&](std::string_view t, std::string name) {
    return read_email_csv_text(t, o, std::move(name));
  });
}

namespace detail {

/// Calls `row_end(p)` for each newline of `text` outside quotes (quotes
/// counted from text's start, a record boundary: csv.hpp's quoting rule, as
/// split_rows()), in order; stops when it returns false.
template <class RowEnd>
void for_each_row_end(std::string_view text, RowEnd&& row_end) {
  const char* const d = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
  bool quoted = false;
  for (;;) {
    const void* q = std::memchr(d + i, '"', n - i);
    const std::size_t j = q != nullptr ? static_cast<std::size_t>(static_cast<const char*>(q) - d) : n;
    if (!quoted)
      for (const char* p = d + i; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(d + j - p)))) != nullptr; ++p)
        if (!row_end(static_cast<std::size_t>(p - d))) return;
    if (q == nullptr) return;
    quoted = !quoted;
    i = j + 1;
  }
}

/// cut() of a table's header segment: up to the end of its first non-blank row.
inline std::size_t cut_after_header(std::string_view text, bool /*at_end*/) {
  std::size_t start = 0, out = 0;
  for_each_row_end(text, [&](std::size_t p) {
    if (!trim(text.substr(start, p - start)).empty()) {
      out = p + 1;
      return false;
    }
    start = p + 1;
    return true;
  });
  return out;
}

/// cut() of a table's rows: up to its last newline outside quotes; with a
/// `key` column (message id, or time with `key_is_time`), moved back to the
/// start of the trailing run of rows that share the last row's key, so that
/// the rows of one message (adjacent ones) never straddle two segments.
/// 0 when the whole text is one run (the stream then reads more).
struct csv_cut {
  char sep = ',';
  std::size_t key = absent_column;
  bool key_is_time = false;

  std::size_t operator()(std::string_view text, bool /*at_end*/) const {
    if (key == absent_column) {
      std::size_t last = 0;
      for_each_row_end(text, [&](std::size_t p) {
        last = p + 1;
        return true;
      });
      return last;
    }
    std::vector<std::size_t> ends;  // row ends (one past the newline)
    for_each_row_end(text, [&](std::size_t p) {
      ends.push_back(p + 1);
      return true;
    });
    if (ends.size() < 2) return 0;
    csv_row row;
    std::string last_text;
    std::optional<timestamp_t> last_time;
    bool have_key = false;
    // Walk back over the rows: [ends[r-1], ends[r]) is row r (row 0 starts at 0).
    for (std::size_t r = ends.size(); r-- > 0;) {
      const std::size_t b = r == 0 ? 0 : ends[r - 1];
      csv_tokenizer tok(text.substr(b, ends[r] - b), sep, 1);
      if (!tok.next(row) || row.blank()) continue;  // blank rows belong to no message
      const std::string_view k = row.fields.size() > key ? trim(row.fields[key]) : std::string_view{};
      const std::optional<timestamp_t> t = key_is_time ? try_parse_timestamp(k) : std::nullopt;
      if (!have_key) {
        have_key = true;
        last_text.assign(k);
        last_time = t;
        continue;
      }
      const bool same = t && last_time ? *t == *last_time : k == last_text;
      if (!same) return ends[r];
    }
    return 0;
  }
};

}  // namespace detail

/// Streams e-mail metadata from a delimited file (gzip if the name ends in
/// .gz) to `sink`, chunk by chunk (ingest/stream.hpp): memory holds the
/// people, one chunk of messages and one window of the file
/// (text_stream.hpp), not the whole file, plus per thread a person cache
/// (~100 bytes per distinct address it saw; kept from window to window, so
/// that a window costs O(its rows + its new people)). Each window is parsed like
/// read_email_csv() parses the whole file (one part per thread when it is
/// large), so the chunks, concatenated, are the messages of
/// read_email_csv(path, o), with the same ids and report, when:
/// - no grouping (`group_rows_by` none, or automatic without `message_id`):
///   always;
/// - grouping by message id: the rows of one message are adjacent (one
///   block per message, as exports write them; windows end between blocks).
///   Rows of one id in two windows are two messages (and "message id with
///   two senders" is checked within a window);
/// - `sender_time`: the rows are in time order (windows end between two
///   times). A row older than a row of an earlier window could belong to a
///   message already handed on: that is an invalid_option naming the file
///   and the line, telling to sort the file or read it in memory.
///
/// Text must be UTF-8 or 8-bit (latin-1, cp1252); UTF-16 is refused.
/// `o.interrupt` is polled once per window with the byte position.
///
/// \return the log without messages: people, channel names, the report.
/// \throws io_error, parse_error as read_email_csv(); invalid_option for
///   UTF-16, unsorted sender_time rows, or chunk_messages == 0.
/// \par Complexity  O(bytes), parallel per window over `o.threads`.
[[nodiscard]] inline message_log stream_email_csv(const std::filesystem::path& path, const email_csv_options& o,
                                                  const message_sink& sink,
                                                  std::size_t chunk_messages = default_chunk_messages) {
  detail::check_threads(o.threads);
  const message_rows_options ro = detail::email_rows_options(o);
  message_log log;
  detail::chunk_handout out(log, sink, chunk_messages);
  text_stream in = text_stream::open(path, o.max_input_bytes);
  const std::string name = in.name();
  detail::segment_decoder decode(o.encoding, name);
  in.guarded([&] {
    std::string_view seg;
    const char* expected = "expected a header row, then one row per message";
    if (!in.next(seg, std::min<std::size_t>(4096, detail::max_stream_window), detail::cut_after_header))
      throw parse_error(name, 0, "", "empty input", expected);
    std::string_view text = decode(seg);
    if (trim(text).empty()) throw parse_error(name, 0, "", "empty input", expected);
    const detail::table_start table = detail::open_table(text, o.sep, name);
    const detail::email_columns cols = detail::find_email_columns(table.header, o, name);
    std::uint64_t line = 1 + detail::count_lines(seg);
    detail::csv_cut cut;
    cut.sep = table.sep;
    if (ro.group_by_id) cut.key = cols.message_id;
    if (ro.group_by_sender_time) {
      cut.key = cols.timestamp;
      cut.key_is_time = true;
    }
    detail::email_parts parts(ro.identity_rules.get());  // the per-part people, kept from window to window
    timestamp_t before = std::numeric_limits<timestamp_t>::min();  // latest time of the earlier windows
    // A file shorter than the first window is one segment, header and rows.
    std::string_view body = text.substr(table.tok.position());
    std::uint64_t body_line = table.tok.line();
    while (!body.empty() || in.next(seg, out.window(), cut)) {
      detail::poll(o.interrupt, "stream_email_csv", in.offset(), in.size_hint());
      const bool own_segment = body.empty();  // else the rows after the header, counted in `line`
      if (own_segment) {
        body = decode(seg);
        body_line = line;
      }
      const std::size_t first = log.num_messages();
      detail::parse_email_body(body, body_line, table.sep, cols, ro, name, o.threads, {}, log, parts);
      body = {};
      if (ro.group_by_sender_time) {
        timestamp_t latest = before;
        for (std::size_t m = first; m < log.num_messages(); ++m) {
          const timestamp_t t = log.time(m);
          if (t == no_time) continue;
          if (t <= before)
            throw invalid_option(name + ": group_rows_by='sender_time' streams only rows in time order (then the "
                                 "rows of one message cannot fall in two chunks), but a row at or after line " +
                                 std::to_string(line) + " is older than a row before it; sort the file by time, "
                                 "or read it with read_email_csv");
          latest = std::max(latest, t);
        }
        before = latest;
      }
      if (own_segment) line += detail::count_lines(seg);
      out.after_segment(seg.size());
    }
  });
  out.finish(name);
  return log;
}

}  // namespace onakit
