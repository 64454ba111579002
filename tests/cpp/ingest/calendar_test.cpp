// read_calendar (ingest/calendar.hpp): the policy on small calendars written
// here, and the real test calendars (icalendar-attendees-test-calendars) read
// whole. The field-by-field comparison with the icalendar and
// recurring-ical-events packages is tests/python/test_read_calendar.py.
#include <onakit/ingest/calendar.hpp>
#include <onakit/ingest/crypto.hpp>
#include <onakit/ingest/timestamp.hpp>

#include <gtest/gtest.h>

#include "test_data.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using onakit::calendar_options;
using onakit::error_policy;
using onakit::message_log;
using onakit::read_calendar_text;

constexpr const char* kDir = "icalendar-attendees-test-calendars";

std::string wrap(const std::string& body, const std::string& head = "") {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//onakit//test//EN\r\n" + head + body + "END:VCALENDAR\r\n";
}

std::string event(const std::string& props) { return "BEGIN:VEVENT\r\n" + props + "END:VEVENT\r\n"; }

std::vector<std::string> recipients(const message_log& log, std::size_t m) {
  std::vector<std::string> out;
  for (const auto r : log.recipients(m)) out.push_back(log.people()[r]);
  std::sort(out.begin(), out.end());
  return out;
}

onakit::timestamp_t utc(const char* iso) { return onakit::parse_timestamp(iso); }

TEST(Calendar, OrganizerToAttendeesWithRoleMeeting) {
  const auto log = read_calendar_text(wrap(event(
      "UID:m1\r\nDTSTART:20240301T090000Z\r\nORGANIZER;CN=Ann:MAILTO:Ann@Corp.example\r\n"
      "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@corp.example\r\nATTENDEE:mailto:Bob@corp.example\r\n"
      "ATTENDEE;PARTSTAT=DECLINED:mailto:cy@corp.example\r\nATTENDEE:mailto:dee@corp.example\r\n")));
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.people()[log.sender(0)], "ann@corp.example");
  EXPECT_EQ(recipients(log, 0), (std::vector<std::string>{"bob@corp.example", "dee@corp.example"}));
  for (const auto r : log.role_column()) EXPECT_EQ(r, onakit::role::meeting);
  EXPECT_EQ(log.time(0), utc("2024-03-01T09:00:00Z"));
  EXPECT_EQ(log.message_id(0), "m1");
  EXPECT_EQ(log.report().dropped.at("declined attendee"), 1u);
  EXPECT_EQ(log.report().dropped.at("organizer among attendees"), 1u);
  EXPECT_TRUE(log.report().balanced());
  EXPECT_EQ(onakit::to_string(onakit::role::meeting), "meeting");
}

TEST(Calendar, TimeZoneFromTheFilesVtimezone) {
  // Europe/Berlin written out: 09:00 local is 08:00 UTC in winter, 07:00 in summer.
  const std::string tz =
      "BEGIN:VTIMEZONE\r\nTZID:Berlin-ish\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
      "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
      "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
      "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n";
  calendar_options o;
  o.start = utc("2024-01-01T00:00:00Z");
  o.end = utc("2025-01-01T00:00:00Z");
  const auto log = read_calendar_text(
      wrap(tz + event("UID:w\r\nDTSTART;TZID=Berlin-ish:20240318T090000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
                      "EXDATE;TZID=Berlin-ish:20240325T090000\r\nORGANIZER:mailto:a@x.org\r\n"
                      "ATTENDEE:mailto:b@x.org\r\n")),
      o);
  ASSERT_EQ(log.num_messages(), 2u);  // 18 Mar (CET), 25 Mar excluded, 1 Apr (CEST)
  EXPECT_EQ(log.time(0), utc("2024-03-18T08:00:00Z"));
  EXPECT_EQ(log.time(1), utc("2024-04-01T07:00:00Z"));
  EXPECT_EQ(log.message_id(1), "w/20240401T070000Z");
  EXPECT_EQ(log.channels()[log.channel(0)], "w");
}

TEST(Calendar, OverrideReplacesItsInstanceAndCancelledOnesAreSkipped) {
  const std::string who = "ORGANIZER:mailto:a@x.org\r\nATTENDEE:mailto:b@x.org\r\n";
  const auto log = read_calendar_text(wrap(
      event("UID:s\r\nDTSTART:20240101T100000Z\r\nRRULE:FREQ=DAILY;COUNT=4\r\n" + who) +
      event("UID:s\r\nRECURRENCE-ID:20240102T100000Z\r\nDTSTART:20240102T150000Z\r\n" + who) +
      event("UID:s\r\nRECURRENCE-ID:20240103T100000Z\r\nDTSTART:20240103T100000Z\r\nSTATUS:CANCELLED\r\n" + who) +
      event("UID:c\r\nDTSTART:20240105T100000Z\r\nSTATUS:CANCELLED\r\n" + who)));
  std::vector<onakit::timestamp_t> times;
  for (std::size_t m = 0; m < log.num_messages(); ++m) times.push_back(log.time(m));
  std::sort(times.begin(), times.end());
  EXPECT_EQ(times, (std::vector<onakit::timestamp_t>{utc("2024-01-01T10:00:00Z"), utc("2024-01-02T15:00:00Z"),
                                                       utc("2024-01-04T10:00:00Z")}));
  EXPECT_EQ(log.report().skipped.at("cancelled"), 2u);
  EXPECT_EQ(log.report().records_read, 4u);
  EXPECT_TRUE(log.report().balanced());
}

TEST(Calendar, DefaultHorizonIsCountedAndBroadcastsSkipped) {
  std::string many = "UID:big\r\nDTSTART:20240101T100000Z\r\nORGANIZER:mailto:a@x.org\r\n";
  for (int i = 0; i < 5; ++i) many += "ATTENDEE:mailto:p" + std::to_string(i) + "@x.org\r\n";
  calendar_options o;
  o.max_attendees = 4;
  const auto log = read_calendar_text(
      wrap(event("UID:d\r\nDTSTART:20240101T100000Z\r\nRRULE:FREQ=DAILY\r\nORGANIZER:mailto:a@x.org\r\n"
                 "ATTENDEE:mailto:b@x.org\r\n") +
           event(many)),
      o);
  EXPECT_EQ(log.num_messages(), 365u);  // [DTSTART, DTSTART + 365 days): 365 daily instances
  EXPECT_EQ(log.report().dropped.at("recurrence past horizon"), 1u);
  EXPECT_EQ(log.report().skipped.at("broadcast"), 1u);
  o.max_attendees = 0;
  EXPECT_EQ(read_calendar_text(wrap(event(many)), o).num_messages(), 1u);
}

TEST(Calendar, BadInputNamesTheFileOrIsCounted) {
  const std::string no_start = wrap(event("UID:x\r\nORGANIZER:mailto:a@x.org\r\nATTENDEE:mailto:b@x.org\r\n"));
  try {
    (void)read_calendar_text(no_start, {}, "team.ics");
    FAIL() << "expected parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.file(), "team.ics");
    EXPECT_EQ(e.line(), 4u);  // the BEGIN:VEVENT line
    EXPECT_EQ(e.field(), "DTSTART");
    EXPECT_EQ(e.reason(), "missing DTSTART");
  }
  calendar_options skip;
  skip.errors = error_policy::skip;
  const auto log = read_calendar_text(no_start, skip, "team.ics");
  EXPECT_EQ(log.report().skipped.at("missing DTSTART"), 1u);
  EXPECT_TRUE(log.report().balanced());
  EXPECT_THROW((void)read_calendar_text("From: ann@x.org\n\nhello\n", {}, "mail.txt"), onakit::parse_error);
  EXPECT_EQ(read_calendar_text("not a calendar", skip).report().skipped.at("not iCalendar"), 1u);
  try {
    (void)onakit::read_calendar("/nonexistent/cal.ics");
    FAIL() << "expected io_error";
  } catch (const onakit::io_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/cal.ics"), std::string::npos);
  }
}

TEST(Calendar, PseudonymsForPeopleAndIds) {
  onakit::identity_options io;
  io.pseudonymize_key = "k";
  calendar_options o;
  o.identity_rules = std::make_shared<onakit::identities>(io);
  const auto log = read_calendar_text(
      wrap(event("UID:secret@x.org\r\nDTSTART:20240101T100000Z\r\nORGANIZER:mailto:a@x.org\r\n"
                 "ATTENDEE:mailto:b@x.org\r\n")),
      o);
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.people()[log.sender(0)], o.identity_rules->resolve("a@x.org").label);
  EXPECT_EQ(log.message_id(0).find("secret"), std::string_view::npos);
  EXPECT_EQ(log.channels()[log.channel(0)].find("secret"), std::string::npos);
}

TEST(Calendar, RealTestCalendarsReadWhole) {
  ONAKIT_REQUIRE_DATA(kDir);
  calendar_options o;
  o.errors = error_policy::skip;
  o.start = utc("1990-01-01T00:00:00Z");
  o.end = utc("2030-01-01T00:00:00Z");
  const auto all = onakit::read_calendar(onakit::testing::data_file(kDir), o);
  EXPECT_TRUE(all.report().balanced());
  // The folder equals its files read one by one and appended in path order.
  message_log one_by_one;
  for (const auto& f : onakit::detail::calendar_files(onakit::testing::data_file(kDir)))
    one_by_one.append(onakit::read_calendar(f, o));
  ASSERT_EQ(all.num_messages(), one_by_one.num_messages());
  for (std::size_t m = 0; m < all.num_messages(); ++m) {
    EXPECT_EQ(all.time(m), one_by_one.time(m));
    EXPECT_EQ(all.people()[all.sender(m)], one_by_one.people()[one_by_one.sender(m)]);
  }
  EXPECT_EQ(all.report().records_read, one_by_one.report().records_read);
  // Every kept message is a meeting with at least one attendee.
  for (std::size_t m = 0; m < all.num_messages(); ++m) EXPECT_FALSE(all.recipients(m).empty());
  EXPECT_EQ(onakit::detail::calendar_files(onakit::testing::data_file(kDir)).size(), 50u);
}

TEST(Calendar, LoneCrLineEndsLoseNoEvent) {
  // CRLF, LF and lone CR mixed (tests/data/adversarial/mixed_line_ends): libical ends lines at LF only
  const std::string ev = "BEGIN:VEVENT\rUID:e1\nDTSTART:20240301T090000Z\r\nORGANIZER:mailto:ann@x.org\r"
                         "ATTENDEE:mailto:bob@x.org\nEND:VEVENT\r";
  const std::string ev2 = "BEGIN:VEVENT\rUID:e2\rDTSTART:20240301T100000Z\rORGANIZER:mailto:bob@x.org\r"
                          "ATTENDEE:mailto:ann@x.org\rEND:VEVENT\r";
  const auto log = read_calendar_text("BEGIN:VCALENDAR\r\nVERSION:2.0\nPRODID:-//x//EN\r" + ev + ev2 + "END:VCALENDAR\r");
  EXPECT_EQ(log.num_messages(), 2u);
  EXPECT_TRUE(log.report().dropped.empty());
  EXPECT_TRUE(log.report().skipped.empty());
}

TEST(Calendar, InvalidUtf8IsARecordNamingItsLine) {
  const std::string text = wrap(event("UID:m1\r\nDTSTART:20240301T090000Z\r\nORGANIZER;CN=J\xFCrgen:mailto:ann@x.org\r\n"
                                      "ATTENDEE:mailto:bob@x.org\r\n"));
  try {
    (void)read_calendar_text(text, {}, "latin1.ics");
    FAIL() << "expected a parse_error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "invalid UTF-8");
    EXPECT_EQ(e.line(), 7u) << e.what();
  }
  calendar_options o;
  o.errors = error_policy::skip;
  const auto log = read_calendar_text(text, o, "latin1.ics");
  EXPECT_EQ(log.num_messages(), 0u);
  EXPECT_EQ(log.report().skipped.at("invalid UTF-8"), 1u);
  EXPECT_TRUE(log.report().balanced());
}

}  // namespace

// Fuzz finding (fuzz/corpus/calendar/finding-dtstart-year-overflow): libical
// reads years up to 9999999, whose seconds times 10^6 overflowed timestamp_t
// (UBSan: signed integer overflow; a wrapped, meaningless time otherwise).
// A start beyond the supported range is a bad record "DTSTART out of range",
// and an RRULE or RDATE instance beyond it is dropped and counted.
TEST(Calendar, FuzzFindingStartsBeyondTheTimeRangeAreBadRecords) {
  const std::string far = event("UID:far\r\nDTSTART:99999999T000000Z\r\nORGANIZER:mailto:a@x\r\n"
                                "ATTENDEE:mailto:b@x\r\n");
  const std::string near = event("UID:near\r\nDTSTART:20240301T090000Z\r\nORGANIZER:mailto:a@x\r\n"
                                 "ATTENDEE:mailto:b@x\r\n");
  try {
    (void)read_calendar_text(wrap(far + near), {}, "far.ics");
    FAIL() << "no error";
  } catch (const onakit::parse_error& e) {
    EXPECT_EQ(e.reason(), "DTSTART out of range");
    EXPECT_EQ(e.field(), "DTSTART");
    EXPECT_EQ(e.file(), "far.ics");
  }
  calendar_options lenient;
  lenient.errors = error_policy::skip;
  const message_log log = read_calendar_text(wrap(far + near), lenient);
  ASSERT_EQ(log.num_messages(), 1u);
  EXPECT_EQ(log.time(0), onakit::parse_timestamp("2024-03-01T09:00:00Z"));
  EXPECT_EQ(log.report().skipped.at("DTSTART out of range"), 1u);
  EXPECT_TRUE(log.report().balanced());
  // A series with an RDATE past the range: that instance is dropped and counted, not wrapped.
  calendar_options wide;
  wide.end = onakit::max_abs_timestamp;
  const message_log series = read_calendar_text(
      wrap(event("UID:s\r\nDTSTART:20240301T090000Z\r\nRDATE:20250301T090000Z\r\nRDATE:99999999T000000Z\r\n"
                 "ORGANIZER:mailto:a@x\r\nATTENDEE:mailto:b@x\r\n")),
      wide);
  ASSERT_EQ(series.num_messages(), 2u);
  EXPECT_EQ(series.time(1), onakit::parse_timestamp("2025-03-01T09:00:00Z"));
  EXPECT_EQ(series.report().dropped.at("instance out of range"), 1u) << series.report().to_string();
}
