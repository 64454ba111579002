#pragma once
/// \file message_trace.hpp
/// Reads an Exchange Online message trace export (CSV) into a message_log.
///
/// Input: the CSV that `Get-MessageTrace | Export-Csv` (or the admin
/// center's message trace download) writes: one row per (message,
/// recipient) with, among others,
///
///     "Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageId","MessageTraceId"
///     "2024-03-01T09:00:00.1234567Z","ann@corp.example","bob@corp.example","Plan","Delivered",,"10.0.0.1","5120","<a1@corp.example>","6f0c..."
///
/// | option       | default              | the column holds                                  |
/// |--------------|----------------------|---------------------------------------------------|
/// | `sender`     | `"SenderAddress"`    | the sender's address                              |
/// | `recipient`  | `"RecipientAddress"` | one recipient's address                           |
/// | `received`   | `"Received"`         | when the message was received (UTC)               |
/// | `status`     | `"Status"`           | the delivery status of this recipient             |
/// | `message_id` | `"MessageId"`        | the Internet message id; `""` = each row a message |
///
/// Semantics:
/// - Only rows whose status is `Delivered` (case-insensitive) count. A row
///   with another of Exchange Online's statuses (trace_statuses: `Failed`,
///   `Pending`, `Expanded`, `Quarantined`, `FilteredAsSpam`, `GettingStatus`,
///   `Resolved`, `None`; any case) is skipped and counted under that status's
///   name, e.g. "status Failed"; an empty cell is "status (empty)", and any
///   other value "status (unrecognised)", so a misplaced column (addresses
///   in Status) neither copies values into the report nor makes one report
///   key per distinct value. This is policy, so strict mode does not throw
///   for it.
///   `Expanded` rows are not counted either: they stand for a distribution
///   group whose members get rows of their own, so counting the group
///   address too would double the message.
/// - Rows sharing a MessageId (anywhere in the file) form one message, in
///   order of first appearance; recipients accumulate in row order. The
///   message's time is the earliest `Received` among its rows. A row whose
///   (MessageId, recipient) was already kept is skipped as "duplicate row"
///   (exports of overlapping pages repeat rows). A row with an empty
///   MessageId is a message of its own. `group_rows_by` (row_grouping,
///   message_rows.hpp) chooses otherwise: `none` (every row a message), or
///   `sender_time` for a trace without MessageIds (pass `message_id = ""`):
///   rows with the same sender and `Received` time are one message.
/// - `Received` takes ISO 8601 (`2024-03-01T09:00:00.1234567Z`; digits
///   beyond microseconds are truncated) or the en-US form `3/1/2024 9:00:00
///   AM` (month first, read as UTC); see export_table.hpp. An empty cell
///   gives no_time, counted in dropped["empty timestamp"].
/// - Header names are matched case-insensitively after trimming; other
///   columns are ignored. A PowerShell `#TYPE ...` first line is skipped.
///   Delimiter detected among `,` `;` tab `|` unless `sep` is given; RFC 4180
///   quoting and a BOM are handled (csv.hpp). Fields are trimmed. Text is
///   UTF-8 unless `encoding` says otherwise (text_encoding.hpp; PowerShell
///   5 writes UTF-16 with a BOM, which is recognised).
/// - Identity rules (`identity_rules`) resolve both addresses before anything
///   is stored: a dropped sender skips the row as "sender excluded" /
///   "sender external", a dropped recipient skips it as "no recipients
///   after identity rules" (one recipient per row). With a pseudonymize_key
///   no raw address appears in labels, the report or error messages: values
///   in errors are masked (detail/quote.hpp) and MessageIds are stored as
///   identities::pseudonymize_id() (rows are grouped by the id as written).
///
/// Bad records, under the reason each is reported/counted with:
/// `wrong number of fields`, `unterminated quote`, `invalid UTF-8`,
/// `bad address`, `empty sender`, `empty recipient`, `bad timestamp`, `message id with two senders`.
/// error_policy::strict throws parse_error(file, line, field, reason, hint)
/// for the first; error_policy::skip counts them in report().skipped. A
/// missing column throws parse_error at line 0 listing the columns found;
/// empty input is parse_error "empty input". `report().balanced()` holds.
///
/// The rows go through the row stage (message_rows.hpp) with
/// id_grouping::earliest_unique.
///
/// Complexity: O(bytes) time, serial (grouping by id needs the whole file).
/// Memory: the file, one hash entry per message id, 4 bytes per kept row.
///
/// Example:
/// \code
///   onakit::message_trace_options o;
///   o.errors = onakit::error_policy::skip;
///   onakit::message_log log = onakit::read_message_trace("MessageTrace.csv", o);
///   std::cout << log.report().to_string() << '\n';  // "skipped (status Failed): 3", ...
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/ingest/csv.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/export_table.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/message_rows.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/ingest/text_source.hpp>
#include <onakit/ingest_report.hpp>
#include <onakit/interrupt.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// The delivery statuses of an Exchange Online message trace other than
/// `Delivered` (Get-MessageTrace / Get-MessageTraceV2 `-Status`, and the
/// admin center's `Resolved`): rows with these are counted by name.
inline constexpr std::string_view trace_statuses[] = {"Failed",         "Pending",       "Expanded",
                                                      "Quarantined",    "FilteredAsSpam", "GettingStatus",
                                                      "Resolved",       "None"};

namespace detail {

/// The report key of a row skipped for its status (not Delivered): the
/// status's canonical name, or "(empty)" / "(unrecognised)".
[[nodiscard]] inline std::string trace_status_reason(std::string_view status) {
  if (status.empty()) return "status (empty)";
  for (const std::string_view known : trace_statuses)
    if (iequals(status, known)) return "status " + std::string(known);
  return "status (unrecognised)";
}

}  // namespace detail

/// Options of read_message_trace(); see the file summary for the rules.
struct message_trace_options {
  std::string sender = "SenderAddress";        ///< sender column
  std::string recipient = "RecipientAddress";  ///< recipient column (one address)
  std::string received = "Received";          ///< time column
  std::string status = "Status";               ///< delivery status column
  std::string message_id = "MessageId";        ///< message id column; "" => each row is a message
  /// How rows form messages (file summary): by MessageId when that column is
  /// named (automatic), or by sender and time (row_grouping::sender_time).
  row_grouping group_rows_by = row_grouping::automatic;
  char sep = '\0';                             ///< field delimiter; '\0' => detect from the header
  error_policy errors = error_policy::strict;  ///< throw on a bad row, or skip and count it
  /// The file's character encoding (text_encoding.hpp); a byte-order mark
  /// overrides it. UTF-8 records that are not valid UTF-8 are bad records
  /// "invalid UTF-8".
  text_encoding encoding = text_encoding::utf8;
  /// Largest input read, in bytes after decompression (text_source.hpp):
  /// more is an io_error, so a gzip bomb or an endless device cannot exhaust memory.
  std::uint64_t max_input_bytes = default_max_input_bytes;
  /// Identity rules applied to every address before it is stored; null =
  /// the trimmed addresses as written. See the file summary.
  std::shared_ptr<const identities> identity_rules{};
  /// Polled every 4096 rows from the calling thread, with the position in
  /// bytes of the text parsed so far (interrupt.hpp); true stops the read
  /// (interrupted).
  interrupt_check interrupt{};
};

/// Reads a message trace export already in memory.
///
/// \param text  the whole input (header row first, optionally after a `#TYPE` line)
/// \param o     column names and parsing options (see message_trace_options)
/// \param name  the input's name, used in errors and report().source
/// \return      the delivered messages; `report()` counts the rest by reason
/// \throws parse_error for empty input, a missing column, or (strict) a bad row
/// \throws interrupted when `o.interrupt` asks to stop
/// \par Complexity  O(bytes).
[[nodiscard]] inline message_log read_message_trace_text(std::string_view text, const message_trace_options& o = {},
                                                         std::string name = "<memory>") {
  std::string decoded;
  text = decode_text(text, o.encoding, name, decoded);
  std::uint64_t skipped_lines = 0;
  text = detail::skip_type_line(text, skipped_lines);
  if (trim(text).empty())
    throw parse_error(name, 0, "", "empty input", "expected a header row, then one row per message and recipient");
  auto [sep, tok, header] = detail::open_table(text, o.sep, name, 1 + skipped_lines);
  const std::vector<std::string> names = detail::header_names(header);
  const std::size_t count = names.size();
  const bool pseudo = o.identity_rules && o.identity_rules->pseudonymizing();  // mask values in errors
  const std::size_t c_sender = detail::require_column(names, o.sender, name, "sender", pseudo, header.line);
  const std::size_t c_recipient = detail::require_column(names, o.recipient, name, "recipient", pseudo, header.line);
  const std::size_t c_received = detail::require_column(names, o.received, name, "received", pseudo, header.line);
  const std::size_t c_status = detail::require_column(names, o.status, name, "status", pseudo, header.line);
  const std::size_t c_id = trim(o.message_id).empty()
                               ? detail::absent_column
                               : detail::require_column(names, o.message_id, name, "message_id", pseudo, header.line);

  // The row stage (message_rows.hpp) in the trace's vocabulary: one
  // recipient per row, export time forms, ids grouped by earliest time.
  message_rows_options ro;
  ro.errors = o.errors;
  ro.identity_rules = o.identity_rules;
  ro.recipient_sep = '\0';
  resolve_row_grouping(ro, o.group_rows_by, c_id != detail::absent_column, true, "received");
  ro.grouping = id_grouping::earliest_unique;
  ro.export_times = true;
  ro.fields.sender = o.sender;
  ro.fields.recipients = o.recipient;
  ro.fields.timestamp = o.received;
  ro.fields.message_id = o.message_id;
  ro.no_recipients = "empty recipient";
  ro.sender_hint = "every delivered row needs a sender address";
  ro.recipients_hint = "every delivered row needs a recipient address";
  ro.time_hint = "expected ISO 8601 like 2024-03-01T09:00:00.1234567Z or US 3/1/2024 9:00:00 AM";
  message_log log;
  message_rows rows(log, ro, name);
  message_row r;
  r.time_is = message_row::time_kind::text;
  csv_row row;
  std::uint64_t n = 0;
  while (tok.next(row)) {
    if (row.blank()) continue;
    if ((++n & 4095) == 0) detail::poll(o.interrupt, "read_message_trace", tok.position(), text.size());
    if (auto shape = detail::check_row_shape(row, count); shape.reason != nullptr) {
      rows.refuse(row.line, shape.reason, {}, std::move(shape.hint));
      continue;
    }
    const std::string_view status = trim(row.fields[c_status]);
    if (!detail::iequals(status, "Delivered")) {
      rows.skip(detail::trace_status_reason(status));
      continue;
    }
    r.record = row.line;
    r.sender = row.fields[c_sender];
    r.recipients = row.fields[c_recipient];
    r.time_text = row.fields[c_received];
    if (c_id != detail::absent_column) r.message_id = row.fields[c_id];
    rows.add(r);
  }
  rows.finish();
  detail::close_report(log, std::move(name));
  return log;
}

/// Reads a message trace export file (gzip if the name ends in .gz). See
/// read_message_trace_text() and the file summary.
/// \throws io_error if the file cannot be read; parse_error, interrupted as read_message_trace_text().
[[nodiscard]] inline message_log read_message_trace(const std::filesystem::path& path,
                                                    const message_trace_options& o = {}) {
  return detail::read_input(path, /*populate=*/false, o.max_input_bytes, [&](std::string_view t, std::string name) {
    return read_message_trace_text(t, o, std::move(name));
  });
}

}  // namespace onakit
