#pragma once
/// \file viva_p2p.hpp
/// Reads a Microsoft Viva Insights person-to-person query (CSV) into a
/// message_log plus a table of people's attributes.
///
/// Input: the CSV a person-to-person query exports: one row per (primary
/// collaborator, secondary collaborator[, period]) with metric columns and
/// HR attributes of both people, e.g.
///
///     MetricDate,PrimaryCollaborator_PersonId,SecondaryCollaborator_PersonId,Collaboration_hours,Email_count,PrimaryCollaborator_Organization,SecondaryCollaborator_Organization
///     3/3/2024,p1,p2,1.5,4,Sales,Finance
///
/// | option      | default                              | the column holds                     |
/// |-------------|--------------------------------------|--------------------------------------|
/// | `primary`   | `"PrimaryCollaborator_PersonId"`     | the primary collaborator's id        |
/// | `secondary` | `"SecondaryCollaborator_PersonId"`   | the secondary collaborator's id      |
/// | `weight`    | (required)                           | the metric used as tie weight, e.g. `Collaboration_hours`, `Email_count` |
/// | `date`      | `"auto"`                             | the period: `MetricDate`, else `Date` if present; `""` = none |
///
/// Semantics:
/// - Each kept row becomes one message from primary to secondary (role::to)
///   with multiplicity = the weight cell (message_log::begin_message's
///   `weight`), so building a graph sums the metric over rows. Rows repeat
///   per week/period: each is its own record and message. The time is the
///   date cell (ISO or US `M/D/YYYY`, see export_table.hpp), or no_time when
///   there is no date column; an empty date cell gives no_time, counted in
///   dropped["empty date"].
/// - Header names are matched case-insensitively after trimming. Fields are
///   trimmed. Delimiter detected among `,` `;` tab `|` unless `sep` is
///   given; RFC 4180 quoting and a BOM are handled (csv.hpp). Text is UTF-8
///   unless `encoding` says otherwise (text_encoding.hpp).
/// - Weights are numbers with a `.` decimal point, >= 0. A row whose weight
///   is 0 is skipped as "zero weight" (a pair that did not collaborate in
///   that period; policy, strict mode does not throw for it).
/// - Attributes: every other column named `PrimaryCollaborator_<Attr>` or
///   `SecondaryCollaborator_<Attr>` (prefix case-insensitive) gives
///   attribute `<Attr>` (as spelled where first met in the header) of that
///   row's primary or secondary person. Attribute names are in header order.
///   Only kept rows contribute, so everyone with attributes is in the log.
///   Per person the first non-empty value in file order is kept; a later
///   different non-empty value is a conflict, counted in
///   dropped["attribute conflict"] (an HR change between periods, say) and
///   ignored. People's attributes are joined by their id, never by row
///   position.
///
/// Identity rules (`identity_rules`) apply to both ids before anything is
/// stored, as in email_csv.hpp: a dropped primary skips the row as "sender
/// excluded"/"sender external", a dropped secondary skips it as "no
/// recipients after identity rules" (policy, strict mode does not throw).
/// Viva ids are already pseudonymous; a pseudonymize_key
/// re-keys them (after lower-casing, as every canonical form is).
///
/// Bad records, under the reason each is reported/counted with:
/// `wrong number of fields`, `unterminated quote`, `invalid UTF-8`,
/// `bad address`, `empty primary`,
/// `empty secondary`, `bad weight` (empty, not a number, or negative),
/// `bad date`. error_policy::strict throws parse_error(file, line, field,
/// reason, hint) for the first; error_policy::skip counts them in
/// report().skipped. A missing column (or an empty `weight` option) throws
/// parse_error at line 0 listing the columns found. Empty input is
/// parse_error "empty input". `report().balanced()` always holds.
///
/// The rows go through the row stage (message_rows.hpp), so the order of
/// checks is: primary, secondary, weight, date, zero weight, identities.
/// Rows are never grouped into messages (no `group_rows_by`): a row is
/// already an aggregate (a pair's hours or e-mails in one period), not one
/// message to several people, so there is no message weight to split.
///
/// Complexity: O(bytes + rows x attribute columns); serial. Memory: the
/// file, the log (one message and one pair per row), and the attribute
/// table (people x attributes strings).
///
/// Example:
/// \code
///   onakit::viva_p2p_options o;
///   o.weight = "Collaboration_hours";
///   onakit::viva_p2p_result r = onakit::read_viva_p2p("p2p.csv", o);
///   auto org = std::find(r.attribute_names.begin(), r.attribute_names.end(), "Organization");
///   // r.attributes[v][org - begin] is person v's organization ("" if unknown)
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

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onakit::inline v0_1 {

/// Options of read_viva_p2p(); see the file summary for the rules.
struct viva_p2p_options {
  std::string primary = "PrimaryCollaborator_PersonId";      ///< primary collaborator id column
  std::string secondary = "SecondaryCollaborator_PersonId";  ///< secondary collaborator id column
  std::string weight{};         ///< metric column used as weight (required)
  std::string date = "auto";  ///< date column; "auto" => MetricDate, else Date, else none; "" => none
  char sep = '\0';            ///< field delimiter; '\0' => detect from the header
  error_policy errors = error_policy::strict;  ///< throw on a bad row, or skip and count it
  /// The file's character encoding (text_encoding.hpp); a byte-order mark
  /// overrides it. UTF-8 records that are not valid UTF-8 are bad records
  /// "invalid UTF-8".
  text_encoding encoding = text_encoding::utf8;
  /// Largest input read, in bytes after decompression (text_source.hpp):
  /// more is an io_error, so a gzip bomb or an endless device cannot exhaust memory.
  std::uint64_t max_input_bytes = default_max_input_bytes;
  /// Identity rules applied to both ids before anything is stored; null =
  /// the trimmed ids as written. See the file summary.
  std::shared_ptr<const identities> identity_rules{};
  /// Polled every 4096 rows from the calling thread, with the position in
  /// bytes of the text parsed so far (interrupt.hpp); true stops the read
  /// (interrupted).
  interrupt_check interrupt{};
};

/// A person-to-person log and its people's attributes.
struct viva_p2p_result {
  message_log log;                           ///< one message per kept row
  std::vector<std::string> attribute_names;  ///< `<Attr>` of the `*Collaborator_<Attr>` columns
  /// attributes[v][k]: attribute k of person v (vertex_id of `log`); "" if unknown.
  std::vector<std::vector<std::string>> attributes;
};

namespace detail {

inline constexpr std::string_view viva_primary_prefix = "PrimaryCollaborator_";
inline constexpr std::string_view viva_secondary_prefix = "SecondaryCollaborator_";

struct viva_columns {
  std::size_t count = 0, primary = absent_column, secondary = absent_column, weight = absent_column,
              date = absent_column;
  std::vector<std::pair<std::size_t, std::size_t>> primary_attr;    ///< (column, attribute)
  std::vector<std::pair<std::size_t, std::size_t>> secondary_attr;  ///< (column, attribute)
};

inline viva_columns find_viva_columns(const csv_row& header, const viva_p2p_options& o, const std::string& name,
                                      std::vector<std::string>& attribute_names) {
  const std::vector<std::string> names = header_names(header);
  const bool mask = o.identity_rules && o.identity_rules->masks_values();
  viva_columns c;
  c.count = names.size();
  c.primary = require_column(names, o.primary, name, "primary", mask, header.line);
  c.secondary = require_column(names, o.secondary, name, "secondary", mask, header.line);
  if (trim(o.weight).empty())
    throw parse_error(name, 0, "", "no weight column chosen",
                      "pass weight= a metric column, e.g. Collaboration_hours; columns found: " +
                          quote_values(names, mask));
  c.weight = require_column(names, o.weight, name, "weight", mask, header.line);
  if (o.date == "auto") {
    c.date = find_column_ci(names, "MetricDate");
    if (c.date == absent_column) c.date = find_column_ci(names, "Date");
  } else if (!trim(o.date).empty()) {
    c.date = require_column(names, o.date, name, "date", mask, header.line);
  }
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (k == c.primary || k == c.secondary || k == c.weight || k == c.date) continue;
    const bool is_primary = istarts_with(names[k], viva_primary_prefix);
    const bool is_secondary = !is_primary && istarts_with(names[k], viva_secondary_prefix);
    if (!is_primary && !is_secondary) continue;
    const std::string attr =
        names[k].substr(is_primary ? viva_primary_prefix.size() : viva_secondary_prefix.size());
    if (attr.empty()) continue;
    std::size_t a = 0;
    while (a < attribute_names.size() && !iequals(attribute_names[a], attr)) ++a;
    if (a == attribute_names.size()) attribute_names.push_back(attr);
    (is_primary ? c.primary_attr : c.secondary_attr).emplace_back(k, a);
  }
  return c;
}

/// Records person v's attributes from `row`, counting conflicts.
inline void note_viva_attributes(viva_p2p_result& r, vertex_id v, const csv_row& row,
                                 const std::vector<std::pair<std::size_t, std::size_t>>& cols) {
  if (r.attributes.size() <= v) r.attributes.resize(v + 1, std::vector<std::string>(r.attribute_names.size()));
  auto& mine = r.attributes[v];
  for (const auto& [col, a] : cols) {
    const std::string_view val = trim(row.fields[col]);
    if (val.empty()) continue;
    if (mine[a].empty()) mine[a] = val;
    else if (mine[a] != val) r.log.report().drop("attribute conflict");
  }
}

}  // namespace detail

/// Reads a Viva Insights person-to-person query already in memory.
///
/// \param text  the whole input (header row first)
/// \param o     column names and parsing options; `o.weight` is required
/// \param name  the input's name, used in errors and report().source
/// \return      the log and the attribute table (see viva_p2p_result)
/// \throws parse_error for empty input, a missing column, or (strict) a bad row
/// \throws interrupted when `o.interrupt` asks to stop
/// \par Complexity  O(bytes + rows x attribute columns).
[[nodiscard]] inline viva_p2p_result read_viva_p2p_text(std::string_view text, const viva_p2p_options& o,
                                                        std::string name = "<memory>") {
  std::string decoded;
  text = detail::open_text(text, o.encoding, name, decoded, "expected a header row, then one row per collaborator pair");
  auto [sep, tok, header] = detail::open_table(text, o.sep, name);
  viva_p2p_result result;
  const detail::viva_columns c = detail::find_viva_columns(header, o, name, result.attribute_names);
  message_log& log = result.log;
  // The row stage (message_rows.hpp) in Viva's vocabulary: one secondary per
  // row, a weight, export date forms, zero weights skipped.
  message_rows_options ro;
  ro.errors = o.errors;
  ro.identity_rules = o.identity_rules;
  ro.recipient_sep = '\0';
  ro.export_times = true;
  ro.skip_zero_weight = true;
  ro.fields.sender = o.primary;
  ro.fields.recipients = o.secondary;
  ro.fields.weight = o.weight;
  if (c.date != detail::absent_column) ro.fields.timestamp = detail::header_names(header)[c.date];
  ro.empty_sender = "empty primary";
  ro.no_recipients = "empty secondary";
  ro.bad_time = "bad date";
  ro.empty_time = "empty date";
  ro.sender_hint = ro.recipients_hint = "every row needs both collaborators";
  ro.time_hint = "expected ISO 2024-03-03 or US 3/3/2024";
  message_rows rows(log, ro, name);
  message_row r;
  r.weight_is = message_row::weight_kind::text;
  r.time_is = c.date != detail::absent_column ? message_row::time_kind::text : message_row::time_kind::none;
  csv_row row;
  std::uint64_t n = 0;
  while (tok.next(row)) {
    if (row.blank()) continue;
    if ((++n & 4095) == 0) detail::poll(o.interrupt, "read_viva_p2p", tok.position(), text.size());
    if (auto shape = detail::check_row_shape(row, c.count); shape.reason != nullptr) {
      rows.refuse(row.line, shape.reason, {}, std::move(shape.hint));
      continue;
    }
    r.record = row.line;
    r.sender = row.fields[c.primary];
    r.recipients = row.fields[c.secondary];
    r.weight_text = row.fields[c.weight];
    if (c.date != detail::absent_column) r.time_text = row.fields[c.date];
    if (!rows.add(r)) continue;
    detail::note_viva_attributes(result, rows.sender_id(), row, c.primary_attr);
    detail::note_viva_attributes(result, rows.recipient_ids()[0], row, c.secondary_attr);
  }
  result.attributes.resize(log.num_people(), std::vector<std::string>(result.attribute_names.size()));
  detail::close_report(log, std::move(name));
  return result;
}

/// Reads a Viva Insights person-to-person query file (gzip if the name ends
/// in .gz). See read_viva_p2p_text() and the file summary.
/// \throws io_error if the file cannot be read; parse_error, interrupted as read_viva_p2p_text().
[[nodiscard]] inline viva_p2p_result read_viva_p2p(const std::filesystem::path& path, const viva_p2p_options& o) {
  return detail::read_input(path, /*populate=*/false, o.max_input_bytes, [&](std::string_view t, std::string name) {
    return read_viva_p2p_text(t, o, std::move(name));
  });
}

}  // namespace onakit
