#include <onakit/ingest/mbox.hpp>
#include <onakit/temporal/response_times.hpp>

#include <gtest/gtest.h>

#include "../test_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

namespace {

using onakit::timestamp_t;
constexpr timestamp_t minute = 60 * onakit::microseconds_per_second;
constexpr timestamp_t hour = 60 * minute;
constexpr timestamp_t day = onakit::microseconds_per_day;
constexpr timestamp_t friday = 19783 * day;  // 2024-03-01 00:00 UTC, a Friday

onakit::message_log small_log() {
  onakit::message_log log;
  const auto ann = log.intern("ann"), bob = log.intern("bob"), cy = log.intern("cy");
  const auto msg = [&](onakit::vertex_id s, onakit::vertex_id r, timestamp_t t, onakit::role role = onakit::role::to) {
    log.begin_message(s, t);
    log.add_recipient(r, role);
  };
  msg(ann, bob, friday + 16 * hour);                      // 0: ann asks bob (to) and cy (cc)
  log.add_recipient(cy, onakit::role::cc);
  msg(bob, ann, friday + 16 * hour + 30 * minute);        // 1: bob answers 0 after 30 min
  msg(bob, ann, friday + 17 * hour);                      // 2: bob again: a repeat answer
  msg(cy, ann, friday + 3 * day + 10 * hour);             // 3: cy answers 0 on Monday 10:00
  msg(ann, bob, friday + 16 * hour + 40 * minute);        // 4: ann follows up on her own 0: a self reply
  msg(bob, cy, friday + 15 * hour);                       // 5: answers 3 before it was sent: negative
  msg(cy, bob, friday + 20 * hour);                       // 6: asks bob (to), never answered
  log.set_parent(1, 0);
  log.set_parent(2, 0);
  log.set_parent(3, 0);
  log.set_parent(4, 0);
  log.set_parent(5, 3);
  return log;
}

TEST(ResponseTimes, CountsAndFirstAnswers) {
  const auto log = small_log();
  const auto r = onakit::response_times(log);
  EXPECT_EQ(r.replies, 5u);
  EXPECT_EQ(r.self_replies, 1u);
  EXPECT_EQ(r.negative_delays, 1u);
  EXPECT_EQ(r.repeat_answers, 1u);
  EXPECT_EQ(r.no_time, 0u);
  ASSERT_EQ(r.delay.size(), 2u);
  EXPECT_EQ(r.reply[0], 1u);
  EXPECT_EQ(r.delay[0], 30 * minute);
  EXPECT_EQ(r.reply[1], 3u);
  EXPECT_EQ(r.delay[1], 2 * day + 18 * hour);
  // working time: Friday 16:00-17:00 and Monday 09:00-10:00 for cy
  onakit::response_options o;
  o.use_working_hours = true;
  const auto w = onakit::response_times(log, o);
  EXPECT_EQ(w.delay[0], 30 * minute);
  EXPECT_EQ(w.delay[1], 2 * hour);
  // cy two hours east of UTC: Friday 18:00 -> Monday 12:00 local = 3 h of working time
  std::vector<std::int32_t> off(log.num_messages(), 0);
  off[3] = 2 * 3600;
  o.local_offsets = off;
  EXPECT_EQ(onakit::response_times(log, o).delay[1], 3 * hour);
  off.pop_back();
  o.local_offsets = off;
  EXPECT_THROW((void)onakit::response_times(log, o), onakit::invalid_option);
}

TEST(ResponseTimes, Summaries) {
  const auto log = small_log();
  const auto r = onakit::response_times(log);
  const auto p = onakit::summarize_by_answerer(log, r);
  // rows by person: ann, bob, cy
  ASSERT_EQ(p.answerer.size(), 3u);
  EXPECT_EQ(p.answers[0], 0u);
  EXPECT_EQ(p.addressed[0], 3u);  // 1, 2 and 3 ask ann; 5 is bob -> cy
  EXPECT_DOUBLE_EQ(p.never_answered[0], 1.0);
  EXPECT_TRUE(std::isnan(p.median[0]));
  EXPECT_EQ(p.answers[1], 1u);
  EXPECT_EQ(p.addressed[1], 3u);  // 0, 4 and 6 ask bob; he answers 0
  EXPECT_EQ(p.addressed_answered[1], 1u);
  EXPECT_DOUBLE_EQ(p.never_answered[1], 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(p.within_1h[1], 1.0);
  EXPECT_DOUBLE_EQ(p.median[2], static_cast<double>(2 * day + 18 * hour));
  EXPECT_DOUBLE_EQ(p.within_24h[2], 0.0);
  // cy was only cc'd on 0: answered, but not addressed
  EXPECT_EQ(p.addressed[2], 1u);  // 5 (bob -> cy, to)
  EXPECT_EQ(p.addressed_answered[2], 0u);
  const auto t = onakit::summarize_by_tie(log, r);
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t> answers;
  for (std::size_t i = 0; i < t.answers.size(); ++i) answers[{t.asker[i], t.answerer[i]}] = t.answers[i];
  EXPECT_EQ((answers[{0, 1}]), 1u);
  EXPECT_EQ((answers[{0, 2}]), 1u);
  EXPECT_EQ((answers[{2, 1}]), 0u);  // 6: cy asked bob, no answer
  // groups: ann and bob in 0, cy in 1; min_group_size 2 hides cy's group (one small group alone)
  const std::vector<std::uint32_t> g{0, 0, 1};
  const auto gp = onakit::summarize_by_group_pair(log, r, g, 2, 1);
  EXPECT_EQ(gp.answers.size(), 3u);  // (0,0), (0,1), (1,0): pairs with an answer or an addressed message
  const auto gs = onakit::summarize_by_group_pair(log, r, g, 2, 2);
  EXPECT_TRUE(gs.groups.suppressed_row_hidden);
  ASSERT_EQ(gs.answers.size(), 1u);
  EXPECT_EQ(gs.answers[0], 1u);  // bob answers ann
  EXPECT_THROW((void)onakit::summarize_by_group_pair(log, r, g, 2, 0), onakit::invalid_option);
}

TEST(ResponseTimes, QuantileIsNumpysLinear) {
  const std::vector<timestamp_t> x{1, 2, 4, 8, 100};
  EXPECT_DOUBLE_EQ(onakit::detail::sorted_quantile(x, 0.5), 4.0);
  EXPECT_DOUBLE_EQ(onakit::detail::sorted_quantile(x, 0.9), 8.0 + 0.6 * 92.0);  // h = 3.6
}

// Real data: the first answers along the mbox reader's links, against a
// brute force over all pairs of messages.
TEST(ResponseTimes, LkmlAgainstBruteForce) {
  ONAKIT_REQUIRE_DATA("mbox-lkml-threads-notmuch/lkml-threads.mbox");
  const auto mail = onakit::read_mail(onakit::testing::data_file("mbox-lkml-threads-notmuch/lkml-threads.mbox"));
  const auto& log = mail.log;
  ASSERT_TRUE(log.has_parents());
  const auto r = onakit::response_times(log);
  std::map<std::pair<std::size_t, onakit::vertex_id>, std::pair<timestamp_t, std::size_t>> first;
  for (std::size_t m = 0; m < log.num_messages(); ++m)
    for (std::size_t p = 0; p < log.num_messages(); ++p) {
      if (log.parent(m) != p || log.sender(m) == log.sender(p)) continue;
      if (log.time(m) < log.time(p)) continue;
      const auto key = std::make_pair(p, log.sender(m));
      const auto val = std::make_pair(log.time(m), m);
      if (auto it = first.find(key); it == first.end() || val < it->second) first[key] = val;
    }
  ASSERT_EQ(r.delay.size(), first.size());
  ASSERT_GT(first.size(), 50u);
  for (std::size_t k = 0; k < r.delay.size(); ++k) {
    const auto& want = first.at({r.parent[k], r.answerer[k]});
    EXPECT_EQ(r.reply[k], want.second);
    EXPECT_EQ(r.delay[k], want.first - log.time(r.parent[k]));
  }
}

}  // namespace
