#pragma once
/// \file message_rows.hpp
/// The row-ingestion stage: rows of (sender, recipients, time, role, message
/// id, channel, weight) in, a message_log out. Every tabular source goes
/// through it: the delimited readers (email_csv.hpp, message_trace.hpp,
/// viva_p2p.hpp) tokenise a row and map its columns onto a message_row, and
/// `MessageLog.from_pandas` hands it a DataFrame's columns
/// (message_columns.hpp). So a table gives the same log, report and
/// pseudonyms whether it comes as a file or as a DataFrame.
///
/// For each row, in this order (the first failing check names the row's
/// reason):
///  1. sender: trimmed (detail/strings.hpp trim); empty => bad record
///     `empty_sender` ("empty sender").
///  2. recipients: a list (message_row::recipient_list), or a cell split at
///     `recipient_sep` ('\0': the cell is one recipient); each entry
///     trimmed. An empty entry beside others is dropped and counted in
///     dropped["empty recipient"]; none left => bad record `no_recipients`
///     ("no recipients").
///  3. weight (message multiplicity, when the row has one): text is read by
///     detail/numbers.hpp parse_number (the one number rule), a value is
///     taken as is; not finite or < 0 => bad record "bad weight". With
///     `skip_zero_weight`, a weight of 0 skips the row as "zero weight"
///     (policy, after the time and role checks below, never an error).
///  4. time: text is parsed by try_parse_timestamp() (timestamp.hpp), or with
///     `export_times` by try_parse_export_time() (export_table.hpp: also the
///     US `M/D/YYYY` form); a number by timestamp_from_unix() (the same
///     seconds/milliseconds rule); a value (microseconds) is taken as is. An
///     empty cell, a NaN number or a value of no_time gives a message
///     without time, counted in dropped[`empty_time`] ("empty timestamp");
///     text that does not parse (or a value beyond max_abs_timestamp) is a
///     bad record `bad_time` ("bad timestamp").
///  5. role: role_from_string() (to/cc/bcc/..., any case); otherwise a bad
///     record "unknown role". No role: role::to.
///  6. people: sender and recipients go through the identity rules once per
///     distinct raw text (detail/label_cache.hpp, the one person cache). A
///     control character is a bad record "bad address"; a dropped sender
///     skips the row as "sender excluded"/"sender external"; dropped
///     recipients are counted in dropped["recipient excluded"/"recipient
///     external"]; none left skips the row as "no recipients after identity
///     rules". Identity outcomes are policy: strict mode does not throw.
///  7. message id (with `group_by_id`): rows sharing a non-empty id, anywhere
///     in the input, are one message, in order of first appearance. A row
///     whose sender differs from the id's first row is a bad record "message
///     id with two senders". With id_grouping::first_row (email CSV,
///     DataFrame) sender, time, weight and channel come from the first row and
///     recipients accumulate in row order, repeats kept; with
///     id_grouping::earliest_unique (message trace) the time is the earliest
///     of the rows and a row repeating an (id, recipient) already kept is
///     skipped as "duplicate row". With a pseudonymize_key the id is stored
///     as identities::pseudonymize_id() (rows are grouped by the id as
///     written).
///  8. sender and time (with `group_by_sender_time`, the user's
///     group_rows_by="sender_time"): for exports with one row per
///     (message, recipient) and no message id (radoslaw_email: 82,927 rows,
///     58,463 messages). Rows are written as they come (the path without
///     grouping), and finish() merges, with group_by_sender_time(), every
///     row into the first earlier row with the same sender, time, channel
///     and weight, anywhere in the input (not only the next row: an export
///     sorted by time interleaves two senders' rows of the same second).
///     Such rows agree on everything a message has once by definition, so
///     no row is refused for it; rows differing in channel or weight stay
///     separate messages. Recipients accumulate in row order, repeats kept
///     (build_graph counts a recipient once per message, so two rows to the
///     same person in the same second count once). A row without time is
///     a message of its own. The email CSV reader's chunks write their rows
///     ungrouped and it groups the appended log, so a message whose rows
///     straddle a chunk boundary is one message, as with one thread.
///
/// Which grouping a reader uses is the user's `group_rows_by`
/// (row_grouping, resolve_row_grouping()): `automatic` (the default) keeps
/// the behaviour of earlier versions: by message id when a message-id
/// column is given, else none. Either way the report counts the messages
/// with several recipients (ingest_report::messages_with_several_recipients),
/// so a log where splitting a message's weight can change nothing says so.
///
/// Bad records: with error_policy::strict the first one throws
/// parse_error(source, record, field, reason, hint), where `field` is the
/// column name the user gave (message_rows_options::fields); with
/// error_policy::skip it is counted in report().skipped[reason]. A reader's
/// own checks (row shape, a status filter) use refuse() and skip(), so every
/// record is counted exactly once and `report().balanced()` holds. With a
/// pseudonymize_key, values quoted in errors are masked (detail/quote.hpp).
///
/// Ids: people get ids in order of first appearance (a row's sender, then its
/// recipients), counting only rows that are kept.
///
/// Complexity: O(total length of the row's cells) per row; one hash lookup
/// per sender and recipient (prefetched, see label_cache), one more per row
/// for a message id. Without grouping (and with sender_time grouping) a row
/// is written straight into the log; with id grouping, messages are held
/// until finish() writes them in order. Sender-time grouping costs one
/// O(rows + pairs) pass in finish() (group_by_sender_time()).
/// Memory: the log, the person cache (one 96-byte entry per distinct raw
/// text), and with grouping one entry per message.
///
/// Example:
/// \code
///   onakit::message_log log;
///   onakit::message_rows_options o;
///   o.errors = onakit::error_policy::skip;
///   onakit::message_rows rows(log, o, "<memory>");
///   onakit::message_row r;
///   r.record = 1;
///   r.sender = "ann@x.org";
///   r.recipients = "bob@x.org; cy@x.org";
///   r.time_text = "2024-03-01T09:00:00Z";
///   rows.add(r);
///   rows.finish();  // log: 1 message, 2 recipients
/// \endcode

#include <onakit/detail/numbers.hpp>
#include <onakit/detail/quote.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/detail/label_cache.hpp>
#include <onakit/ingest/export_table.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/timestamp.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// How message_rows merges rows that share a message id (file summary, step 7).
enum class id_grouping : std::uint8_t {
  first_row,        ///< sender, time, weight, channel of the first row; recipients accumulate, repeats kept
  earliest_unique,  ///< earliest time of the rows; a repeated (id, recipient) is skipped as "duplicate row"
};

/// How a delimited reader groups rows into messages: the user's
/// `group_rows_by` (Python keyword, CLI `--group-rows-by`), resolved per
/// input by resolve_row_grouping().
enum class row_grouping : std::uint8_t {
  automatic,    ///< the default: message_id when a message-id column is given, else none
  none,         ///< every row is a message of its own
  message_id,   ///< rows sharing a message id are one message (needs a message-id column)
  sender_time,  ///< rows with the same sender and time are one message (needs a time column; no message id)
};

/// The names of row_grouping as the user writes them: "auto", "none", "message_id", "sender_time".
[[nodiscard]] constexpr std::string_view to_string(row_grouping g) noexcept {
  switch (g) {
    case row_grouping::none: return "none";
    case row_grouping::message_id: return "message_id";
    case row_grouping::sender_time: return "sender_time";
    case row_grouping::automatic: break;
  }
  return "auto";
}

/// Parses a group_rows_by value ("auto", "none", "message_id", "sender_time").
/// \throws invalid_option naming group_rows_by= and the accepted values.
[[nodiscard]] inline row_grouping parse_row_grouping(std::string_view s) {
  for (const row_grouping g : {row_grouping::automatic, row_grouping::none, row_grouping::message_id,
                               row_grouping::sender_time})
    if (s == to_string(g)) return g;
  throw invalid_option("group_rows_by='" + std::string(s) +
                       "' is not one of 'message_id', 'sender_time', 'none' (or 'auto': message_id when a "
                       "message-id column is given, else none)");
}

/// The names a bad record quotes: the columns (or keywords) as the user
/// wrote them, so an error says what to fix in the user's own terms.
struct message_row_fields {
  std::string sender = "sender";
  std::string recipients = "recipients";
  std::string timestamp = "timestamp";
  std::string role = "role";
  std::string message_id = "message_id";
  std::string weight = "weight";
};

/// Options of the message_rows stage; see the file summary for the rules.
struct message_rows_options {
  error_policy errors = error_policy::strict;  ///< throw on a bad record, or skip and count it
  /// Identity rules applied to every sender and recipient; null = the trimmed text as written.
  std::shared_ptr<const identities> identity_rules{};
  /// Splits a recipients cell; '\0' => the cell is one recipient.
  char recipient_sep = ';';
  /// Rows sharing a non-empty message id are one message (step 7).
  bool group_by_id = false;
  id_grouping grouping = id_grouping::first_row;
  /// Rows with the same sender, time, channel and weight are one message
  /// (step 8); exclusive with group_by_id (resolve_row_grouping()).
  bool group_by_sender_time = false;
  /// Time text may also be the US `M/D/YYYY[ h:mm[:ss][ AM|PM]]` form of exports.
  bool export_times = false;
  /// A weight of 0 skips the row as "zero weight" (a Viva pair that did not collaborate).
  bool skip_zero_weight = false;
  message_row_fields fields{};  ///< column names quoted in bad records
  // Report keys of the reader's vocabulary (string literals).
  std::string_view empty_sender = "empty sender";
  std::string_view no_recipients = "no recipients";
  std::string_view bad_time = "bad timestamp";
  std::string_view empty_time = "empty timestamp";
  std::string_view sender_hint = "every row needs a sender";
  std::string_view recipients_hint = "the recipients cell is empty";
  /// What a bad time should look like (after "cannot parse '...' as a time; ").
  std::string_view time_hint =
      "expected ISO 8601 like 2024-03-01T09:00:00Z, 'YYYY-MM-DD HH:MM:SS', or Unix seconds/milliseconds";
};

/// One input row, as views valid during message_rows::add(). Fill the
/// fields the source has; the defaults mean "no such column".
struct message_row {
  std::uint64_t record = 0;  ///< line (file) or 1-based row (DataFrame) named in errors
  std::string_view sender;
  /// A recipients cell, split at message_rows_options::recipient_sep.
  std::string_view recipients;
  /// Or the recipients as a list (a DataFrame cell holding a list), used when non-empty.
  std::span<const std::string_view> recipient_list;
  bool list_given = false;  ///< recipient_list is the recipients (even when empty)
  /// No time column; text to parse; microseconds; or a Unix number (timestamp_from_unix()).
  enum class time_kind : std::uint8_t { none, text, value, unix_number };
  time_kind time_is = time_kind::none;
  std::string_view time_text;
  timestamp_t time = no_time;  ///< with time_kind::value; no_time = empty
  double unix_time = 0;        ///< with time_kind::unix_number; NaN = empty
  bool has_role = false;
  std::string_view role_text;
  std::string_view message_id;  ///< empty => a message of its own
  std::string_view channel;     ///< channel name; empty => none
  enum class weight_kind : std::uint8_t { none, text, value };
  weight_kind weight_is = weight_kind::none;
  std::string_view weight_text;
  double weight = 1.0;  ///< with weight_kind::value
};

namespace detail {

/// Splits a recipients cell at `sep` ('\0': one recipient) into trimmed
/// entries; returns how many entries were empty.
inline std::uint64_t split_recipients(std::string_view cell, char sep, std::vector<std::string_view>& out) {
  out.clear();
  cell = trim(cell);
  if (sep == '\0') {
    if (!cell.empty()) out.push_back(cell);
    return 0;
  }
  std::uint64_t empty = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t stop = std::min(cell.find(sep, start), cell.size());
    const std::string_view r = trim(cell.substr(start, stop - start));
    if (r.empty()) ++empty;
    else out.push_back(r);
    if (stop >= cell.size()) break;
    start = stop + 1;
  }
  return empty;
}

}  // namespace detail

/// Sets `o.group_by_id` / `o.group_by_sender_time` from the user's choice,
/// given which columns the input has: `automatic` groups by message id when
/// there is a message-id column, else not at all.
/// \throws invalid_option (naming the keywords the user typed) for
///   message_id without a message-id column, sender_time without a time
///   column, and sender_time together with a message-id column (two rules
///   for one thing: no message-id column, or group_rows_by="message_id").
/// `time_keyword` is the reader's name for its time column (`timestamp`, `received`).
inline void resolve_row_grouping(message_rows_options& o, row_grouping g, bool has_message_id, bool has_time,
                                 std::string_view time_keyword = "timestamp") {
  if (g == row_grouping::message_id && !has_message_id)
    throw invalid_option("group_rows_by='message_id' needs the message-id column: pass message_id= (its name)");
  if (g == row_grouping::sender_time && !has_time)
    throw invalid_option("group_rows_by='sender_time' needs the time column: pass " + std::string(time_keyword) +
                         "= (its name)");
  if (g == row_grouping::sender_time && has_message_id)
    throw invalid_option("group_rows_by='sender_time' and message_id= both group rows into messages: set "
                         "message_id to None (no message-id column) to group by sender and time, or use "
                         "group_rows_by='message_id'");
  o.group_by_id = g == row_grouping::message_id || (g == row_grouping::automatic && has_message_id);
  o.group_by_sender_time = g == row_grouping::sender_time;
}

/// Merges the messages of `log` from `first` on that share sender, time,
/// channel and weight into the first of them (message_log::merge_messages():
/// leaders in order, recipients in message order). Messages without time
/// stay alone. This is group_rows_by="sender_time" (file summary, step 8)
/// when each row was written as a message of its own; the email CSV reader
/// runs it once on the log its chunks appended.
/// Complexity: O(messages + pairs) expected: one open-addressing table of
/// message indices (16 bytes per message, no allocation per entry).
inline void group_by_sender_time(message_log& log, std::size_t first = 0) {
  const std::size_t nm = log.num_messages();
  if (first >= nm) return;
  const std::size_t n = nm - first;
  std::size_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  constexpr std::size_t empty = static_cast<std::size_t>(-1);
  std::vector<std::size_t> slot(cap, empty);  // a leader's index, linear probing
  std::vector<std::size_t> into(n);
  const auto same = [&](std::size_t a, std::size_t b) {
    return log.time(a) == log.time(b) && log.sender(a) == log.sender(b) && log.channel(a) == log.channel(b) &&
           log.weight(a) == log.weight(b);
  };
  for (std::size_t m = first; m < nm; ++m) {
    into[m - first] = m;
    const timestamp_t t = log.time(m);
    if (t == no_time) continue;
    // splitmix64's finaliser over time, sender and channel (weight only compared: rows rarely differ in it)
    std::uint64_t h = static_cast<std::uint64_t>(t) ^
                      (static_cast<std::uint64_t>(log.sender(m)) << 32 | log.channel(m)) * 0x9E3779B97F4A7C15ull;
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
    h ^= h >> 31;
    for (std::size_t i = static_cast<std::size_t>(h) & (cap - 1);; i = (i + 1) & (cap - 1)) {
      if (slot[i] == empty) {
        slot[i] = m;
        break;
      }
      if (same(slot[i], m)) {
        into[m - first] = slot[i];
        break;
      }
    }
  }
  log.merge_messages(first, into);
}

/// The row-ingestion stage (file summary). Options in, rows in, log out:
/// construct it on a log, add() each row (or refuse()/skip() rows the
/// reader rejects itself), then finish(). Not copyable; one instance per
/// thread (the email CSV reader runs one per chunk and appends the logs).
class message_rows {
 public:
  /// \param log     the log to fill (its report counts every record)
  /// \param o       the rules; must outlive the stage
  /// \param source  the input's name, used in errors
  message_rows(message_log& log, const message_rows_options& o, std::string source)
      : message_rows(log, o, std::move(source), nullptr) {}

  /// The stage on a person cache that outlives it: a streaming reader keeps
  /// one per log from one window to the next, so a person seen before costs
  /// a lookup, not a resolution and an interning again. `people` must have
  /// been made with `o.identity_rules` and used only with `log` (its ids are
  /// `log`'s), whose people it may only have gained since.
  /// \throws invalid_option if `people` was made with other identity rules.
  message_rows(message_log& log, const message_rows_options& o, std::string source, detail::label_cache& people)
      : message_rows(log, o, std::move(source), &people) {
    if (people.rules() != o.identity_rules.get())
      throw invalid_option("message_rows: the person cache was made with other identity rules");
  }

  message_rows(const message_rows&) = delete;
  message_rows& operator=(const message_rows&) = delete;

  /// Reads one row. Returns true if it was kept (then sender_id() and
  /// recipient_ids() name its people); false if it was skipped and counted.
  /// \throws parse_error for a bad record under error_policy::strict.
  bool add(const message_row& r) {
    auto& rep = log_.report();
    ++rep.records_read;
    const std::string_view sender = trim(r.sender);
    if (sender.empty()) return bad(r.record, o_.empty_sender, o_.fields.sender, o_.sender_hint);
    std::uint64_t empty_entries = 0;
    if (r.list_given) {
      raw_.clear();
      for (const std::string_view x : r.recipient_list) {
        const std::string_view t = trim(x);
        if (t.empty()) ++empty_entries;
        else raw_.push_back(t);
      }
    } else {
      empty_entries = detail::split_recipients(r.recipients, o_.recipient_sep, raw_);
    }
    if (raw_.empty()) return bad(r.record, o_.no_recipients, o_.fields.recipients, o_.recipients_hint);
    double w = 1.0;
    if (r.weight_is != message_row::weight_kind::none) {
      bool ok = true;
      if (r.weight_is == message_row::weight_kind::text) {
        const auto v = detail::parse_number(r.weight_text);
        ok = v.has_value();
        w = ok ? *v : 0.0;
      } else {
        w = r.weight;
        ok = std::isfinite(w);
      }
      if (!ok || w < 0)
        return bad_weight(r, w);
    }
    timestamp_t t = no_time;
    bool empty_time = false;
    if (r.time_is == message_row::time_kind::text) {
      const std::string_view s = trim(r.time_text);
      if (s.empty()) {
        empty_time = true;
      } else if (auto v = o_.export_times ? try_parse_export_time(s) : try_parse_timestamp(s)) {
        t = *v;
      } else {
        return bad_time_text(r.record, s);
      }
    } else if (r.time_is == message_row::time_kind::unix_number) {
      if (std::isnan(r.unix_time)) empty_time = true;  // a missing value (NaN) is an empty cell
      else if (auto v = timestamp_from_unix(r.unix_time)) t = *v;
      else
        return bad_time_number(r.record, r.unix_time);
    } else if (r.time_is == message_row::time_kind::value) {
      if (r.time == no_time) empty_time = true;
      else if (r.time > max_abs_timestamp || r.time < -max_abs_timestamp)
        return bad_time_number(r.record, static_cast<double>(r.time) / 1e6);
      else t = r.time;
    }
    role ro = role::to;
    if (r.has_role) {
      if (auto x = role_from_string(r.role_text)) {
        ro = *x;
      } else {
        return bad_role(r.record, r.role_text);
      }
    }
    if (o_.skip_zero_weight && w == 0) {
      rep.skip("zero weight");
      return false;
    }
    // People: resolve all (no interning yet), so a refused row leaves no trace.
    detail::label_cache::entry* se = nullptr;
    switch (resolve(sender, se)) {
      case outcome::kept: break;
      case outcome::dropped: return false;
      case outcome::bad_sender:
        return bad(r.record, detail::bad_address, o_.fields.sender, detail::bad_address_hint);
      case outcome::bad_recipient:
        return bad(r.record, detail::bad_address, o_.fields.recipients, detail::bad_address_hint);
    }
    const std::string_view id = o_.group_by_id ? trim(r.message_id) : std::string_view{};
    if (!o_.group_by_id || id.empty()) {
      commit(*se);
      if (o_.group_by_id) {
        pending_.push_back({sender_, t, {}, w, channel(r.channel), {}});
        for (const vertex_id v : recipient_ids()) pending_.back().recipients.emplace_back(v, ro);
      } else {
        if (r.weight_is == message_row::weight_kind::none && r.channel.empty())
          log_.begin_message(sender_, t);  // the common case: no weight or channel column to store
        else
          log_.begin_message(sender_, t, {}, channel(r.channel), w);
        log_.add_recipients(recipient_ids(), ro);
      }
    } else if (!add_grouped(r.record, id, sender, *se, t, ro, w, r.channel)) {
      return false;
    }
    ++rep.records_kept;
    if (empty_entries != 0) rep.drop("empty recipient", empty_entries);
    if (empty_time) rep.drop(std::string(o_.empty_time));
    return true;
  }

  /// Counts a record the reader refused itself (its shape, say) as a bad
  /// record: parse_error under error_policy::strict, else skipped[reason].
  void refuse(std::uint64_t record, std::string_view reason, std::string field, std::string hint) {
    ++log_.report().records_read;
    bad(record, reason, field, std::move(hint));
  }

  /// Counts a record the reader skips by policy (never an error), e.g. a
  /// message trace row that was not delivered.
  void skip(const std::string& reason) {
    ++log_.report().records_read;
    log_.report().skip(reason);
  }

  /// Writes the grouped messages (group_by_id) to the log, or merges the
  /// rows of one sender and time (group_by_sender_time). Call once, after the last row.
  void finish() {
    if (o_.group_by_sender_time) group_by_sender_time(log_, first_message_);
    if (!o_.group_by_id) return;
    std::size_t pairs = 0;
    for (const auto& m : pending_) pairs += m.recipients.size();
    log_.reserve(log_.num_messages() + pending_.size(), log_.num_pairs() + pairs);
    for (const auto& m : pending_) {
      log_.begin_message(m.sender, m.time, m.id, m.channel, m.weight);
      for (const auto& [v, ro] : m.recipients) log_.add_recipient(v, ro);
    }
    pending_.clear();
    by_id_.clear();
  }

  /// The sender of the row add() last kept.
  [[nodiscard]] vertex_id sender_id() const noexcept { return sender_; }
  /// The recipients (after identity rules) of the row add() last kept.
  [[nodiscard]] std::span<const vertex_id> recipient_ids() const noexcept { return {ids_.data(), num_ids_}; }
  /// Whether values quoted in errors are masked (a pseudonymize_key is set).
  [[nodiscard]] bool masks_values() const noexcept { return mask_; }

 private:
  enum class outcome : std::uint8_t { kept, dropped, bad_sender, bad_recipient };

  message_rows(message_log& log, const message_rows_options& o, std::string source, detail::label_cache* people)
      : log_(log), o_(o), source_(std::move(source)),
        own_people_(people != nullptr ? nullptr : std::make_unique<detail::label_cache>(o.identity_rules.get())),
        people_(people != nullptr ? *people : *own_people_),
        mask_(o.identity_rules && o.identity_rules->masks_values()), first_message_(log.num_messages()) {
    if (o.group_by_id && o.group_by_sender_time)
      throw invalid_option("message_rows: group_by_id and group_by_sender_time are exclusive");
  }

  struct pending {
    vertex_id sender;
    timestamp_t time;
    std::string id;
    double weight;
    channel_id channel;
    std::vector<std::pair<vertex_id, role>> recipients;
  };
  struct id_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  struct group {
    std::size_t message;
    /// (earliest_unique) the recipients kept, as a set once a message outgrows a linear scan
    std::unique_ptr<std::unordered_set<vertex_id>> seen;
  };

  // The bad-record paths are rare and build messages: kept out of line (cold)
  // so the row loop of add() stays small.
  [[gnu::cold, gnu::noinline]] bool bad(std::uint64_t record, std::string_view reason, const std::string& field,
                                        std::string hint) {
    if (o_.errors == error_policy::strict)
      throw parse_error(source_, record, field, std::string(reason), std::move(hint));
    log_.report().skip(std::string(reason));
    return false;
  }
  [[gnu::cold, gnu::noinline]] bool bad(std::uint64_t record, std::string_view reason, const std::string& field,
                                        std::string_view hint) {
    return bad(record, reason, field, std::string(hint));
  }
  [[gnu::cold, gnu::noinline]] bool bad_weight(const message_row& r, double w) {
    const std::string v = r.weight_is == message_row::weight_kind::text ? std::string(trim(r.weight_text)) : std::to_string(w);
    return bad(r.record, "bad weight", o_.fields.weight,
               detail::quote_value(v, mask_) + " is not a number >= 0 (use '.' as the decimal point)");
  }
  [[gnu::cold, gnu::noinline]] bool bad_time_text(std::uint64_t record, std::string_view s) {
    return bad(record, o_.bad_time, o_.fields.timestamp,
               "cannot parse " + detail::quote_value(s, mask_) + " as a time; " + std::string(o_.time_hint));
  }
  /// A number of Unix seconds (or a value in microseconds, shown as seconds) out of range.
  [[gnu::cold, gnu::noinline]] bool bad_time_number(std::uint64_t record, double x) {
    return bad(record, o_.bad_time, o_.fields.timestamp,
               "cannot use " + detail::quote_value(std::to_string(x), mask_) +
                   " as a time: Unix seconds (or milliseconds from 10^11) must be finite and within " +
                   std::to_string(max_abs_timestamp) + " microseconds (about 285,000 years) of 1970");
  }
  [[gnu::cold, gnu::noinline]] bool bad_role(std::uint64_t record, std::string_view role_text) {
    return bad(record, "unknown role", o_.fields.role,
               detail::quote_value(trim(role_text), mask_) + " is not one of to, cc, bcc, mention, reply, direct, member");
  }

  channel_id channel(std::string_view name) {
    name = trim(name);
    return name.empty() ? no_channel : log_.intern_channel(name);
  }

  /// Resolves the row's people (identity rules, no interning yet). Drops
  /// that skip the row are counted here; single recipients' drops by commit().
  outcome resolve(std::string_view sender, detail::label_cache::entry*& se) {
    // Overlap the cache misses of the row's lookups: slots first, then entries.
    constexpr std::size_t ahead = 8;
    std::array<std::uint64_t, ahead> h{};
    const std::size_t k = std::min(ahead - 1, raw_.size());
    h[0] = people_.prefetch(sender);
    for (std::size_t i = 0; i < k; ++i) h[i + 1] = people_.prefetch(raw_[i]);
    for (std::size_t i = 0; i <= k; ++i) people_.prefetch_entry(h[i]);
    se = &people_.peek(sender, h[0]);
    if (!se->why.empty()) {
      if (se->why == detail::bad_address) return outcome::bad_sender;
      log_.report().skip("sender " + std::string(se->why));
      return outcome::dropped;
    }
    entries_.clear();
    bool any = false;
    for (std::size_t i = 0; i < raw_.size(); ++i) {
      entries_.push_back(i < k ? &people_.peek(raw_[i], h[i + 1]) : &people_.peek(raw_[i]));
      if (entries_.back()->why == detail::bad_address) return outcome::bad_recipient;
      any = any || entries_.back()->why.empty();
    }
    if (!any) {
      log_.report().skip("no recipients after identity rules");
      return outcome::dropped;
    }
    return outcome::kept;
  }

  /// Interns the resolved people into sender_ and ids_; recipients dropped
  /// by the rules are counted in report().dropped.
  void commit(detail::label_cache::entry& se) {
    sender_ = people_.id(log_, se);
    // Written by index into storage that only grows: push_back here was not
    // inlined and showed in the ingest profile.
    if (ids_.size() < entries_.size()) ids_.resize(entries_.size());
    num_ids_ = 0;
    for (auto* e : entries_) {
      if (e->why.empty()) ids_[num_ids_++] = people_.id(log_, *e);
      else log_.report().drop("recipient " + std::string(e->why));
    }
  }

  bool add_grouped(std::uint64_t record, std::string_view id, std::string_view sender, detail::label_cache::entry& se,
                   timestamp_t t, role ro, double w, std::string_view channel_name) {
    const auto it = by_id_.find(id);
    if (it != by_id_.end()) {
      pending& m = pending_[it->second.message];
      if (se.label != log_.people()[m.sender]) {
        // never echo a raw address or id when pseudonymising: the id as stored
        return bad(record, "message id with two senders", o_.fields.message_id,
                   "message '" + (mask_ ? m.id : std::string(id)) + "' was sent by '" + log_.people()[m.sender] +
                       "' on an earlier row, here by '" + (mask_ ? std::string(se.label) : std::string(sender)) +
                       "'");
      }
      commit(se);
      if (o_.grouping == id_grouping::earliest_unique) {
        for (const vertex_id v : recipient_ids())
          if (!add_unique(it->second, m, v, ro)) {
            log_.report().skip("duplicate row");
            return false;
          }
        if (t != no_time && (m.time == no_time || t < m.time)) m.time = t;
      } else {
        for (const vertex_id v : recipient_ids()) m.recipients.emplace_back(v, ro);
      }
      return true;
    }
    commit(se);
    const identities* rules = o_.identity_rules.get();
    by_id_.emplace(std::string(id), group{pending_.size(), nullptr});
    pending_.push_back({sender_, t, rules ? rules->pseudonymize_id(id) : std::string(id), w, channel(channel_name), {}});
    for (const vertex_id v : recipient_ids()) pending_.back().recipients.emplace_back(v, ro);
    return true;
  }

  /// Adds v to m unless it is already a recipient (earliest_unique); false for a repeat.
  static bool add_unique(group& g, pending& m, vertex_id v, role ro) {
    constexpr std::size_t scan_limit = 32;
    if (g.seen) {
      if (!g.seen->insert(v).second) return false;
    } else if (std::any_of(m.recipients.begin(), m.recipients.end(), [&](const auto& p) { return p.first == v; })) {
      return false;
    } else if (m.recipients.size() >= scan_limit) {
      g.seen = std::make_unique<std::unordered_set<vertex_id>>();
      for (const auto& p : m.recipients) g.seen->insert(p.first);
      g.seen->insert(v);
    }
    m.recipients.emplace_back(v, ro);
    return true;
  }

  message_log& log_;
  const message_rows_options& o_;
  std::string source_;
  std::unique_ptr<detail::label_cache> own_people_;  // unless the caller keeps one
  detail::label_cache& people_;
  bool mask_;
  std::size_t first_message_;                  // the log's messages before this stage (left alone by finish())
  std::vector<std::string_view> raw_;          // the row's recipients as written (trimmed)
  std::vector<detail::label_cache::entry*> entries_;
  vertex_id sender_ = null_vertex;
  std::vector<vertex_id> ids_;                 // the kept row's recipients: ids_[0, num_ids_)
  std::size_t num_ids_ = 0;
  std::vector<pending> pending_;               // group_by_id: messages in order of first appearance
  std::unordered_map<std::string, group, id_hash, std::equal_to<>> by_id_;
};

}  // namespace onakit
