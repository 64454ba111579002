// Reads one meeting from iCalendar text with onakit::ical (libical) and
// checks its organiser, attendee, role and UTC time.
#include <onakit/ingest/calendar.hpp>
#include <onakit/ingest/timestamp.hpp>

#include <cstdio>

int main() {
  const char* text =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//consumer//EN\r\nBEGIN:VEVENT\r\nUID:c1\r\n"
      "DTSTART;TZID=America/New_York:20240301T090000\r\nORGANIZER:mailto:Ann@corp.example\r\n"
      "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@corp.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  const onakit::message_log log = onakit::read_calendar_text(text);
  const bool ok = log.num_messages() == 1 && log.people()[log.sender(0)] == "ann@corp.example" &&
                  log.recipients(0).size() == 1 && log.role_column()[0] == onakit::role::meeting &&
                  log.time(0) == onakit::parse_timestamp("2024-03-01T14:00:00Z");
  std::printf("consumer ical: %zu meeting(s), %s\n", log.num_messages(), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
