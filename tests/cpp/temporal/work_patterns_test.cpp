#include <onakit/ingest/email_csv.hpp>
#include <onakit/temporal/work_patterns.hpp>

#include "test_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <tuple>
#include <vector>

namespace {

using onakit::timestamp_t;
constexpr timestamp_t hour = 3600 * onakit::microseconds_per_second;
constexpr timestamp_t day = onakit::microseconds_per_day;
constexpr timestamp_t friday = 19783 * day;  // 2024-03-01 00:00 UTC, a Friday

onakit::message_log small_log() {
  onakit::message_log log;
  const auto a = log.intern("a"), b = log.intern("b");
  // a: Friday 08:00, 10:00, 20:00 (UTC); Saturday 11:00. b: Friday 12:00.
  for (const timestamp_t t : {friday + 8 * hour, friday + 10 * hour, friday + 20 * hour, friday + day + 11 * hour}) {
    log.begin_message(a, t);
    log.add_recipient(b);
  }
  log.begin_message(b, friday + 12 * hour);
  log.add_recipient(a);
  log.begin_message(b, onakit::no_time);
  log.add_recipient(a);
  return log;
}

TEST(WorkPatterns, CountsSharesAndSpansByDefinition) {
  const auto log = small_log();
  const auto r = onakit::work_patterns(log, {});
  ASSERT_EQ(r.people.size(), 2u);
  EXPECT_EQ(r.messages_without_time, 1u);
  EXPECT_EQ(r.messages_used, 5u);
  // a: 08:00 and 20:00 are outside 9-17, Saturday is a weekend (outside too).
  EXPECT_EQ(r.people.key[0], 0u);
  EXPECT_EQ(r.people.messages[0], 4u);
  EXPECT_EQ(r.people.after_hours[0], 3u);
  EXPECT_DOUBLE_EQ(r.people.after_hours_share[0], 0.75);
  EXPECT_EQ(r.people.weekend[0], 1u);
  EXPECT_EQ(r.people.active_days[0], 2u);
  EXPECT_DOUBLE_EQ(r.people.span_mean_hours[0], (12.0 + 0.0) / 2);
  EXPECT_DOUBLE_EQ(r.people.span_median_hours[0], 6.0);
  EXPECT_EQ(r.people.after_hours[1], 0u);
  // Local clock 3 h behind: a's Friday 08:00 UTC is Friday 05:00, 10:00 is 07:00
  // (both outside), 20:00 is 17:00 (outside), Saturday 11:00 is 08:00 (weekend).
  std::vector<std::int32_t> off(log.num_messages(), -3 * 3600);
  const auto l = onakit::work_patterns(log, off);
  EXPECT_EQ(l.people.after_hours[0], 4u);
  EXPECT_EQ(l.people.after_hours[1], 0u);  // b's 12:00 is 09:00 local
  // A clock 5 h ahead: Friday 13:00 and 15:00 (span 2 h), Saturday 01:00 and 16:00 (span 15 h).
  std::fill(off.begin(), off.end(), 5 * 3600);
  const auto e = onakit::work_patterns(log, off);
  EXPECT_EQ(e.people.weekend[0], 2u);
  EXPECT_EQ(e.people.active_days[0], 2u);
  EXPECT_DOUBLE_EQ(e.people.span_median_hours[0], (2.0 + 15.0) / 2);
}

TEST(WorkPatterns, PeriodsAndGroups) {
  const auto log = small_log();
  onakit::work_pattern_options o;
  o.boundaries = {friday, friday + day, friday + 2 * day};
  o.group = {0, 0};
  o.groups = 1;
  const auto r = onakit::work_patterns(log, {}, o);
  EXPECT_EQ(r.periods, 2u);
  ASSERT_EQ(r.people.size(), 3u);  // a Fri, b Fri, a Sat
  EXPECT_EQ(r.people.period[2], 1u);
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.groups.messages[0], 4u);
  EXPECT_EQ(r.groups.people[0], 2u);
  EXPECT_EQ(r.groups.active_days[0], 2u);
  EXPECT_DOUBLE_EQ(r.groups.span_median_hours[0], 6.0);  // a 12 h, b 0 h
  o.boundaries = {friday + day, friday + 2 * day};
  EXPECT_EQ(onakit::work_patterns(log, {}, o).messages_outside_periods, 4u);
}

TEST(WorkPatterns, BadInputNamesIt) {
  const auto log = small_log();
  onakit::work_pattern_options o;
  o.hours = {.start = 18 * 3600, .end = 9 * 3600};
  try {
    (void)onakit::work_patterns(log, {}, o);
    FAIL();
  } catch (const onakit::invalid_option& e) {
    EXPECT_NE(std::string(e.what()).find("business_hours"), std::string::npos);
  }
  std::vector<std::int32_t> off(2, 0);
  EXPECT_THROW((void)onakit::work_patterns(log, off), onakit::invalid_option);
  o = {};
  o.boundaries = {friday + day, friday};
  EXPECT_THROW((void)onakit::work_patterns(log, {}, o), onakit::invalid_option);
  o = {};
  o.group = {0, 5};
  o.groups = 2;
  EXPECT_THROW((void)onakit::work_patterns(log, {}, o), onakit::invalid_option);
}

TEST(WorkPatterns, FixedPeriods) {
  const auto e = onakit::fixed_periods(friday + hour, friday + 3 * day, 7 * day);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_LE(e[0], friday + hour);
  EXPECT_EQ(onakit::weekday(e[0]), 3);  // weeks counted from 1970-01-01, a Thursday
  EXPECT_THROW((void)onakit::fixed_periods(0, 1, 0), onakit::invalid_option);
}

// Oracle: a brute force over std::map on the real radoslaw mail, with
// per-person offsets from -8 h to +5 h and four-week periods.
TEST(WorkPatterns, RadoslawMatchesBruteForce) {
  ONAKIT_REQUIRE_DATA("radoslaw_email/communication.csv");
  onakit::email_csv_options eo;
  eo.sender = "Sender";
  eo.recipients = "Recipient";
  eo.timestamp = "EventDate";
  const auto log = onakit::read_email_csv(onakit::testing::data_file("radoslaw_email/communication.csv"), eo);
  std::vector<std::int32_t> off(log.num_messages());
  for (std::size_t m = 0; m < off.size(); ++m) off[m] = static_cast<std::int32_t>((log.sender(m) % 14) - 8) * 3600;
  const auto [lo, hi] = log.time_span();
  onakit::work_pattern_options o;
  o.boundaries = onakit::fixed_periods(lo, hi, 28 * day);
  o.hours = {.start = 8 * 3600, .end = 16 * 3600 + 1800};
  const auto r = onakit::work_patterns(log, off, o);

  struct agg {
    std::uint64_t n = 0, after = 0, weekend = 0;
    std::map<timestamp_t, std::pair<timestamp_t, timestamp_t>> days;
  };
  std::map<std::pair<std::uint32_t, std::uint32_t>, agg> bf;
  for (std::size_t m = 0; m < log.num_messages(); ++m) {
    const timestamp_t t = log.time(m);
    std::uint32_t p = 0;
    while (o.boundaries[p + 1] <= t) ++p;
    const timestamp_t local = t + static_cast<timestamp_t>(off[m]) * onakit::microseconds_per_second;
    auto& a = bf[{p, log.sender(m)}];
    ++a.n;
    const timestamp_t d = (local - (local % day + day) % day) / day;
    const auto sod = ((local % day) + day) % day;
    const auto wd = ((d + 3) % 7 + 7) % 7;
    const bool weekend = wd >= 5;
    a.weekend += weekend;
    a.after += weekend || sod < 8 * hour || sod >= 16 * hour + 30 * 60 * onakit::microseconds_per_second;
    auto [it, fresh] = a.days.try_emplace(d, local, local);
    it->second.first = std::min(it->second.first, local);
    it->second.second = std::max(it->second.second, local);
  }
  ASSERT_EQ(r.people.size(), bf.size());
  std::size_t i = 0;
  for (auto& [k, a] : bf) {
    EXPECT_EQ(r.people.period[i], k.first);
    EXPECT_EQ(r.people.key[i], k.second);
    EXPECT_EQ(r.people.messages[i], a.n);
    EXPECT_EQ(r.people.after_hours[i], a.after);
    EXPECT_EQ(r.people.weekend[i], a.weekend);
    EXPECT_EQ(r.people.active_days[i], a.days.size());
    std::vector<double> spans;
    double sum = 0;
    for (const auto& [d, fl] : a.days) {
      spans.push_back(static_cast<double>(fl.second - fl.first) / static_cast<double>(hour));
      sum += spans.back();
    }
    std::sort(spans.begin(), spans.end());
    const std::size_t h = spans.size() / 2;
    const double med = spans.size() % 2 ? spans[h] : (spans[h - 1] + spans[h]) / 2;
    EXPECT_NEAR(r.people.span_mean_hours[i], sum / static_cast<double>(spans.size()), 1e-9);
    EXPECT_NEAR(r.people.span_median_hours[i], med, 1e-12);
    ++i;
  }
}

}  // namespace

namespace {

// Message order does not matter: the log read backwards gives the same rows.
TEST(WorkPatterns, MessageOrderDoesNotMatter) {
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
  std::vector<std::int32_t> off(log.num_messages()), off_back(log.num_messages());
  for (std::size_t m = 0; m < off.size(); ++m) {
    off[m] = static_cast<std::int32_t>(log.sender(m) % 5) * -3600;
    off_back[off.size() - 1 - m] = off[m];
  }
  onakit::work_pattern_options o;
  const auto [lo, hi] = log.time_span();
  o.boundaries = onakit::fixed_periods(lo, hi, 7 * day);
  const auto a = onakit::work_patterns(log, off, o);
  const auto b = onakit::work_patterns(back, off_back, o);
  EXPECT_EQ(a.people.key, b.people.key);
  EXPECT_EQ(a.people.after_hours, b.people.after_hours);
  EXPECT_EQ(a.people.active_days, b.people.active_days);
  EXPECT_EQ(a.people.span_median_hours, b.people.span_median_hours);
}

}  // namespace
