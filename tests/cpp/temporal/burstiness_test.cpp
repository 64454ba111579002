#include <onakit/ingest/email_csv.hpp>
#include <onakit/temporal/burstiness.hpp>

#include "test_data.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <vector>

namespace {

using onakit::timestamp_t;
constexpr timestamp_t second = onakit::microseconds_per_second;

onakit::message_log log_of(const std::vector<timestamp_t>& seconds) {
  onakit::message_log log;
  const auto a = log.intern("a"), b = log.intern("b");
  for (const timestamp_t s : seconds) {
    log.begin_message(a, s * second);
    log.add_recipient(b);
  }
  return log;
}

TEST(Burstiness, RegularIsMinusOneAndNaNRules) {
  const auto r = onakit::burstiness(log_of({0, 10, 20, 30, 40}));
  ASSERT_EQ(r.source.size(), 1u);
  EXPECT_EQ(r.events[0], 5u);
  EXPECT_DOUBLE_EQ(r.mean_interval[0], 10.0);
  EXPECT_DOUBLE_EQ(r.burstiness[0], -1.0);
  EXPECT_TRUE(std::isnan(r.memory[0]));  // every interval equal: no correlation
  EXPECT_EQ(r.memory_undefined, 1u);
  const auto few = onakit::burstiness(log_of({0, 5}));
  EXPECT_TRUE(std::isnan(few.burstiness[0]));
  EXPECT_EQ(few.too_few_events, 1u);
  const auto zero = onakit::burstiness(log_of({7, 7, 7}));
  EXPECT_TRUE(std::isnan(zero.burstiness[0]));
  EXPECT_EQ(zero.all_intervals_zero, 1u);
}

TEST(Burstiness, ByDefinitionOnAHandExample) {
  // intervals 1, 1, 10, 1, 10: mu = 4.6, sigma = sqrt(mean((tau - mu)^2))
  const auto r = onakit::burstiness(log_of({0, 1, 2, 12, 13, 23}));
  const double tau[] = {1, 1, 10, 1, 10};
  double mu = 0, v = 0;
  for (double t : tau) mu += t / 5;
  for (double t : tau) v += (t - mu) * (t - mu) / 5;
  const double sd = std::sqrt(v);
  EXPECT_NEAR(r.burstiness[0], (sd - mu) / (sd + mu), 1e-12);
  // M: Pearson correlation of (1,1,10,1) with (1,10,1,10)
  const double x[] = {1, 1, 10, 1}, y[] = {1, 10, 1, 10};
  double mx = 0, my = 0;
  for (int i = 0; i < 4; ++i) mx += x[i] / 4, my += y[i] / 4;
  double sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < 4; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  EXPECT_NEAR(r.memory[0], sxy / std::sqrt(sxx * syy), 1e-12);
}

TEST(Burstiness, TiesSplitMessagesAndSkipSelfPairs) {
  onakit::message_log log;
  const auto a = log.intern("a"), b = log.intern("b"), c = log.intern("c");
  for (timestamp_t t = 0; t < 5; ++t) {
    log.begin_message(a, t * t * second);
    const onakit::vertex_id rec[] = {b, c, b, a};
    log.add_recipients(rec);
  }
  onakit::burstiness_options o;
  o.by = onakit::burstiness_by::tie;
  const auto r = onakit::burstiness(log, o);
  ASSERT_EQ(r.source.size(), 2u);  // a->b, a->c
  EXPECT_EQ(r.events[0], 5u);      // b listed twice per message counts once
  EXPECT_EQ(r.self_pairs, 5u);
  EXPECT_DOUBLE_EQ(r.burstiness[0], r.burstiness[1]);
}

// Oracle: a direct per-person computation with std::map on real mail.
TEST(Burstiness, RadoslawPeopleMatchAMapOfTimes) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  onakit::email_csv_options eo;
  eo.sender = "Sender";
  eo.recipients = "Recipient";
  eo.timestamp = "EventDate";
  const auto log = onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), eo);
  const auto r = onakit::burstiness(log, {.by = onakit::burstiness_by::person, .min_events = 10});
  std::map<onakit::vertex_id, std::vector<double>> times;
  for (std::size_t m = 0; m < log.num_messages(); ++m)
    times[log.sender(m)].push_back(static_cast<double>(log.time(m)) / 1e6);
  ASSERT_EQ(r.source.size(), times.size());
  std::size_t i = 0, nan_b = 0;
  for (auto& [p, t] : times) {
    std::sort(t.begin(), t.end());
    EXPECT_EQ(r.source[i], p);
    EXPECT_EQ(r.events[i], t.size());
    if (t.size() < 10) {
      EXPECT_TRUE(std::isnan(r.burstiness[i]));
      ++nan_b;
    } else {
      // one-pass sums (a different route from the kernel's two passes)
      double s = 0, ss = 0;
      const double n = static_cast<double>(t.size() - 1);
      for (std::size_t k = 0; k + 1 < t.size(); ++k) {
        const double d = t[k + 1] - t[k];
        s += d;
        ss += d * d;
      }
      const double mu = s / n, sd = std::sqrt(std::max(0.0, ss / n - mu * mu));
      EXPECT_NEAR(r.burstiness[i], (sd - mu) / (sd + mu), 1e-6) << p;
    }
    ++i;
  }
  EXPECT_EQ(r.too_few_events, nan_b);
}

}  // namespace

namespace {

// Message order does not matter: the log read backwards gives the same rows.
TEST(Burstiness, MessageOrderDoesNotMatter) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  onakit::email_csv_options eo;
  eo.sender = "Sender";
  eo.recipients = "Recipient";
  eo.timestamp = "EventDate";
  const auto log = onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), eo);
  onakit::message_log back;
  for (const auto& p : log.people()) (void)back.intern(p);
  for (std::size_t m = log.num_messages(); m-- > 0;) {
    back.begin_message(log.sender(m), log.time(m));
    back.add_recipients(log.recipients(m));
  }
  for (const auto by : {onakit::burstiness_by::person, onakit::burstiness_by::tie}) {
    const auto a = onakit::burstiness(log, {.by = by});
    const auto b = onakit::burstiness(back, {.by = by});
    ASSERT_EQ(a.source, b.source);
    ASSERT_EQ(a.target, b.target);
    for (std::size_t i = 0; i < a.source.size(); ++i) {
      if (std::isnan(a.burstiness[i])) EXPECT_TRUE(std::isnan(b.burstiness[i]));
      else EXPECT_DOUBLE_EQ(a.burstiness[i], b.burstiness[i]);
    }
  }
}

}  // namespace
