#pragma once
/// \file people_table.hpp
/// HR people tables (department, level, manager, site, any columns) joined
/// to a log's or graph's people through an id column, an e-mail column and
/// the ingest's identity rules: the C++ side of Python's `ona.read_people`,
/// which calls join_people() and is_name_column() so the rules live here.
///
/// ## Join rule (join_people)
/// For each row, in table order, the candidates are: the id as written
/// (trimmed), the id resolved by the identity rules, the e-mail resolved by
/// the rules, the e-mail in lower case. The first candidate that finds a
/// person by onakit::label_matcher (<onakit/labels.hpp>: trimmed text, then
/// ASCII case folding) wins. A row matching nobody is an *unmatched row*; a
/// row for a person an earlier row already matched is a *duplicate row* (the
/// first row wins). People no row matches are *unmatched people*.
///
/// ## Privacy
/// With pseudonymising identity rules, read_people() stores no raw
/// identity: the id and e-mail columns, and every column with an `@` in some
/// value (a manager's e-mail, say), hold each value's keyed pseudonym (the
/// label a reader gives that address; empty when the rules drop it), name
/// columns (is_name_column()) are dropped, and row keys are pseudonyms.
///
/// ## Example
/// \code
///   onakit::people_table_options o;
///   o.id = "ID";
///   const auto hr = onakit::read_people("reportsto.csv", o, g.labels());
///   const std::size_t row = hr.match.row_of[g.find("17")];  // people_table::npos if none
///   std::cout << hr.rows[row][hr.column("ReportsToID")];
/// \endcode
///
/// Complexity: O(bytes + rows * columns) to read; join O(people + rows).

#include <onakit/detail/quote.hpp>
#include <onakit/errors.hpp>
#include <onakit/ingest/csv.hpp>
#include <onakit/ingest/identities.hpp>
#include <onakit/ingest/text_encoding.hpp>
#include <onakit/labels.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace onakit::inline v0_1 {

/// Column names (lower case, without underscores, hyphens, dots and spaces) that name
/// people, dropped from a pseudonymised people table.
inline constexpr std::array<std::string_view, 15> name_columns = {
    "name",       "firstname",  "lastname",     "fullname",     "displayname",
    "givenname",  "surname",    "familyname",   "middlename",   "preferredname",
    "nickname",   "username",   "employeename", "personname",   "managername"};

/// Whether column `name` names people (any case, with or without underscores,
/// hyphens, dots or spaces: "First Name", "first_name", "FIRSTNAME").
[[nodiscard]] inline bool is_name_column(std::string_view name) {
  std::string norm;
  for (const char c : name)
    if (c != '_' && c != '-' && c != '.' && c != ' ') norm += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return std::find(name_columns.begin(), name_columns.end(), norm) != name_columns.end();
}

/// How rows of a people table matched people (see the file comment).
struct people_match {
  static constexpr std::size_t npos = label_matcher::npos;
  std::vector<std::size_t> row_of;          ///< per person: the row that matched, or npos
  std::vector<std::size_t> unmatched_rows;  ///< rows matching no person, in table order
  std::vector<std::size_t> duplicate_rows;  ///< later rows for an already matched person
};

/// Joins table rows to `people` (their labels) by the rule of the file
/// comment. `ids` and `emails` hold one text per row ("" = missing; either
/// may be empty = no such column); `rules` may be null.
/// \throws invalid_option if ids and emails are both given with different lengths.
[[nodiscard]] inline people_match join_people(std::span<const std::string> people, std::span<const std::string> ids,
                                              std::span<const std::string> emails, const identities* rules) {
  if (!ids.empty() && !emails.empty() && ids.size() != emails.size())
    throw invalid_option("join_people: " + std::to_string(ids.size()) + " ids but " + std::to_string(emails.size()) +
                         " e-mails (give one per row)");
  const std::size_t rows = std::max(ids.size(), emails.size());
  const label_matcher matcher(people);
  people_match m;
  m.row_of.assign(people.size(), people_match::npos);
  auto resolved = [&](std::string_view raw, std::size_t& pos) {
    if (rules == nullptr) return false;
    const auto r = rules->resolve(raw);
    return r.kept() && (pos = matcher.find(r.label)) != label_matcher::npos;
  };
  for (std::size_t i = 0; i < rows; ++i) {
    const std::string_view id = ids.empty() ? std::string_view{} : match_text(ids[i]);
    const std::string_view mail = emails.empty() ? std::string_view{} : match_text(emails[i]);
    std::size_t pos = label_matcher::npos;
    bool found = false;
    if (!id.empty()) found = (pos = matcher.find(id)) != label_matcher::npos || resolved(id, pos);
    if (!found && !mail.empty())
      found = resolved(mail, pos) || (pos = matcher.find(label_matcher::fold(mail))) != label_matcher::npos;
    if (!found) m.unmatched_rows.push_back(i);
    else if (m.row_of[pos] != people_match::npos) m.duplicate_rows.push_back(i);
    else m.row_of[pos] = i;
  }
  return m;
}

struct people_table_options {
  std::string id{};     ///< column of the person's id as the log labels people (tried first)
  std::string email{};  ///< column of the person's e-mail; at least one of id / email is required
  char sep = '\0';    ///< field delimiter; '\0' detects it among `, ; \t |` in the first line
  /// Column names for a file without a header row (then the first row is data).
  std::vector<std::string> columns{};
  text_encoding encoding = text_encoding::utf8;
  std::uint64_t max_input_bytes = default_max_input_bytes;
  /// The identity rules the log's reader got (aliases, pseudonymize_key, ...), or null.
  std::shared_ptr<const identities> identity_rules{};
};

/// A people table as read: every cell as text ("" when empty).
struct people_table {
  static constexpr std::size_t npos = people_match::npos;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  ///< rows[r][c], one entry per column
  /// Per row: the id, else the e-mail, as written (trimmed); with
  /// pseudonymising rules its pseudonym ("" when none or dropped).
  std::vector<std::string> keys;
  /// The join to the people passed to read_people() (empty without them).
  people_match match;
  /// Index of column `name`, or npos.
  [[nodiscard]] std::size_t column(std::string_view name) const {
    const auto it = std::find(columns.begin(), columns.end(), name);
    return it == columns.end() ? npos : static_cast<std::size_t>(it - columns.begin());
  }
};

namespace detail {

/// A people table from decoded text (see read_people()); `name` for errors.
inline people_table parse_people_table(std::string_view text, const people_table_options& o, const std::string& name) {
  if (o.id.empty() && o.email.empty())
    throw invalid_option("read_people needs id or email (the column to join on)");
  const bool mask = o.identity_rules != nullptr && o.identity_rules->masks_values();
  text = strip_bom(text);
  const char sep = o.sep != '\0' ? o.sep : detect_delimiter(text);
  csv_tokenizer tok(text, sep);
  csv_row row;
  people_table t;
  if (!o.columns.empty()) {
    t.columns = o.columns;
  } else {
    while (tok.next(row) && row.blank()) {
    }
    for (const auto f : row.fields) t.columns.emplace_back(trim(f));
  }
  for (const auto& [keyword, col] : {std::pair<const char*, const std::string&>{"id", o.id}, {"email", o.email}}) {
    if (col.empty()) continue;
    const std::size_t c = t.column(col);
    if (c == people_table::npos) {
      std::string found;
      for (const auto& c2 : t.columns) found += (found.empty() ? "" : ", ") + quote_value(c2, mask);
      std::string hint = std::string(keyword) + "=" + quote_value(col, false) + " names no column; columns found: " + found;
      if (o.columns.empty()) hint += "; for a file without a header row pass columns=[...]";
      throw parse_error(name, 0, col, "missing column", hint);
    }
  }
  const std::size_t width = t.columns.size();
  while (tok.next(row)) {
    if (row.blank()) continue;
    if (row.fields.size() > width)
      throw parse_error(name, row.line, "", "wrong number of fields",
                        std::to_string(row.fields.size()) + " fields for " + std::to_string(width) +
                            " columns; check sep=");
    std::vector<std::string> cells(width);
    for (std::size_t c = 0; c < row.fields.size(); ++c) cells[c] = std::string(trim(row.fields[c]));
    t.rows.push_back(std::move(cells));
  }
  const std::size_t id_col = o.id.empty() ? people_table::npos : t.column(o.id);
  const std::size_t mail_col = o.email.empty() ? people_table::npos : t.column(o.email);
  t.keys.reserve(t.rows.size());
  for (const auto& r : t.rows) {
    const std::string& id = id_col == people_table::npos ? std::string() : r[id_col];
    t.keys.push_back(!id.empty() ? id : (mail_col == people_table::npos ? std::string() : r[mail_col]));
  }
  return t;
}

/// Replaces raw identities by pseudonyms and drops name columns (see the file comment).
inline void pseudonymise_people_table(people_table& t, const identities& rules, std::span<const std::size_t> key_cols) {
  auto pseudo = [&](const std::string& v) {
    if (v.empty()) return std::string();
    auto r = rules.resolve(v);
    return r.kept() ? std::move(r.label) : std::string();
  };
  std::vector<char> keep(t.columns.size(), 1);
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const bool key = std::find(key_cols.begin(), key_cols.end(), c) != key_cols.end();
    const bool has_at = std::any_of(t.rows.begin(), t.rows.end(),
                                    [&](const auto& r) { return r[c].find('@') != std::string::npos; });
    if (key || has_at) {
      for (auto& r : t.rows) r[c] = pseudo(r[c]);
    } else if (is_name_column(t.columns[c])) {
      keep[c] = 0;
    }
  }
  for (auto& k : t.keys) k = pseudo(k);
  std::vector<std::string> cols;
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (keep[c]) cols.push_back(t.columns[c]);
  for (auto& r : t.rows) {
    std::vector<std::string> kept;
    for (std::size_t c = 0; c < r.size(); ++c)
      if (keep[c]) kept.push_back(std::move(r[c]));
    r = std::move(kept);
  }
  t.columns = std::move(cols);
}

}  // namespace detail

/// Reads a people table (CSV/TSV, `.gz` decompressed; decoded and checked
/// as every reader does, see read_table_text()) and, when `people` is given,
/// joins it to them (join_people()). Cells are trimmed; a short row is
/// padded with "".
/// \throws io_error for a missing or too large file; parse_error naming the
///         file (and line) for an empty file, text not in `encoding`, a row
///         with more fields than columns ("wrong number of fields"), or a
///         missing id / email column ("missing column", naming the keyword);
///         invalid_option without id and email.
[[nodiscard]] inline people_table read_people(const std::filesystem::path& path, const people_table_options& o,
                                              std::span<const std::string> people = {}) {
  if (o.id.empty() && o.email.empty())
    throw invalid_option("read_people needs id or email (the column to join on)");
  const std::string text = read_table_text(path, o.encoding, o.max_input_bytes);
  people_table t = detail::parse_people_table(text, o, path.string());
  std::vector<std::string> ids, mails;
  const std::size_t id_col = o.id.empty() ? people_table::npos : t.column(o.id);
  const std::size_t mail_col = o.email.empty() ? people_table::npos : t.column(o.email);
  for (const auto& r : t.rows) {
    if (id_col != people_table::npos) ids.push_back(r[id_col]);
    if (mail_col != people_table::npos) mails.push_back(r[mail_col]);
  }
  if (!people.empty()) t.match = join_people(people, ids, mails, o.identity_rules.get());
  if (o.identity_rules != nullptr && o.identity_rules->pseudonymizing()) {
    std::vector<std::size_t> key_cols;
    if (id_col != people_table::npos) key_cols.push_back(id_col);
    if (mail_col != people_table::npos) key_cols.push_back(mail_col);
    detail::pseudonymise_people_table(t, *o.identity_rules, key_cols);
  }
  return t;
}

}  // namespace onakit
