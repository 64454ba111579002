#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/message_columns.hpp>
#include <onakit/ingest/message_rows.hpp>
#include <onakit/detail/numbers.hpp>

#include <gtest/gtest.h>

#include "log_compare.hpp"
#include "test_data.hpp"

#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace {

using onakit::testing::expect_same_log;
using onakit::error_policy;
using onakit::message_columns;
using onakit::message_log;
using onakit::message_row;
using onakit::message_rows;
using onakit::message_rows_options;
using onakit::read_message_columns;

/// The cells of a delimited file, column by column (views into copies held
/// in `store`: the tokenizer's rows do not outlive the next row).
struct table {
  std::vector<std::string> names;
  std::vector<std::vector<std::string_view>> columns;
  std::deque<std::string> store;
};

table columns_of(std::string_view text, char sep) {
  table t;
  onakit::csv_tokenizer tok(text, sep);
  onakit::csv_row row;
  tok.next(row);
  for (const auto f : row.fields) t.names.emplace_back(onakit::trim(f));
  t.columns.resize(t.names.size());
  while (tok.next(row))
    for (std::size_t k = 0; k < row.size(); ++k) t.columns[k].push_back(t.store.emplace_back(row.fields[k]));
  return t;
}

std::vector<std::string_view> column(const table& t, const std::string& name) {
  for (std::size_t k = 0; k < t.names.size(); ++k)
    if (t.names[k] == name) return t.columns[k];
  ADD_FAILURE() << "no column " << name;
  return {};
}

TEST(MessageRows, ColumnsOfTheJhuEnronFileGiveTheFileReadersLog) {
  ONAKIT_REQUIRE_DATA("enron-jhu-igraphdata/edges.csv");
  const std::string text = onakit::read_text_file(onakit::testing::data_file("enron-jhu-igraphdata/edges.csv"));
  const table t = columns_of(text, ',');
  for (const bool grouped : {false, true}) {
    for (const bool keyed : {false, true}) {
      onakit::email_csv_options o;
      o.sender = "from";
      o.recipients = "to";
      o.timestamp = "time";
      o.role = "reciptype";
      o.recipient_sep = '\0';
      if (grouped) o.message_id = "topic";  // groups rows of different senders: "message id with two senders"
      o.errors = error_policy::skip;
      if (keyed) {
        onakit::identity_options io;
        io.pseudonymize_key = "k";
        o.identity_rules = std::make_shared<const onakit::identities>(io);
      }
      const message_log file = onakit::read_email_csv_text(text, o, "edges.csv");
      message_columns c;
      c.rows = t.columns[0].size();
      c.sender = column(t, "from");
      c.recipients = column(t, "to");
      c.time_text = column(t, "time");
      c.role = column(t, "reciptype");
      if (grouped) c.message_id = column(t, "topic");
      const message_log cols = read_message_columns(c, onakit::detail::email_rows_options(o), "edges.csv");
      SCOPED_TRACE(std::string(grouped ? "grouped" : "rows") + (keyed ? ", keyed" : ""));
      expect_same_log(cols, file);
      EXPECT_EQ(file.report().records_read, 125'409u);
      if (grouped) {
        EXPECT_GT(file.report().skipped.at("message id with two senders"), 0u);
      }
    }
  }
}

TEST(MessageRows, EachCheckHasItsReasonAndStrictNamesTheRecord) {
  message_rows_options o;
  o.errors = error_policy::skip;
  o.group_by_id = true;
  o.fields.sender = "From";
  message_log log;
  message_rows rows(log, o, "<t>");
  const auto row = [](std::uint64_t k, std::string_view s, std::string_view r, std::string_view t,
                      std::string_view id = {}) {
    message_row x;
    x.record = k;
    x.sender = s;
    x.recipients = r;
    x.time_is = message_row::time_kind::text;
    x.time_text = t;
    x.message_id = id;
    return x;
  };
  EXPECT_TRUE(rows.add(row(1, " ann ", "bob; ;cy", "2024-01-01", "m1")));
  EXPECT_FALSE(rows.add(row(2, "", "bob", "2024-01-01")));
  EXPECT_FALSE(rows.add(row(3, "ann", " ; ", "2024-01-01")));
  EXPECT_FALSE(rows.add(row(4, "ann", "bob", "soon")));
  EXPECT_FALSE(rows.add(row(5, "bob", "ann", "2024-01-02", "m1")));
  EXPECT_TRUE(rows.add(row(6, "ann", "dan", "", "m1")));
  EXPECT_FALSE(rows.add(row(7, std::string_view("a\0b", 3), "dan", "")));
  message_row w = row(8, "ann", "bob", "2024-01-03");
  w.weight_is = message_row::weight_kind::text;
  w.weight_text = "1,5";  // no decimal comma: the one number rule
  EXPECT_FALSE(rows.add(w));
  w.weight_text = " +2.5e0 ";
  EXPECT_TRUE(rows.add(w));
  rows.refuse(9, "wrong number of fields", {}, "");
  rows.skip("status Failed");
  rows.finish();
  const auto& rep = log.report();
  EXPECT_EQ(rep.records_read, 11u);
  EXPECT_EQ(rep.records_kept, 3u);
  EXPECT_TRUE(rep.balanced());
  const std::map<std::string, std::uint64_t> skipped{
      {"empty sender", 1},   {"no recipients", 1}, {"bad timestamp", 1}, {"message id with two senders", 1},
      {"bad address", 1},    {"bad weight", 1},    {"wrong number of fields", 1}, {"status Failed", 1}};
  EXPECT_EQ(rep.skipped, skipped);
  EXPECT_EQ(rep.dropped, (std::map<std::string, std::uint64_t>{{"empty recipient", 1}, {"empty timestamp", 1}}));
  ASSERT_EQ(log.num_messages(), 2u);  // m1 (rows 1 and 6), row 9
  EXPECT_EQ(log.people()[log.sender(0)], "ann");
  EXPECT_EQ(log.recipients(0).size(), 3u);  // bob, cy, then dan from row 6
  EXPECT_EQ(log.message_id(0), "m1");
  EXPECT_EQ(log.weight(1), 2.5);

  o.errors = error_policy::strict;
  message_log strict_log;
  message_rows strict(strict_log, o, "<t>");
  EXPECT_TRUE(strict.add(row(1, "ann", "bob", "2024-01-01")));
  try {
    (void)strict.add(row(2, "", "bob", "2024-01-01"));
    FAIL() << "expected parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.file(), "<t>");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.field(), "From");
    EXPECT_EQ(e.reason(), "empty sender");
  }
}

TEST(MessageRows, EarliestUniqueGroupingKeepsTheEarliestTimeAndSkipsRepeats) {
  message_rows_options o;
  o.group_by_id = true;
  o.grouping = onakit::id_grouping::earliest_unique;
  o.recipient_sep = '\0';
  message_log log;
  message_rows rows(log, o, "<t>");
  message_row r;
  r.time_is = message_row::time_kind::value;
  r.sender = "ann";
  r.message_id = "x";
  for (const auto& [k, to, t] : std::vector<std::tuple<int, const char*, onakit::timestamp_t>>{
           {1, "bob", 300}, {2, "cy", 100}, {3, "bob", 50}, {4, "dan", onakit::no_time}}) {
    r.record = static_cast<std::uint64_t>(k);
    r.recipients = to;
    r.time = t;
    rows.add(r);
  }
  rows.finish();
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.time(0), 100);  // the repeat of bob (time 50) was skipped before it could count
  EXPECT_EQ(log.recipients(0).size(), 3u);
  EXPECT_EQ(log.report().skipped.at("duplicate row"), 1u);
  EXPECT_EQ(log.report().dropped.at("empty timestamp"), 1u);
}

TEST(MessageRows, NumbersAreUnixSecondsOrMillisecondsByTheTextRule) {
  // the same values as text and as numbers give the same times
  for (const double x : {1262454010.0, 1433864707.943132, 1433864707943.0, -86400.0, 0.0}) {
    const auto from_text = onakit::try_parse_timestamp(std::to_string(static_cast<long long>(x)));
    const auto from_number = onakit::timestamp_from_unix(std::floor(x));
    ASSERT_TRUE(from_text && from_number);
    EXPECT_EQ(*from_text, *from_number) << x;
  }
  EXPECT_EQ(*onakit::timestamp_from_unix(1433864707.943132), 1433864707943132);  // rounded, not truncated
  EXPECT_EQ(*onakit::timestamp_from_unix(1e11), 100'000'000'000'000);            // 10^11: milliseconds
  EXPECT_FALSE(onakit::timestamp_from_unix(1e300));
  EXPECT_FALSE(onakit::timestamp_from_unix(1.7e18));  // a nanosecond epoch read as milliseconds
  EXPECT_FALSE(onakit::timestamp_from_unix(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(onakit::timestamp_from_unix(std::nan("")));
}

TEST(MessageRows, TheOneNumberRule) {
  using onakit::detail::parse_number;
  EXPECT_EQ(*parse_number(" 1.5 "), 1.5);
  EXPECT_EQ(*parse_number("+2e3"), 2000.0);
  EXPECT_EQ(*parse_number("-0.25"), -0.25);
  for (const char* bad : {"", " ", "1,5", "1.5x", "0x10", "inf", "nan", "1e999", "++1", "1 000"})
    EXPECT_FALSE(parse_number(bad)) << bad;
}

}  // namespace
