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
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
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

TEST(MessageRows, AKeptPersonCacheGivesTheLogOfAFreshOneAndMustMatchTheRules) {
  // A stream keeps one person cache per log from window to window: stages on
  // it must give the log stages with their own caches give, and a cache made
  // for other identity rules is refused (its resolutions would be wrong).
  message_rows_options o;
  o.errors = error_policy::skip;
  onakit::identity_options io;
  io.exclude = {"noreply*"};
  o.identity_rules = std::make_shared<const onakit::identities>(io);
  const std::vector<std::vector<std::pair<std::string, std::string>>> windows = {
      {{"ann", "bob;cy"}, {"noreply@x", "ann"}, {"bob", "noreply@x;dan"}},
      {{"dan", "ann"}, {"eve", "bob"}, {"cy", "noreply@y"}}};
  message_log fresh_log, kept_log;
  onakit::detail::label_cache cache(o.identity_rules.get());
  std::uint64_t k = 0;
  for (const auto& w : windows) {
    message_rows fresh(fresh_log, o, "<t>");
    message_rows kept(kept_log, o, "<t>", cache);
    for (const auto& [s, r] : w) {
      message_row x;
      x.record = ++k;
      x.sender = s;
      x.recipients = r;
      EXPECT_EQ(fresh.add(x), kept.add(x)) << k;
    }
    fresh.finish();
    kept.finish();
  }
  EXPECT_EQ(cache.size(), 7u);  // ann bob cy noreply@x dan eve noreply@y
  expect_same_log(fresh_log, kept_log);
  EXPECT_EQ(kept_log.report().dropped.at("recipient excluded"), 1u);
  EXPECT_EQ(kept_log.report().skipped.at("sender excluded"), 1u);
  message_rows_options other = o;
  other.identity_rules = nullptr;
  EXPECT_THROW(message_rows(kept_log, other, "<t>", cache), onakit::invalid_option);
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

// ---- group_rows_by="sender_time" -------------------------------------------------

message_row timed_row(std::uint64_t k, std::string_view s, std::string_view r, onakit::timestamp_t t) {
  message_row x;
  x.record = k;
  x.sender = s;
  x.recipients = r;
  x.time_is = message_row::time_kind::value;
  x.time = t;
  return x;
}

TEST(MessageRows, SenderTimeGroupingMergesRowsOfOneSenderAndTimeAnywhereInTheInput) {
  message_rows_options o;
  o.group_by_sender_time = true;
  o.recipient_sep = '\0';
  message_log log;
  message_rows rows(log, o, "<t>");
  // As radoslaw writes them: ann's rows of one second interleaved with bob's.
  rows.add(timed_row(1, "ann", "bob", 10));
  rows.add(timed_row(2, "ann", "cy", 10));
  rows.add(timed_row(3, "bob", "ann", 10));
  rows.add(timed_row(4, "ann", "dan", 10));  // not next to rows 1-2: still the same message
  rows.add(timed_row(5, "ann", "bob", 20));  // another second: another message
  rows.add(timed_row(6, "ann", "cy", onakit::no_time));
  rows.add(timed_row(7, "ann", "dan", onakit::no_time));  // no time: never grouped
  message_row w = timed_row(8, "ann", "eve", 20);
  w.weight_is = message_row::weight_kind::value;
  w.weight = 3;  // another multiplicity: its own message
  rows.add(w);
  message_row c = timed_row(9, "ann", "eve", 10);
  c.channel = "general";  // another channel: its own message
  rows.add(c);
  rows.add(timed_row(10, "ann", "bob", 10));  // a repeat stays in the message (the builder counts it once)
  rows.finish();
  ASSERT_EQ(log.num_messages(), 7u);
  const auto names = [&](std::size_t m) {
    std::vector<std::string> v;
    for (const auto r : log.recipients(m)) v.push_back(log.people()[r]);
    return v;
  };
  EXPECT_EQ(names(0), (std::vector<std::string>{"bob", "cy", "dan", "bob"}));  // rows 1, 2, 4, 10 in row order
  EXPECT_EQ(log.people()[log.sender(1)], "bob");
  EXPECT_EQ(names(2), (std::vector<std::string>{"bob"}));
  EXPECT_EQ(log.time(3), onakit::no_time);
  EXPECT_EQ(log.time(4), onakit::no_time);
  EXPECT_EQ(log.weight(5), 3.0);
  EXPECT_EQ(log.channel(6), 0u);
  EXPECT_EQ(log.people(), (std::vector<std::string>{"ann", "bob", "cy", "dan", "eve"}));  // ids by row order
  EXPECT_EQ(log.messages_with_several_recipients(), 1u);
  EXPECT_EQ(log.report().records_kept, 10u);
}

TEST(MessageRows, SenderTimeGroupingLeavesEarlierMessagesOfTheLogAlone) {
  message_log log;
  const auto ann = log.intern("ann"), bob = log.intern("bob");
  log.begin_message(ann, 10);  // written before the stage: not one of its rows
  log.add_recipient(bob);
  message_rows_options o;
  o.group_by_sender_time = true;
  message_rows rows(log, o, "<t>");
  rows.add(timed_row(1, "ann", "cy", 10));
  rows.add(timed_row(2, "ann", "dan", 10));
  rows.finish();
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.recipients(0).size(), 1u);
  EXPECT_EQ(log.recipients(1).size(), 2u);
}

TEST(MessageRows, GroupingChunksThenTheirAppendedLogEqualsGroupingTheWholeInput) {
  // What the parallel email CSV path does, at every cut: a message whose rows
  // straddle the cut is one message, with the recipients in row order.
  std::string text = "sender,recipients,timestamp\n";
  const char* senders[] = {"ann", "bob", "ann", "cy"};
  for (int i = 0; i < 40; ++i)
    text += std::string(senders[i % 4]) + ",p" + std::to_string(i % 7) + ",2024-01-01T09:00:0" +
            std::to_string(i / 10) + "Z\n";
  message_rows_options o;
  o.group_by_sender_time = true;
  o.recipient_sep = '\0';
  // The whole body, or a part of it, through one stage (times as text).
  const auto read_text = [&](std::string_view body) {
    message_log log;
    message_rows rows(log, o, "<t>");
    onakit::csv_tokenizer tok(body, ',');
    onakit::csv_row row;
    message_row r;
    r.time_is = message_row::time_kind::text;
    while (tok.next(row)) {
      r.record = row.line;
      r.sender = row.fields[0];
      r.recipients = row.fields[1];
      r.time_text = row.fields[2];
      rows.add(r);
    }
    rows.finish();
    return log;
  };
  const std::string body = text.substr(text.find('\n') + 1);
  const message_log whole = read_text(body);
  EXPECT_EQ(whole.num_messages(), 12u);  // 4 seconds x 3 senders
  std::size_t cut = 0;
  for (int k = 0; k < 39; ++k) {
    cut = body.find('\n', cut) + 1;
    message_log a = read_text(body.substr(0, cut));
    const message_log b = read_text(body.substr(cut));
    a.append(b);
    onakit::group_by_sender_time(a);
    SCOPED_TRACE("cut after row " + std::to_string(k + 1));
    ASSERT_EQ(a.num_messages(), whole.num_messages());
    ASSERT_TRUE(std::equal(a.offsets().begin(), a.offsets().end(), whole.offsets().begin()));
    std::vector<std::string> ra, rw;
    for (const auto r : a.recipient_column()) ra.push_back(a.people()[r]);
    for (const auto r : whole.recipient_column()) rw.push_back(whole.people()[r]);
    ASSERT_EQ(ra, rw);
    for (std::size_t m = 0; m < a.num_messages(); ++m) {
      ASSERT_EQ(a.people()[a.sender(m)], whole.people()[whole.sender(m)]);
      ASSERT_EQ(a.time(m), whole.time(m));
    }
  }
}

TEST(MessageRows, EmailCsvChunksSplitOneMessageAndStillGiveTheOneThreadLog) {
  // > 512 KiB so two threads cut the body in two; every row is one message
  // of one sender at one time, so the cut falls inside it.
  std::string text = "sender,recipients,timestamp\n";
  for (int i = 0; i < 30000; ++i)
    text += "boss@corp.example,person" + std::to_string(i % 5000) + "@corp.example,2024-01-01T09:00:00Z\n";
  onakit::email_csv_options o;
  o.recipient_sep = '\0';
  o.group_rows_by = onakit::row_grouping::sender_time;
  o.threads = 1;
  const message_log one = onakit::read_email_csv_text(text, o);
  ASSERT_EQ(one.num_messages(), 1u);
  EXPECT_EQ(one.num_pairs(), 30000u);
  EXPECT_EQ(one.report().messages_with_several_recipients, 1u);
  o.threads = 2;
  expect_same_log(onakit::read_email_csv_text(text, o), one);
  o.group_rows_by = onakit::row_grouping::automatic;  // the default: every row a message
  EXPECT_EQ(onakit::read_email_csv_text(text, o).num_messages(), 30000u);
}

TEST(MessageRows, RadoslawGroupedBySenderAndTimeMatchesAnIndependentCount) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  const auto path = onakit::testing::data_file("radoslaw_email/communication.csv");
  // Oracle: the file split by hand, keyed by (sender, time text): all times are
  // written 'YYYY-MM-DD HH:MM:SS', so equal text is equal time.
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::map<std::pair<std::string, std::string>, std::set<std::string>> messages;
  std::size_t rows_n = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string s, r, t;
    std::getline(ss, s, ';');
    std::getline(ss, r, ';');
    std::getline(ss, t);
    messages[{s, t}].insert(r);
    ++rows_n;
  }
  std::size_t several = 0;
  for (const auto& [k, rs] : messages) several += rs.size() >= 2;
  ASSERT_EQ(rows_n, 82'927u);

  onakit::email_csv_options o;
  o.sender = "Sender";
  o.recipients = "Recipient";
  o.timestamp = "EventDate";
  o.recipient_sep = '\0';
  o.threads = 1;
  const message_log rows = onakit::read_email_csv(path, o);
  EXPECT_EQ(rows.num_messages(), rows_n);  // the default: a row is a message
  EXPECT_EQ(rows.report().messages_with_several_recipients, 0u);
  o.group_rows_by = onakit::row_grouping::sender_time;
  const message_log grouped = onakit::read_email_csv(path, o);
  EXPECT_EQ(grouped.num_messages(), messages.size());
  EXPECT_EQ(grouped.report().messages, messages.size());
  EXPECT_EQ(grouped.num_pairs(), rows_n);
  EXPECT_EQ(grouped.report().messages_with_several_recipients, several);
  EXPECT_GT(several, 7000u);
  o.threads = 2;
  expect_same_log(onakit::read_email_csv(path, o), grouped);
}

TEST(MessageRows, RowGroupingNamesAndTheColumnsEachNeeds) {
  using onakit::row_grouping;
  for (const auto g :
       {row_grouping::automatic, row_grouping::none, row_grouping::message_id, row_grouping::sender_time})
    EXPECT_EQ(onakit::parse_row_grouping(onakit::to_string(g)), g);
  EXPECT_THROW((void)onakit::parse_row_grouping("sender+time"), onakit::invalid_option);
  message_rows_options o;
  onakit::resolve_row_grouping(o, row_grouping::automatic, true, true);
  EXPECT_TRUE(o.group_by_id);
  EXPECT_FALSE(o.group_by_sender_time);
  onakit::resolve_row_grouping(o, row_grouping::automatic, false, true);
  EXPECT_FALSE(o.group_by_id);
  onakit::resolve_row_grouping(o, row_grouping::none, true, true);
  EXPECT_FALSE(o.group_by_id);
  onakit::resolve_row_grouping(o, row_grouping::sender_time, false, true);
  EXPECT_TRUE(o.group_by_sender_time);
  const auto message_of = [&](row_grouping g, bool id, bool time) {
    try {
      onakit::resolve_row_grouping(o, g, id, time, "received");
    } catch (const onakit::invalid_option& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message_of(row_grouping::message_id, false, true).find("pass message_id="), std::string::npos);
  EXPECT_NE(message_of(row_grouping::sender_time, false, false).find("pass received="), std::string::npos);
  EXPECT_NE(message_of(row_grouping::sender_time, true, true).find("message_id to None"), std::string::npos);
  // The readers resolve it before any row: a CSV without the time column.
  onakit::email_csv_options e;
  e.timestamp = "";
  e.group_rows_by = row_grouping::sender_time;
  EXPECT_THROW((void)onakit::read_email_csv_text("sender,recipients\na,b\n", e), onakit::invalid_option);
  // A stage given both rules refuses them.
  message_rows_options both;
  both.group_by_id = both.group_by_sender_time = true;
  message_log log;
  EXPECT_THROW(message_rows(log, both, "<t>"), onakit::invalid_option);
}

}  // namespace
