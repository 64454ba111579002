// stream_builder: the graph of a log fed chunk by chunk equals build_graph of
// the whole log, bit for bit (weights compared with ==), on real data sets
// and every builder option, with folds forced after every few pairs.
#include <onakit/graph/builder.hpp>
#include <onakit/graph/stream_builder.hpp>
#include <onakit/ingest/edgelist.hpp>
#include <onakit/ingest/email_csv.hpp>
#include <onakit/synthetic/synthetic_org.hpp>

#include <gtest/gtest.h>

#include "test_data.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace {

using onakit::build_options;
using onakit::message_log;

// Feeds `whole` to a stream_builder as a reader would: one log, refilled with
// `chunk` messages at a time and cleared in between; people are interned as
// the chunks first need them (so ids equal the whole log's).
onakit::build_result streamed(const message_log& whole, const build_options& opt, std::size_t chunk,
                              std::size_t max_pending) {
  onakit::stream_builder sb(opt, max_pending);
  message_log log;
  const auto& labels = whole.people();
  auto need = [&](onakit::vertex_id v) {
    while (log.num_people() <= v) log.intern(labels[log.num_people()]);
  };
  for (std::size_t lo = 0; lo < whole.num_messages(); lo += chunk) {
    const std::size_t hi = std::min(whole.num_messages(), lo + chunk);
    for (std::size_t m = lo; m < hi; ++m) {
      need(whole.sender(m));
      log.begin_message(whole.sender(m), whole.time(m), {}, onakit::no_channel, whole.weight(m));
      const auto rc = whole.recipients(m);
      const auto ro = whole.roles(m);
      for (std::size_t k = 0; k < rc.size(); ++k) {
        need(rc[k]);
        log.add_recipient(rc[k], ro[k]);
      }
    }
    sb.add(log);
    log.clear_messages();
    EXPECT_EQ(log.num_messages(), 0u);
  }
  while (log.num_people() < whole.num_people()) log.intern(labels[log.num_people()]);
  return std::move(sb).finish(log);
}

void expect_identical(const onakit::build_result& a, const onakit::build_result& b) {
  ASSERT_EQ(a.graph.num_vertices(), b.graph.num_vertices());
  ASSERT_EQ(a.graph.num_edges(), b.graph.num_edges());
  EXPECT_EQ(a.graph.directed(), b.graph.directed());
  const auto oa = a.graph.out_offsets(), ob = b.graph.out_offsets();
  EXPECT_TRUE(std::equal(oa.begin(), oa.end(), ob.begin()));
  const auto ta = a.graph.out_targets(), tb = b.graph.out_targets();
  EXPECT_TRUE(std::equal(ta.begin(), ta.end(), tb.begin()));
  const auto wa = a.graph.out_weights(), wb = b.graph.out_weights();
  std::size_t differ = 0;
  for (std::size_t k = 0; k < wa.size(); ++k) differ += wa[k] != wb[k];  // bit for bit, not within a tolerance
  EXPECT_EQ(differ, 0u);
  EXPECT_EQ(a.graph.labels(), b.graph.labels());
  EXPECT_EQ(a.graph.time_span(), b.graph.time_span());
  const auto& r = a.report;
  const auto& s = b.report;
  EXPECT_EQ(r.messages_in, s.messages_in);
  EXPECT_EQ(r.messages_used, s.messages_used);
  EXPECT_EQ(r.messages_outside_window, s.messages_outside_window);
  EXPECT_EQ(r.messages_without_time, s.messages_without_time);
  EXPECT_EQ(r.messages_broadcast, s.messages_broadcast);
  EXPECT_EQ(r.messages_with_several_recipients, s.messages_with_several_recipients);
  EXPECT_EQ(r.pairs_used, s.pairs_used);
  EXPECT_EQ(r.pairs_self, s.pairs_self);
  EXPECT_EQ(r.pairs_duplicate, s.pairs_duplicate);
  EXPECT_EQ(r.ties_below_min_weight, s.ties_below_min_weight);
  EXPECT_EQ(r.ties_not_reciprocal, s.ties_not_reciprocal);
}

// Option sets that exercise every branch of the builder.
std::vector<std::pair<std::string, build_options>> option_sets(const message_log& log) {
  std::vector<std::pair<std::string, build_options>> v;
  v.emplace_back("count", build_options{});
  build_options o;
  o.weighting = onakit::weighting::split;
  o.role_weights[static_cast<std::size_t>(onakit::role::cc)] = 0.5;
  o.role_weights[static_cast<std::size_t>(onakit::role::bcc)] = 0.0;
  v.emplace_back("split+roles", o);
  o = {};
  o.directed = false;
  o.weighting = onakit::weighting::split;
  v.emplace_back("undirected split", o);
  o = {};
  o.max_recipients = 3;
  o.self_loops = true;
  v.emplace_back("broadcasts+self", o);
  // The middle half of the messages by time (a data set's span may hold
  // outliers decades away).
  std::vector<onakit::timestamp_t> times(log.time_column().begin(), log.time_column().end());
  std::sort(times.begin(), times.end());
  const auto hi = times.back();
  o = {};
  o.start = times[times.size() / 4];
  o.end = times[times.size() * 3 / 4];
  o.half_life = 30.0 * 86400;
  o.reference_time = hi;  // build_graph's default, which a stream must be given
  v.emplace_back("window+decay", o);
  o = {};
  o.reciprocal = true;
  o.min_weight = 2;
  v.emplace_back("reciprocal", o);
  o.directed = false;
  v.emplace_back("reciprocal undirected", o);
  o = {};
  o.directed = false;
  o.min_weight = 3;
  o.weighting = onakit::weighting::split;
  o.threads = 1;
  v.emplace_back("undirected min_weight 1 thread", o);
  return v;
}

void check_all(const message_log& log, std::vector<std::size_t> chunks) {
  ASSERT_GT(log.num_messages(), 0u);
  for (const auto& [name, opt] : option_sets(log)) {
    const auto whole = onakit::build_graph(log, opt);
    ASSERT_GT(whole.graph.num_edges(), 0u) << name;
    // Tiny chunks with the default buffer (one fold at the end), then
    // folds every few pairs, every 4096 pairs and at the default bound.
    for (const std::size_t chunk : chunks)
      for (const std::size_t pending : {std::size_t{7}, std::size_t{4096}, onakit::default_max_pending_pairs}) {
        if (chunk < 100 && pending < 100) continue;  // a fold per message: slow, and covered by the next
        SCOPED_TRACE(name + ", chunks of " + std::to_string(chunk) + ", folds every " + std::to_string(pending));
        expect_identical(streamed(log, opt, chunk, pending), whole);
      }
  }
}

TEST(StreamBuilder, RadoslawGroupedRowsEqualsBuildGraph) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  onakit::email_csv_options r;
  r.sender = "Sender";
  r.recipients = "Recipient";
  r.timestamp = "EventDate";
  r.recipient_sep = '\0';
  r.group_rows_by = onakit::row_grouping::sender_time;
  check_all(onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), r),
            {13, 1000, 1u << 20});
}

TEST(StreamBuilder, EnronJhuWithRolesEqualsBuildGraph) {
  ONAKIT_REQUIRE_DATA("enron-jhu-igraphdata/edges.csv");
  onakit::email_csv_options o;
  o.sender = "from";
  o.recipients = "to";
  o.timestamp = "time";
  o.role = "reciptype";
  o.recipient_sep = '\0';
  o.group_rows_by = onakit::row_grouping::sender_time;
  check_all(onakit::read_email_csv(onakit::testing::data_file("enron-jhu-igraphdata/edges.csv"), o), {7, 5000});
}

TEST(StreamBuilder, EmailEuCoreTemporalEqualsBuildGraph) {
  ONAKIT_REQUIRE_DATA("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz");
  onakit::edgelist_options o;
  o.third = onakit::third_column::time;
  check_all(onakit::read_edgelist(onakit::testing::data_file("email-Eu-core-temporal/email-Eu-core-temporal.txt.gz"), o),
            {1000, 100000});
}

TEST(StreamBuilder, SyntheticOrganisationEqualsBuildGraph) {
  const auto org = onakit::make_synthetic_org({.people = 400, .departments = 5, .weeks = 6, .seed = 3});
  check_all(org.log, {3, 333, 1u << 20});
}

TEST(StreamBuilder, RefusesHalfLifeWithoutReferenceTime) {
  build_options o;
  o.half_life = 86400.0;
  EXPECT_THROW(onakit::stream_builder{o}, onakit::invalid_option);
  o.threads = -1;
  EXPECT_THROW(onakit::stream_builder{o}, onakit::invalid_option);
}

TEST(StreamBuilder, EmptyStreamGivesIsolates) {
  onakit::stream_builder sb;
  message_log log;
  log.intern("a");
  log.intern("b");
  sb.add(log);
  const auto r = std::move(sb).finish(log);
  EXPECT_EQ(r.graph.num_vertices(), 2u);
  EXPECT_EQ(r.graph.num_edges(), 0u);
  EXPECT_EQ(r.report.messages_in, 0u);
}

TEST(StreamBuilder, MemoryHoldsTiesNotMessages) {
  // 200 people, 2,000 ties, 400,000 messages: the builder's memory after the
  // last fold is bounded by the ties and the pending buffer, not the messages.
  onakit::stream_builder sb({}, 1u << 12);
  message_log log;
  for (int i = 0; i < 200; ++i) log.intern(std::to_string(i));
  for (int c = 0; c < 40; ++c) {
    for (std::uint32_t m = 0; m < 10000; ++m) {
      log.begin_message(m % 200, m);
      log.add_recipient((m * 7 + m / 200) % 200);
    }
    sb.add(log);
    log.clear_messages();
  }
  EXPECT_LE(sb.memory_bytes(), 2'000 * 64 + (1u << 12) * 32 + 10000 * 16 + 200 * 64 + 4 * 200 * 16);
  const auto r = std::move(sb).finish(log);
  EXPECT_EQ(r.report.messages_in, 400000u);
}

}  // namespace

namespace {

// A log of 50 people writing round-robin: enough for every pass to run.
message_log small_log() {
  message_log log;
  for (int i = 0; i < 50; ++i) log.intern(std::to_string(i));
  for (std::uint32_t m = 0; m < 1000; ++m) {
    log.begin_message(m % 50, m);
    log.add_recipient((m * 7 + 1) % 50);
  }
  return log;
}

// An interrupt that says "stop" on its k-th poll (1-based), counting polls.
struct stop_at {
  int k;
  std::shared_ptr<int> polls = std::make_shared<int>(0);
  bool operator()() const { return ++*polls >= k; }
};

}  // namespace

// build_graph polls between its passes: stopping at any poll throws
// interrupted naming the function, and the passes poll more than once
// (so a long build stops after the current pass, not at the end).
TEST(StreamBuilder, BuildGraphStopsAtEveryPoll) {
  const message_log log = small_log();
  build_options o;
  const stop_at never{1 << 30};
  o.interrupt = never;
  const auto whole = onakit::build_graph(log, o);
  const int polls = *never.polls;
  EXPECT_GE(polls, 3);
  for (int k = 1; k <= polls; ++k) {
    o.interrupt = stop_at{k};
    try {
      (void)onakit::build_graph(log, o);
      ADD_FAILURE() << "poll " << k << " did not stop the build";
    } catch (const onakit::interrupted& e) {
      EXPECT_STREQ(e.what(), "build_graph interrupted");
    }
  }
  o.interrupt = {};
  expect_identical(whole, onakit::build_graph(log, o));
}

// stream_builder polls in add() (every chunk) and between the passes of finish().
TEST(StreamBuilder, StopsInAddAndInFinish) {
  const message_log log = small_log();
  build_options o;
  o.interrupt = stop_at{1};
  onakit::stream_builder first(o);
  EXPECT_THROW(first.add(log), onakit::interrupted);
  const stop_at never{1 << 30};
  o.interrupt = never;
  onakit::stream_builder counting(o);
  counting.add(log);
  const int in_add = *never.polls;
  (void)std::move(counting).finish(log);
  const int in_finish = *never.polls - in_add;
  EXPECT_GE(in_add, 1);
  EXPECT_GE(in_finish, 2);
  o.interrupt = stop_at{in_add + in_finish};  // the last poll of finish()
  onakit::stream_builder late(o);
  late.add(log);
  EXPECT_THROW((void)std::move(late).finish(log), onakit::interrupted);
}
