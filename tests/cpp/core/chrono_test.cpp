// std::chrono in options (chrono.hpp): time_value and seconds_value accept
// chrono values and onakit's numbers alike, and a graph built or a Slack
// export read with chrono options equals the one built with the numbers
// (real data: radoslaw_email, slack-export-houstondatavis).
#include <onakit/chrono.hpp>
#include <onakit/graph/builder.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/ingest/slack_export.hpp>
#include <onakit/ingest/timestamp.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "test_data.hpp"

namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

TEST(Chrono, TimesAndDurationsConvert) {
  // 2010-01-02 17:40:10 UTC, radoslaw's first event (KONECT 1262454010).
  const onakit::time_value t = sys_days{2010y / January / 2} + 17h + 40min + 10s;
  EXPECT_EQ(t.microseconds(), onakit::parse_timestamp("2010-01-02 17:40:10"));
  EXPECT_EQ(t.microseconds(), 1262454010LL * onakit::microseconds_per_second);
  // The numbers still work, and the value reads back as a number.
  const onakit::time_value n = 1262454010LL * onakit::microseconds_per_second;
  EXPECT_EQ(static_cast<onakit::timestamp_t>(n), t.microseconds());
  // Finer than a microsecond is floored, before the epoch too.
  EXPECT_EQ(onakit::time_value(sys_time<nanoseconds>{1999ns}).microseconds(), 1);
  EXPECT_EQ(onakit::time_value(sys_time<nanoseconds>{-1ns}).microseconds(), -1);
  // Beyond what a timestamp_t holds: an error, not a wrapped value.
  EXPECT_THROW(onakit::time_value(sys_time<years>{years{400'000}}), onakit::invalid_option);
  EXPECT_EQ(onakit::to_sys_time(t.microseconds()), sys_days{2010y / January / 2} + 17h + 40min + 10s);

  EXPECT_DOUBLE_EQ(onakit::seconds_value(days{30}).seconds(), 30 * 86400.0);
  EXPECT_DOUBLE_EQ(onakit::seconds_value(1500ms).seconds(), 1.5);
  EXPECT_DOUBLE_EQ(onakit::seconds_value(90.0).seconds(), 90.0);
}

void expect_same_graph(const onakit::graph& a, const onakit::graph& b) {
  ASSERT_EQ(a.num_vertices(), b.num_vertices());
  ASSERT_EQ(a.num_edges(), b.num_edges());
  EXPECT_TRUE(std::ranges::equal(a.out_offsets(), b.out_offsets()));
  EXPECT_TRUE(std::ranges::equal(a.out_targets(), b.out_targets()));
  EXPECT_TRUE(std::ranges::equal(a.out_weights(), b.out_weights()));
}

TEST(Chrono, BuildOptionsTakeChronoValuesOnRealData) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  onakit::email_csv_options eo;
  eo.sender = "Sender";
  eo.recipients = "Recipient";
  eo.timestamp = "EventDate";
  const auto log = onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), eo);

  // April 2010 with a 30-day half-life decaying to 2010-05-01.
  const auto chrono = onakit::build_graph(log, {.start = sys_days{2010y / April / 1},
                                                .end = sys_days{2010y / May / 1},
                                                .half_life = days{30},
                                                .reference_time = sys_days{2010y / May / 1}});
  const auto numbers = onakit::build_graph(log, {.start = onakit::parse_timestamp("2010-04-01"),
                                                 .end = onakit::parse_timestamp("2010-05-01"),
                                                 .half_life = 30 * 86400.0,
                                                 .reference_time = onakit::parse_timestamp("2010-05-01")});
  expect_same_graph(chrono.graph, numbers.graph);
  EXPECT_EQ(chrono.report.messages_used, numbers.report.messages_used);
  // The window did something: the other months are outside it.
  EXPECT_GT(chrono.report.messages_outside_window, 0u);
  EXPECT_GT(chrono.report.messages_used, 0u);
  EXPECT_LT(chrono.graph.num_edges(), onakit::build_graph(log).graph.num_edges());
}

TEST(Chrono, SlackRecentWindowTakesADuration) {
  ONAKIT_REQUIRE_DATA("slack-export-houstondatavis");
  const auto path = onakit::testing::data_file("slack-export-houstondatavis");
  onakit::slack_options chrono, numbers, wide;
  chrono.recent_window_seconds = 50min;
  numbers.recent_window_seconds = 3000.0;
  wide.recent_window_seconds = days{1};
  const auto a = onakit::read_slack_export(path, chrono);
  const auto b = onakit::read_slack_export(path, numbers);
  EXPECT_EQ(a.num_pairs(), b.num_pairs());
  EXPECT_EQ(a.num_messages(), b.num_messages());
  // A longer window gives more recipients: the option is used.
  EXPECT_GT(onakit::read_slack_export(path, wide).num_pairs(), a.num_pairs());
}

}  // namespace
