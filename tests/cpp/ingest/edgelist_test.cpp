#include <onakit/ingest/edgelist.hpp>

#include <gtest/gtest.h>

#include "test_data.hpp"

#include <numeric>

namespace {

using onakit::edgelist_options;
using onakit::read_edgelist;
using onakit::read_edgelist_text;

double weight_sum(const onakit::message_log& log) {
  double s = 0;
  for (std::size_t m = 0; m < log.num_messages(); ++m) s += log.weight(m);
  return s;
}

void expect_one_recipient_each(const onakit::message_log& log) {
  ASSERT_EQ(log.num_pairs(), log.num_messages());
  for (std::size_t m = 0; m < log.num_messages(); ++m) ASSERT_EQ(log.roles(m)[0], onakit::role::to);
}

TEST(Edgelist, WhitespaceCommentsBlankLinesAndColumns) {
  const auto log = read_edgelist_text(
      "% asym positive\n# SNAP comment\n\n a  b \t 2.5  1262454010\r\nb a 1 2010-01-02T17:40:10Z\n\n");
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.people(), (std::vector<std::string>{"a", "b"}));
  EXPECT_DOUBLE_EQ(log.weight(0), 2.5);
  EXPECT_EQ(log.time(0), 1262454010LL * onakit::microseconds_per_second);
  EXPECT_EQ(log.time(1), log.time(0));
  EXPECT_EQ(log.report().records_read, 2u);
  EXPECT_TRUE(log.report().balanced());
  EXPECT_EQ(log.report().source, "<memory>");
}

TEST(Edgelist, TwoColumnsHaveUnitWeightAndNoTime) {
  const auto log = read_edgelist_text("0 1\n1 0\n0 0\n");
  ASSERT_EQ(log.num_messages(), 3u);
  EXPECT_FALSE(log.has_weights());
  EXPECT_EQ(log.time(2), onakit::no_time);
  EXPECT_EQ(log.sender(2), log.recipients(2)[0]);  // self-loops are kept as written
}

TEST(Edgelist, ThirdColumnIsWeightUnlessTold) {
  const auto w = read_edgelist_text("1 2 7\n");
  EXPECT_DOUBLE_EQ(w.weight(0), 7.0);
  EXPECT_EQ(w.time(0), onakit::no_time);
  edgelist_options o;
  o.third = onakit::third_column::time;
  const auto t = read_edgelist_text("1 2 7\n", o);
  EXPECT_DOUBLE_EQ(t.weight(0), 1.0);
  EXPECT_EQ(t.time(0), 7 * onakit::microseconds_per_second);
}

TEST(Edgelist, DetectsCommaAndHeader) {
  const auto log = read_edgelist_text("\"from\",\"to\",\"weight\"\n57,52,4\n\"76\",42,14\n");
  ASSERT_EQ(log.num_messages(), 2u);
  EXPECT_EQ(log.people(), (std::vector<std::string>{"57", "52", "76", "42"}));
  EXPECT_DOUBLE_EQ(weight_sum(log), 18.0);
  EXPECT_EQ(log.report().records_read, 2u);
  const auto semi = read_edgelist_text("source;target\na;b\n");
  EXPECT_EQ(semi.num_messages(), 1u);
  const auto tab = read_edgelist_text("1\t2\t3\n");  // tab: runs of whitespace
  EXPECT_DOUBLE_EQ(tab.weight(0), 3.0);
}

// Issue 10: a first line "a b c" (non-numeric third column) was taken as a
// header and dropped, with records_read 0. A header must look like one.
TEST(Edgelist, FirstLineIsAHeaderOnlyWhenItLooksLikeOne) {
  try {
    (void)read_edgelist_text("a b c\n");
    FAIL() << "no error for a bad weight on the first line";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.reason(), "bad weight");
  }
  onakit::edgelist_options skip;
  skip.errors = onakit::error_policy::skip;
  const auto lenient = read_edgelist_text("a b c\nd e 2\n", skip);
  EXPECT_EQ(lenient.report().records_read, 2u);
  EXPECT_EQ(lenient.report().skipped.at("bad weight"), 1u);
  EXPECT_EQ(lenient.num_messages(), 1u);
  // Headers: known end-point names, or a known weight/time column name.
  EXPECT_EQ(read_edgelist_text("ann bob weight\nd e 2\n").report().records_read, 1u);
  EXPECT_EQ(read_edgelist_text("\"ego\",\"alter\",\"advice_tie\"\n1,2,1\n").report().records_read, 1u);
  EXPECT_EQ(read_edgelist_text("x,y,w,Timestamp\n1,2,1,5\n").report().records_read, 1u);
  EXPECT_EQ(read_edgelist_text("src dst\n1 2\n").report().records_read, 1u);
}

TEST(Edgelist, ExplicitSeparator) {
  edgelist_options o;
  o.sep = '|';
  const auto log = read_edgelist_text("ann smith|bob jones|2\n", o);
  EXPECT_EQ(log.people(), (std::vector<std::string>{"ann smith", "bob jones"}));
}

TEST(Edgelist, StrictErrorsNameFileLineAndReason) {
  auto expect_error = [](const std::string& text, std::uint64_t line, const std::string& reason,
                         const std::string& field) {
    try {
      (void)read_edgelist_text(text, {}, "edges.txt");
      FAIL() << "no error for " << text;
    } catch (const onakit::parse_error& e) {
      EXPECT_EQ(e.file(), "edges.txt");
      EXPECT_EQ(e.line(), line) << e.what();
      EXPECT_EQ(e.reason(), reason) << e.what();
      EXPECT_EQ(e.field(), field) << e.what();
      EXPECT_NE(std::string(e.what()).find("edges.txt:" + std::to_string(line)), std::string::npos);
    }
  };
  expect_error("1 2 1\n% c\n1 2 -3\n", 3, "bad weight", "weight");
  expect_error("1 2 1\n1 2 x\n", 2, "bad weight", "weight");
  expect_error("1 2 1\n1 2 inf\n", 2, "bad weight", "weight");
  expect_error("1 2 1\n1 2 nan\n", 2, "bad weight", "weight");
  expect_error("1 2\n3\n", 2, "too few fields", "");
  expect_error("1 2 1 0\n1 2 1 never\n", 2, "bad timestamp", "time");
  EXPECT_THROW((void)read_edgelist_text(" \n\n"), onakit::parse_error);
}

TEST(Edgelist, SkipModeCountsByReason) {
  edgelist_options o;
  o.errors = onakit::error_policy::skip;
  const auto log = read_edgelist_text("1 2 1\n1 2 -1\n3\n4 5 2\n1 2 x\n", o);
  EXPECT_EQ(log.num_messages(), 2u);
  const auto& r = log.report();
  EXPECT_EQ(r.records_read, 5u);
  EXPECT_EQ(r.records_kept, 2u);
  EXPECT_EQ(r.skipped.at("bad weight"), 2u);
  EXPECT_EQ(r.skipped.at("too few fields"), 1u);
  EXPECT_TRUE(r.balanced());
  EXPECT_EQ(r.messages, 2u);
}

TEST(Edgelist, MissingFileIsIoError) {
  try {
    (void)read_edgelist("/nonexistent/edges.txt");
    FAIL();
  } catch (const onakit::io_error& e) {
    EXPECT_EQ(e.path(), "/nonexistent/edges.txt");
  }
}

// ---- real data; counts verified in ../shared/data/README.md and with awk ----

TEST(EdgelistRealData, EmailEuCore) {
  ONAKIT_REQUIRE_DATA("email-Eu-core/email-Eu-core.txt");
  const auto log = read_edgelist(onakit::testing::data_file("email-Eu-core/email-Eu-core.txt"));
  EXPECT_EQ(log.num_messages(), 25571u);
  EXPECT_EQ(log.num_people(), 1005u);
  std::size_t loops = 0;
  for (std::size_t m = 0; m < log.num_messages(); ++m) loops += log.sender(m) == log.recipients(m)[0];
  EXPECT_EQ(loops, 642u);
  EXPECT_EQ(log.people()[0], "0");
  expect_one_recipient_each(log);
  EXPECT_TRUE(log.report().balanced());
}

TEST(EdgelistRealData, EmailEuCoreTemporalGzipWithTimeColumn) {
  ONAKIT_REQUIRE_DATA("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz");
  edgelist_options o;
  o.third = onakit::third_column::time;
  const auto log = read_edgelist(onakit::testing::data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), o);
  EXPECT_EQ(log.num_messages(), 332334u);
  EXPECT_EQ(log.num_people(), 986u);
  EXPECT_FALSE(log.has_weights());
  const auto [lo, hi] = log.time_span();
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 69459254LL * onakit::microseconds_per_second);
}

TEST(EdgelistRealData, RadoslawKonectIrregularWhitespace) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/out.radoslaw_email_email");
  const auto log = read_edgelist(onakit::testing::data_file("radoslaw_email/out.radoslaw_email_email"));
  EXPECT_EQ(log.num_messages(), 82927u);
  EXPECT_EQ(log.num_people(), 167u);
  EXPECT_DOUBLE_EQ(weight_sum(log), 82927.0);
  const auto [lo, hi] = log.time_span();
  EXPECT_EQ(lo, 1262454010LL * onakit::microseconds_per_second);
  EXPECT_EQ(hi, 1285884492LL * onakit::microseconds_per_second);
}

TEST(EdgelistRealData, OpsahlUcSocial) {
  ONAKIT_REQUIRE_DATA("opsahl-ucsocial/out.opsahl-ucsocial");
  const auto log = read_edgelist(onakit::testing::data_file("opsahl-ucsocial/out.opsahl-ucsocial"));
  EXPECT_EQ(log.num_messages(), 59835u);
  EXPECT_EQ(log.num_people(), 1899u);
  EXPECT_EQ(log.time_span().first, 1082008561LL * onakit::microseconds_per_second);
}

TEST(EdgelistRealData, DncCorecipientTabsAndWeights) {
  ONAKIT_REQUIRE_DATA("dnc-corecipient/out.dnc-corecipient");
  const auto log = read_edgelist(onakit::testing::data_file("dnc-corecipient/out.dnc-corecipient"));
  EXPECT_EQ(log.num_messages(), 12085u);
  EXPECT_EQ(log.num_people(), 906u);
  EXPECT_DOUBLE_EQ(weight_sum(log), 136602.0);  // integers: exact in double
  EXPECT_EQ(log.time_span().first, onakit::no_time);
}

TEST(EdgelistRealData, UkFacultyQuotedHeader) {
  ONAKIT_REQUIRE_DATA("ukfaculty/edges.csv");
  const auto log = read_edgelist(onakit::testing::data_file("ukfaculty/edges.csv"));
  EXPECT_EQ(log.num_messages(), 817u);
  EXPECT_EQ(log.num_people(), 81u);
  EXPECT_DOUBLE_EQ(weight_sum(log), 3730.0);
  EXPECT_EQ(log.people()[0], "57");
  EXPECT_EQ(log.report().records_read, 817u);
}

TEST(Edgelist, InterruptStopsTheRead) {
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    text += 'a';
    text += std::to_string(i);
    text += " b 1\n";
  }
  edgelist_options o;
  int polls = 0;
  o.interrupt = [&] { return ++polls == 3; };  // stop at the third poll (every 4,096 lines)
  EXPECT_THROW((void)read_edgelist_text(text, o), onakit::interrupted);
  EXPECT_EQ(polls, 3);
  o.interrupt = [] { return false; };
  EXPECT_EQ(read_edgelist_text(text, o).num_messages(), 20000u);
}

}  // namespace
