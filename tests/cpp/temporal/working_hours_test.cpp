#include <onakit/temporal/working_hours.hpp>

#include <gtest/gtest.h>

#include <cstdint>

namespace {

using onakit::timestamp_t;
constexpr timestamp_t minute = 60 * onakit::microseconds_per_second;
constexpr timestamp_t hour = 60 * minute;
constexpr timestamp_t day = onakit::microseconds_per_day;
// 2024-03-01 00:00 local: a Friday.
constexpr timestamp_t friday = 19783 * day;

TEST(WorkingHours, Weekday) {
  EXPECT_EQ(onakit::weekday(0), 3);  // 1970-01-01, Thursday
  EXPECT_EQ(onakit::weekday(friday), 4);
  EXPECT_EQ(onakit::weekday(friday + day), 5);
  EXPECT_EQ(onakit::weekday(-1), 2);  // 1969-12-31 23:59:59.999999, Wednesday
  EXPECT_TRUE(onakit::is_weekend(friday + 2 * day));
  EXPECT_EQ(onakit::seconds_of_day(friday + 9 * hour + 30 * minute), 9 * 3600 + 1800);
  EXPECT_EQ(onakit::seconds_of_day(-onakit::microseconds_per_second), 86399);
}

TEST(WorkingHours, FridayAfternoonToMondayMorning) {
  const onakit::working_hours h{};
  EXPECT_EQ(onakit::working_time_between(friday + 16 * hour, friday + 3 * day + 10 * hour, h), 2 * hour);
  const onakit::working_hours every_day{.start = 9 * 3600, .end = 17 * 3600, .weekends_off = false};
  EXPECT_EQ(onakit::working_time_between(friday + 16 * hour, friday + 3 * day + 10 * hour, every_day), 18 * hour);
  EXPECT_EQ(onakit::working_time_between(friday + 10 * hour, friday + 9 * hour, h), 0);
  EXPECT_TRUE(onakit::in_working_hours(friday + 9 * hour, h));
  EXPECT_FALSE(onakit::in_working_hours(friday + 17 * hour, h));
  EXPECT_FALSE(onakit::in_working_hours(friday + day + 10 * hour, h));
}

// Oracle: step minute by minute over two weeks around several origins
// (before 1970 too), for day and weekend settings.
TEST(WorkingHours, MatchesMinuteByMinuteCount) {
  for (const bool weekends_off : {true, false})
    for (const timestamp_t base : {friday, timestamp_t{-10 * day}, timestamp_t{0}}) {
      const onakit::working_hours h{.start = 8 * 3600 + 1800, .end = 18 * 3600, .weekends_off = weekends_off};
      for (timestamp_t from = base; from < base + 9 * day; from += 7 * hour + 13 * minute)
        for (timestamp_t len : {timestamp_t{0}, 5 * minute, 3 * hour, day + 2 * hour, 6 * day + 7 * minute}) {
          timestamp_t brute = 0;
          for (timestamp_t t = from; t < from + len; t += minute)
            if (onakit::in_working_hours(t, h)) brute += minute;
          ASSERT_EQ(onakit::working_time_between(from, from + len, h), brute)
              << "from " << from << " len " << len << " weekends_off " << weekends_off;
        }
    }
}

TEST(WorkingHours, CheckNamesTheKeyword) {
  EXPECT_NO_THROW(onakit::check_working_hours({}));
  try {
    onakit::check_working_hours({.start = 17 * 3600, .end = 9 * 3600});
    FAIL();
  } catch (const onakit::invalid_option& e) {
    EXPECT_NE(std::string(e.what()).find("business_hours"), std::string::npos);
  }
}

}  // namespace
