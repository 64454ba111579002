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
/// Ids: people get ids in order of first appearance in the file, whatever the
/// thread count, so threads=1 and threads=N give identical logs.
///
/// Complexity: O(bytes) work. Without `message_id` the rows are parsed in
/// parallel: the text is cut into one chunk per thread at newlines outside
/// quotes, each chunk fills its own log, and the logs are appended in chunk
/// order. Memory: the file, plus ~5 bytes per (message, recipient) pair and
/// ~16 per message.
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

#include <onakit/ingest/detail/label_cache.hpp>
#include <onakit/detail/parallel.hpp>
#include <onakit/detail/quote.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/csv.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <omp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace onakit {

/// Options of read_email_csv(); see the file summary for the rules.
struct email_csv_options {
  std::string sender = "sender";          ///< sender column
  std::string recipients = "recipients";  ///< recipients column
  std::string timestamp = "timestamp";    ///< time column; empty => none (messages get no_time)
  std::string role;        ///< role column (to/cc/bcc); empty => every recipient is role::to
  std::string message_id;  ///< message-id column; empty => each row is its own message
  char sep = '\0';         ///< field delimiter; '\0' => detect from the header
  /// Separator inside the recipients cell; '\0' => the cell is one recipient.
  /// It may equal `sep` (`;`-separated files) if list cells are quoted.
  char recipient_sep = ';';
  error_policy errors = error_policy::strict;  ///< throw on a bad row, or skip and count it
  /// Largest input read, in bytes after decompression (text_source.hpp):
  /// more is an io_error, so a gzip bomb or an endless device cannot exhaust memory.
  std::uint64_t max_input_bytes = default_max_input_bytes;
  int threads = 0;                             ///< 0 => OpenMP default
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
  std::shared_ptr<const identities> identity_rules;
};

namespace detail {

inline constexpr std::size_t no_column = std::numeric_limits<std::size_t>::max();

struct email_columns {
  std::size_t count = 0;
  std::size_t sender = no_column, recipients = no_column, timestamp = no_column, role = no_column,
              message_id = no_column;
};

/// Why a row was refused, with what the parse_error needs.
struct email_row_error {
  const char* reason = nullptr;
  std::string field;
  std::string hint;
};

/// A validated row, as views into the row.
struct email_row {
  std::string_view sender;
  std::vector<std::string_view> recipients;
  std::uint64_t empty_entries = 0;
  timestamp_t time = no_time;
  bool empty_time = false;
  role r = role::to;
  std::string_view message_id;
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
      if (names[k] == want) return k;
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

/// Validates one row; false (with `err` filled) if it must be refused.
inline bool parse_email_row(const csv_row& row, const email_columns& c, const email_csv_options& o,
                            email_row& out, email_row_error& err) {
  if (auto shape = check_row_shape(row, c.count); shape.reason != nullptr) {
    err = {shape.reason, {}, std::move(shape.hint)};
    return false;
  }
  out.sender = trim(row.fields[c.sender]);
  if (out.sender.empty()) {
    err = {"empty sender", o.sender, "every row needs a sender"};
    return false;
  }
  out.recipients.clear();
  out.empty_entries = 0;
  const std::string_view cell = trim(row.fields[c.recipients]);
  if (o.recipient_sep == '\0') {
    if (!cell.empty()) out.recipients.push_back(cell);
  } else {
    std::size_t start = 0;
    for (;;) {
      const std::size_t stop = std::min(cell.find(o.recipient_sep, start), cell.size());
      const std::string_view r = trim(cell.substr(start, stop - start));
      if (r.empty()) ++out.empty_entries;
      else out.recipients.push_back(r);
      if (stop >= cell.size()) break;
      start = stop + 1;
    }
  }
  if (out.recipients.empty()) {
    err = {"no recipients", o.recipients, "the recipients cell is empty"};
    return false;
  }
  out.time = no_time;
  out.empty_time = false;
  if (c.timestamp != no_column) {
    const std::string_view t = trim(row.fields[c.timestamp]);
    if (t.empty()) {
      out.empty_time = true;
    } else if (auto v = try_parse_timestamp(t)) {
      out.time = *v;
    } else {
      err = {"bad timestamp", o.timestamp,
             "cannot parse " + quote_value(t, masks_values(o.identity_rules)) +
                 " as a time; expected ISO 8601 like 2024-03-01T09:00:00Z, "
                 "'YYYY-MM-DD HH:MM:SS', or Unix seconds/milliseconds"};
      return false;
    }
  }
  out.r = role::to;
  if (c.role != no_column) {
    const std::string_view rs = trim(row.fields[c.role]);
    if (auto r = role_from_string(rs)) {
      out.r = *r;
    } else {
      err = {"unknown role", o.role,
             quote_value(rs, masks_values(o.identity_rules)) +
                 " is not one of to, cc, bcc, mention, reply, direct, member"};
      return false;
    }
  }
  out.message_id = c.message_id != no_column ? trim(row.fields[c.message_id]) : std::string_view{};
  return true;
}

/// What resolve_row() made of a row's people.
enum class row_people : std::uint8_t {
  kept,           ///< go on with commit_row()
  dropped,        ///< the identity rules dropped the sender or every recipient (counted)
  bad_sender,     ///< the sender is no address (identities.hpp): a bad record "bad address"
  bad_recipient,  ///< a recipient is no address: likewise
};

/// The bad record of a row_people::bad_sender / bad_recipient outcome.
inline email_row_error bad_address_error(const std::string& field) {
  return {bad_address.data(), field, "the address contains a control character such as NUL"};
}

/// Resolves a parsed row's people (identity rules, no interning yet). The
/// row is counted as skipped when the sender or every recipient is dropped
/// by the rules (row_people::dropped); drops of single recipients are
/// counted by commit_row. A bad address is left to the caller, which
/// throws or counts it as a bad record.
inline row_people resolve_row(message_log& log, label_cache& people, const email_row& r, label_cache::entry*& sender,
                              std::vector<label_cache::entry*>& recipients) {
  // Overlap the cache misses of the row's lookups: slots first, then entries.
  constexpr std::size_t ahead = 8;
  std::array<std::uint64_t, ahead> h{};
  const std::size_t k = std::min(ahead - 1, r.recipients.size());
  h[0] = people.prefetch(r.sender);
  for (std::size_t i = 0; i < k; ++i) h[i + 1] = people.prefetch(r.recipients[i]);
  for (std::size_t i = 0; i <= k; ++i) people.prefetch_entry(h[i]);
  sender = &people.peek(r.sender, h[0]);
  if (!sender->why.empty()) {
    if (sender->why == bad_address) return row_people::bad_sender;
    log.report().skip("sender " + std::string(sender->why));
    return row_people::dropped;
  }
  recipients.clear();
  for (std::size_t i = 0; i < r.recipients.size(); ++i) {
    recipients.push_back(i < k ? &people.peek(r.recipients[i], h[i + 1]) : &people.peek(r.recipients[i]));
    if (recipients.back()->why == bad_address) return row_people::bad_recipient;
  }
  if (std::none_of(recipients.begin(), recipients.end(), [](const auto* e) { return e->why.empty(); })) {
    log.report().skip("no recipients after identity rules");
    return row_people::dropped;
  }
  return row_people::kept;
}

/// Interns a resolved row's people; recipients dropped by the rules are
/// counted in report().dropped and left out of `ids`.
inline vertex_id commit_row(message_log& log, label_cache& people, label_cache::entry& sender,
                            const std::vector<label_cache::entry*>& recipients, std::vector<vertex_id>& ids) {
  const vertex_id s = people.id(log, sender);
  ids.clear();
  for (auto* e : recipients) {
    if (e->why.empty()) ids.push_back(people.id(log, *e));
    else log.report().drop("recipient " + std::string(e->why));
  }
  return s;
}

inline void handle_bad_row(message_log& log, const email_csv_options& o, const std::string& name,
                           std::uint64_t line, email_row_error& err) {
  if (o.errors == error_policy::strict)
    throw parse_error(name, line, std::move(err.field), err.reason, std::move(err.hint));
  log.report().skip(err.reason);
}

inline void note_kept_row(message_log& log, const email_row& r) {
  auto& rep = log.report();
  ++rep.records_kept;
  if (r.empty_entries != 0) rep.drop("empty recipient", r.empty_entries);
  if (r.empty_time) rep.drop("empty timestamp");
}

/// Parses rows of `chunk` (one message per row) into `log`. Returns early,
/// leaving a partial log, when `abandon()` says an earlier chunk failed.
template <class Abandon>
void parse_email_rows(std::string_view chunk, std::uint64_t first_line, char sep,
                      const email_columns& c, const email_csv_options& o, const std::string& name,
                      message_log& log, Abandon&& abandon) {
  csv_tokenizer tok(chunk, sep, first_line);
  csv_row row;
  email_row r;
  email_row_error err;
  label_cache people(o.identity_rules.get());
  label_cache::entry* se = nullptr;
  std::vector<label_cache::entry*> re;
  std::vector<vertex_id> rcp;
  std::uint64_t n = 0;
  while (tok.next(row)) {
    if (row.blank()) continue;
    if ((++n & 4095) == 0 && abandon()) return;
    ++log.report().records_read;
    if (!parse_email_row(row, c, o, r, err)) {
      handle_bad_row(log, o, name, row.line, err);
      continue;
    }
    if (const row_people rp = resolve_row(log, people, r, se, re); rp != row_people::kept) {
      if (rp != row_people::dropped) {
        err = bad_address_error(rp == row_people::bad_sender ? o.sender : o.recipients);
        handle_bad_row(log, o, name, row.line, err);
      }
      continue;
    }
    const vertex_id s = commit_row(log, people, *se, re, rcp);
    log.begin_message(s, r.time);
    for (const vertex_id v : rcp) log.add_recipient(v, r.r);
    note_kept_row(log, r);
  }
}

/// The message-id path: serial, grouping rows by id.
inline void parse_email_grouped(std::string_view body, std::uint64_t first_line, char sep,
                                const email_columns& c, const email_csv_options& o,
                                const std::string& name, message_log& log) {
  struct pending {
    vertex_id sender;
    timestamp_t time;
    std::string id;
    std::vector<std::pair<vertex_id, role>> recipients;
  };
  std::vector<pending> messages;
  std::unordered_map<std::string, std::size_t> by_id;
  csv_tokenizer tok(body, sep, first_line);
  csv_row row;
  email_row r;
  email_row_error err;
  label_cache people(o.identity_rules.get());
  label_cache::entry* se = nullptr;
  std::vector<label_cache::entry*> re;
  std::vector<vertex_id> rcp;
  while (tok.next(row)) {
    if (row.blank()) continue;
    ++log.report().records_read;
    if (!parse_email_row(row, c, o, r, err)) {
      handle_bad_row(log, o, name, row.line, err);
      continue;
    }
    if (const row_people rp = resolve_row(log, people, r, se, re); rp != row_people::kept) {
      if (rp != row_people::dropped) {
        err = bad_address_error(rp == row_people::bad_sender ? o.sender : o.recipients);
        handle_bad_row(log, o, name, row.line, err);
      }
      continue;
    }
    pending* m = nullptr;
    if (!r.message_id.empty()) {
      if (auto it = by_id.find(std::string(r.message_id)); it != by_id.end()) {
        m = &messages[it->second];
        if (se->label != log.people()[m->sender]) {
          // never echo a raw address or id when pseudonymising: the id as stored
          const bool pseudo = masks_values(o.identity_rules);
          err = {"message id with two senders", o.message_id,
                 "message '" + (pseudo ? o.identity_rules->pseudonymize_id(r.message_id) : std::string(r.message_id)) +
                     "' was sent by '" + log.people()[m->sender] + "' on an earlier row, here by '" +
                     (pseudo ? std::string(se->label) : std::string(r.sender)) + "'"};
          handle_bad_row(log, o, name, row.line, err);
          continue;
        }
      } else {
        by_id.emplace(std::string(r.message_id), messages.size());
      }
    }
    const vertex_id s = commit_row(log, people, *se, re, rcp);
    if (m == nullptr) {
      // stored pseudonymised with a key (identities::pseudonymize_id); grouping used the raw id
      const identities* rules = o.identity_rules.get();
      messages.push_back({s, r.time, rules ? rules->pseudonymize_id(r.message_id) : std::string(r.message_id), {}});
      m = &messages.back();
    }
    for (const vertex_id v : rcp) m->recipients.emplace_back(v, r.r);
    note_kept_row(log, r);
  }
  std::size_t pairs = 0;
  for (const auto& m : messages) pairs += m.recipients.size();
  log.reserve(messages.size(), pairs);
  for (const auto& m : messages) {
    log.begin_message(m.sender, m.time, m.id);
    for (const auto& [v, ro] : m.recipients) log.add_recipient(v, ro);
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
/// \par Complexity  O(bytes); parallel over `o.threads` unless `o.message_id` is set.
[[nodiscard]] inline message_log read_email_csv_text(std::string_view text, const email_csv_options& o = {},
                                                     std::string name = "<memory>") {
  detail::check_threads(o.threads);
  std::string decoded;
  text = decode_text(text, o.encoding, name, decoded);
  if (trim(text).empty())
    throw parse_error(name, 0, "", "empty input", "expected a header row, then one row per message");
  const char sep = o.sep != '\0' ? o.sep : detect_delimiter(text);
  csv_tokenizer header_tok(text, sep);
  csv_row header;
  while (header_tok.next(header) && header.blank()) {
  }
  detail::require_utf8_header(header, name);
  const detail::email_columns cols = detail::find_email_columns(header, o, name);
  const std::string_view body = text.substr(header_tok.position());
  const std::uint64_t first_line = header_tok.line();

  message_log log;
  if (cols.message_id != detail::no_column) {
    detail::parse_email_grouped(body, first_line, sep, cols, o, name, log);
  } else {
    // One chunk per thread, but no chunk under 256 KiB: tiny inputs stay serial.
    const auto parts = static_cast<std::size_t>(detail::thread_count(o.threads, body.size() / (256u << 10)));
    if (parts == 1) {
      detail::parse_email_rows(body, first_line, sep, cols, o, name, log, [] { return false; });
    } else {
      const std::vector<std::size_t> cut = detail::split_rows(body, parts);
      std::vector<std::uint64_t> lines(parts + 1, first_line);
      std::vector<message_log> logs(parts);
      std::vector<std::exception_ptr> errors(parts);
      std::atomic<std::size_t> first_failed{parts};
      const auto np = static_cast<long long>(parts);
      auto piece = [&](std::size_t k) {
        return body.substr(cut[k], cut[k + 1] - cut[k]);
      };
#pragma omp parallel num_threads(static_cast<int>(parts))
      {
#pragma omp for schedule(static, 1)
        for (long long k = 0; k < np; ++k) {
          const std::string_view p = piece(static_cast<std::size_t>(k));
          lines[static_cast<std::size_t>(k) + 1] =
              static_cast<std::uint64_t>(std::count(p.begin(), p.end(), '\n'));
        }
#pragma omp single
        for (std::size_t k = 1; k <= parts; ++k) lines[k] += lines[k - 1];
        // (implicit barrier after single)
#pragma omp for schedule(static, 1)
        for (long long k = 0; k < np; ++k) {
          const auto u = static_cast<std::size_t>(k);
          try {
            detail::parse_email_rows(piece(u), lines[u], sep, cols, o, name, logs[u],
                                     [&] { return first_failed.load(std::memory_order_relaxed) < u; });
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
      log = std::move(logs[0]);
      for (std::size_t k = 1; k < parts; ++k) {
        log.append(logs[k]);
        logs[k] = message_log{};  // free as we go
      }
    }
  }
  auto& rep = log.report();
  rep.source = std::move(name);
  rep.messages = log.num_messages();
  return log;
}

/// Reads e-mail metadata from a delimited file (gzip if the name ends in .gz).
/// See read_email_csv_text() and the file summary.
/// \throws io_error if the file cannot be read; parse_error as read_email_csv_text().
[[nodiscard]] inline message_log read_email_csv(const std::filesystem::path& path,
                                                const email_csv_options& o = {}) {
  const text_source text = text_source::open(path, /*populate=*/true, o.max_input_bytes);
  return text.parse([&](std::string_view t) { return read_email_csv_text(t, o, path.string()); });
}

}  // namespace onakit
