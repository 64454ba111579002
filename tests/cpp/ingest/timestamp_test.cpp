#include <onakit/ingest/timestamp.hpp>

#include <gtest/gtest.h>

namespace {

using onakit::format_timestamp;
using onakit::parse_timestamp;
using onakit::timestamp_t;
using onakit::try_parse_timestamp;

constexpr timestamp_t us = onakit::microseconds_per_second;

TEST(Timestamp, DaysFromCivilMatchesKnownDates) {
  EXPECT_EQ(onakit::detail::days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(onakit::detail::days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(onakit::detail::days_from_civil(1969, 12, 31), -1);
  for (std::int64_t d = -800000; d <= 800000; d += 97) {
    const auto c = onakit::detail::civil_from_days(d);
    ASSERT_EQ(onakit::detail::days_from_civil(c.year, c.month, c.day), d);
  }
}

TEST(Timestamp, IsoDateTimeForms) {
  // 2010-01-02 17:40:10 UTC is the first radoslaw event, KONECT 1262454010.
  EXPECT_EQ(parse_timestamp("2010-01-02 17:40:10"), 1262454010 * us);
  EXPECT_EQ(parse_timestamp("2010-01-02T17:40:10"), 1262454010 * us);
  EXPECT_EQ(parse_timestamp("2010-01-02T17:40:10Z"), 1262454010 * us);
  EXPECT_EQ(parse_timestamp("2010-01-02t17:40:10z"), 1262454010 * us);
  EXPECT_EQ(parse_timestamp("2010-01-02T17:40"), (1262454010 - 10) * us);
  EXPECT_EQ(parse_timestamp("2010-01-02"), (1262454010 - 17 * 3600 - 40 * 60 - 10) * us);
  EXPECT_EQ(parse_timestamp("  2010-01-02T17:40:10Z \t"), 1262454010 * us);
}

TEST(Timestamp, Offsets) {
  const timestamp_t utc = parse_timestamp("2024-03-01T07:00:00Z");
  EXPECT_EQ(parse_timestamp("2024-03-01T09:00:00+02:00"), utc);
  EXPECT_EQ(parse_timestamp("2024-03-01T09:00:00+0200"), utc);
  EXPECT_EQ(parse_timestamp("2024-03-01T09:00:00+02"), utc);
  EXPECT_EQ(parse_timestamp("2024-03-01T00:30:00-06:30"), utc);
  EXPECT_EQ(parse_timestamp("2024-03-01 09:00:00 +0200"), utc);  // mail-style space
  EXPECT_EQ(parse_timestamp("2024-03-01T07:00:00+00:00"), utc);
  // An offset can cross midnight and the month end.
  EXPECT_EQ(parse_timestamp("2024-02-29T23:00:00-08:00"), parse_timestamp("2024-03-01T07:00:00Z"));
}

TEST(Timestamp, Fractions) {
  const timestamp_t base = parse_timestamp("2015-06-09T15:45:07Z");
  EXPECT_EQ(parse_timestamp("2015-06-09T15:45:07.943132Z"), base + 943132);
  EXPECT_EQ(parse_timestamp("2015-06-09T15:45:07.5"), base + 500000);
  EXPECT_EQ(parse_timestamp("2015-06-09T15:45:07,25+00:00"), base + 250000);
  EXPECT_EQ(parse_timestamp("2015-06-09T15:45:07.1234567"), base + 123456);  // truncated
}

TEST(Timestamp, LeapDaysAndLeapSecond) {
  EXPECT_TRUE(try_parse_timestamp("2024-02-29"));
  EXPECT_TRUE(try_parse_timestamp("2000-02-29"));
  EXPECT_FALSE(try_parse_timestamp("1900-02-29"));
  EXPECT_FALSE(try_parse_timestamp("2023-02-29"));
  EXPECT_EQ(parse_timestamp("2024-02-29T12:00:00Z") + 86400 * us, parse_timestamp("2024-03-01T12:00:00Z"));
  EXPECT_EQ(parse_timestamp("2016-12-31T23:59:60Z"), parse_timestamp("2017-01-01T00:00:00Z"));
}

TEST(Timestamp, UnixSecondsAndMilliseconds) {
  EXPECT_EQ(parse_timestamp("1262454010"), 1262454010 * us);
  EXPECT_EQ(parse_timestamp("1433864707.943132"), 1433864707 * us + 943132);  // Slack ts
  EXPECT_EQ(parse_timestamp("1433864707943"), 1433864707 * us + 943000);      // 13 digits: ms
  EXPECT_EQ(parse_timestamp("1433864707943.5"), 1433864707 * us + 943500);
  EXPECT_EQ(parse_timestamp("0"), 0);
  EXPECT_EQ(parse_timestamp("69459254"), 69459254 * us);  // SNAP seconds-from-start
  EXPECT_EQ(parse_timestamp("-1.5"), -1500000);
  EXPECT_EQ(parse_timestamp("99999999999"), 99999999999 * us);     // < 1e11: seconds
  EXPECT_EQ(parse_timestamp("100000000000"), 100000000000 * 1000);  // >= 1e11: ms
}

TEST(Timestamp, RejectsBadValues) {
  for (const char* bad :
       {"", "   ", "2021-13-01", "2021-00-10", "2021-04-31", "2021-01-00", "2021-01-01T24:00",
        "2021-01-01T12:60", "2021-01-01T12:00:61", "2021-1-01", "2021-01-01T1:00", "2021-01-01X",
        "2021-01-01T12:00:00+2", "2021-01-01T12:00:00+25:00", "2021-01-01T12:00:00+02:60",
        "2021-01-01T12:00:00Zjunk", "2021-01-01T12:00:00.", "12abc", "1e9", "abc", "-", "1.",
        ".5", "12345678901234567", "2021/01/01"}) {
    EXPECT_FALSE(try_parse_timestamp(bad)) << "accepted '" << bad << "'";
  }
  EXPECT_THROW((void)parse_timestamp("2021-13-01"), onakit::parse_error);
  try {
    (void)parse_timestamp("yesterday");
    FAIL();
  } catch (const onakit::parse_error& e) {
    EXPECT_NE(std::string(e.what()).find("'yesterday'"), std::string::npos);
  }
}

// The supported range is |t| <= max_abs_timestamp, shared with the Python
// layer (onakit._time): years 0000-9999 as text, ~285,000 years as numbers.
TEST(Timestamp, SupportedRange) {
  EXPECT_EQ(parse_timestamp("9000000000000000"), onakit::max_abs_timestamp);  // ms at the bound
  EXPECT_EQ(parse_timestamp("-9000000000000000"), -onakit::max_abs_timestamp);
  EXPECT_FALSE(try_parse_timestamp("9000000000000001"));  // one ms past it
  EXPECT_FALSE(try_parse_timestamp("1700000000000000000"));  // a nanosecond epoch
  for (const char* s : {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z"}) {
    const auto t = parse_timestamp(s);
    EXPECT_LE(t < 0 ? -t : t, onakit::max_abs_timestamp);
    EXPECT_EQ(format_timestamp(t), s);
  }
}

TEST(Timestamp, FormatRoundTrips) {
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(1262454010 * us), "2010-01-02T17:40:10Z");
  EXPECT_EQ(format_timestamp(1433864707 * us + 943132), "2015-06-09T15:45:07.943132Z");
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_timestamp(onakit::no_time), "NaT");
  for (const char* s : {"2024-02-29T23:59:59Z", "1979-12-31T21:00:00Z", "2001-05-14T16:39:00.000001Z",
                        "1900-03-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    EXPECT_EQ(format_timestamp(parse_timestamp(s)), s);
}

// Fuzz finding (fuzz/corpus/timestamp): Unix milliseconds of the year 30030
// were accepted, but their formatted time did not parse back, so a log
// written out (format_timestamp) could not be read again. Years outside
// 0000-9999 are now read in ISO 8601's expanded form, as written.
// Fuzz finding (10-minute run of fuzz_timestamp): Unix milliseconds at the
// last supported millisecond with a fraction beyond it were accepted past
// max_abs_timestamp (9 * 10^18 + 902 microseconds).
TEST(Timestamp, FuzzFindingMillisecondFractionPastTheRangeIsRefused) {
  EXPECT_FALSE(try_parse_timestamp("9000000000000000.9021000000000000000000"));
  EXPECT_FALSE(try_parse_timestamp("-9000000000000000.001"));
  EXPECT_EQ(try_parse_timestamp("9000000000000000"), onakit::max_abs_timestamp);
  EXPECT_EQ(try_parse_timestamp("8999999999999999.999"), onakit::max_abs_timestamp - 1);
  EXPECT_THROW((void)parse_timestamp("9000000000000000.9021"), onakit::parse_error);
}

TEST(Timestamp, FuzzFindingYearsBeyond9999RoundTrip) {
  const auto t = parse_timestamp("885488541855484.55");
  EXPECT_EQ(format_timestamp(t), "30030-01-05T23:24:15.484550Z");
  EXPECT_EQ(parse_timestamp(format_timestamp(t)), t);
  for (const timestamp_t v : {-onakit::max_abs_timestamp, onakit::max_abs_timestamp, timestamp_t{-62167219200} * us - 1,
                              timestamp_t{253402300800} * us})
    EXPECT_EQ(parse_timestamp(format_timestamp(v)), v) << format_timestamp(v);
  EXPECT_EQ(parse_timestamp("-0044-03-15"), onakit::detail::days_from_civil(-44, 3, 15) * 86400 * us);
  EXPECT_EQ(parse_timestamp("+12024-01-01T00:00:00Z"), parse_timestamp("12024-01-01"));
  // Past the supported range, and malformed years, are still refused.
  EXPECT_FALSE(try_parse_timestamp("999999-01-01"));
  EXPECT_FALSE(try_parse_timestamp("-999999-01-01"));
  EXPECT_FALSE(try_parse_timestamp("1234567-01-01"));
  EXPECT_FALSE(try_parse_timestamp("+024-01-01"));
  EXPECT_FALSE(try_parse_timestamp("12024-1-01"));
  EXPECT_EQ(parse_timestamp("-1234"), -1234 * us);  // a negative Unix time, not a year
}

}  // namespace
