#pragma once
/// \file message_columns.hpp
/// A table held column by column (a DataFrame's columns) read through the
/// row stage of message_rows.hpp: the path of `MessageLog.from_pandas`. Each
/// row i becomes a message_row (record i + 1 in errors) and goes through
/// the same checks, time parser, identity rules and report as a row of a
/// delimited file, so a DataFrame and the file it was read from give
/// identical logs and pseudonyms.
///
/// Columns come as views (text), microseconds, Unix numbers (seconds, or
/// milliseconds from 10^11: timestamp_from_unix()) or weights; recipients
/// as one cell per row (split at recipient_sep) or as lists (a list-like
/// DataFrame cell), with offsets.
///
/// Complexity: O(cells) time, serial; memory: the log and the row stage's
/// person cache.
///
/// Example:
/// \code
///   std::vector<std::string_view> s{"ann", "bob"}, r{"bob;cy", "ann"};
///   onakit::message_columns c;
///   c.rows = 2;
///   c.sender = s;
///   c.recipients = r;
///   c.time_unix = {1.7e9, 1.7e9 + 60};
///   onakit::message_log log = onakit::read_message_columns(c, {}, "<table>");  // 2 messages, 3 pairs
/// \endcode

#include <onakit/errors.hpp>
#include <onakit/ingest/detail/reader.hpp>
#include <onakit/ingest/message_rows.hpp>
#include <onakit/message_log.hpp>
#include <onakit/types.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// A table held column by column (a DataFrame's columns): each column that
/// is present has one entry per row; an empty vector is an absent column.
/// Views must stay valid during read_message_columns().
struct message_columns {
  std::size_t rows = 0;
  std::vector<std::string_view> sender;  ///< required; an empty view is a missing value
  /// Recipient entries. Without `recipient_offsets` one per row, a cell split
  /// at recipient_sep; with them, row i's are [offsets[i], offsets[i+1]).
  std::vector<std::string_view> recipients;
  std::vector<std::uint64_t> recipient_offsets;  ///< rows + 1 offsets, or empty
  /// Per row (with offsets): 1 = the entries are a list (a list-like cell), 0 = one cell to split.
  std::vector<std::uint8_t> recipient_is_list;
  std::vector<std::string_view> time_text;  ///< times as text, or
  std::vector<timestamp_t> time_value;      ///< microseconds (no_time = missing), or
  std::vector<double> time_unix;            ///< Unix seconds/milliseconds (NaN = missing)
  std::vector<std::string_view> role;
  std::vector<std::string_view> message_id;
  std::vector<std::string_view> channel;
  std::vector<std::string_view> weight_text;  ///< weights as text, or
  std::vector<double> weight_value;           ///< numbers
};

/// Reads a table held column by column through the row stage: row i is
/// record i + 1 in errors (``<pandas>:3: field 'sender': empty sender``).
/// The result is the log a delimited file with the same cells gives (the
/// email CSV reader), with the same report and pseudonyms.
///
/// \param c       the columns (see message_columns)
/// \param o       the rules (see message_rows_options; `fields` names the columns in errors)
/// \param source  the table's name in errors and report().source
/// \throws invalid_option if the columns' lengths disagree; parse_error as message_rows::add()
/// \par Complexity  O(cells), serial.
[[nodiscard]] inline message_log read_message_columns(const message_columns& c, const message_rows_options& o,
                                                      std::string source = "<columns>") {
  const std::size_t n = c.rows;
  const bool lists = !c.recipient_offsets.empty();
  const auto sized = [n](const auto& v) { return v.empty() || v.size() == n; };
  if (c.sender.size() != n || (!lists && c.recipients.size() != n) ||
      (lists && (c.recipient_offsets.size() != n + 1 || c.recipient_offsets[n] != c.recipients.size() ||
                 c.recipient_is_list.size() != n)) ||
      !sized(c.time_text) || !sized(c.time_value) || !sized(c.time_unix) || !sized(c.role) ||
      !sized(c.message_id) || !sized(c.channel) || !sized(c.weight_text) || !sized(c.weight_value))
    throw invalid_option("read_message_columns: the columns' lengths disagree");
  message_log log;
  message_rows rows(log, o, source);
  message_row r;
  r.time_is = !c.time_text.empty()    ? message_row::time_kind::text
              : !c.time_value.empty() ? message_row::time_kind::value
              : !c.time_unix.empty()  ? message_row::time_kind::unix_number
                                      : message_row::time_kind::none;
  r.has_role = !c.role.empty();
  r.weight_is = !c.weight_text.empty()    ? message_row::weight_kind::text
                : !c.weight_value.empty() ? message_row::weight_kind::value
                                          : message_row::weight_kind::none;
  for (std::size_t i = 0; i < n; ++i) {
    r.record = i + 1;
    r.sender = c.sender[i];
    if (!lists) {
      r.recipients = c.recipients[i];
    } else {
      const std::uint64_t b = c.recipient_offsets[i], e = c.recipient_offsets[i + 1];
      if (e < b || e > c.recipients.size()) throw invalid_option("read_message_columns: recipient offsets must not decrease");
      r.list_given = c.recipient_is_list[i] != 0;
      if (r.list_given) r.recipient_list = std::span<const std::string_view>(c.recipients.data() + b, e - b);
      else r.recipients = e > b ? c.recipients[b] : std::string_view{};
    }
    if (!c.time_text.empty()) r.time_text = c.time_text[i];
    if (!c.time_value.empty()) r.time = c.time_value[i];
    if (!c.time_unix.empty()) r.unix_time = c.time_unix[i];
    if (r.has_role) r.role_text = c.role[i];
    if (!c.message_id.empty()) r.message_id = c.message_id[i];
    if (!c.channel.empty()) r.channel = c.channel[i];
    if (!c.weight_text.empty()) r.weight_text = c.weight_text[i];
    if (!c.weight_value.empty()) r.weight = c.weight_value[i];
    rows.add(r);
  }
  rows.finish();
  detail::close_report(log, std::move(source));
  return log;
}

}  // namespace onakit
