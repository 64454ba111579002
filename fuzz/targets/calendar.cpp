// read_calendar_text (calendar.hpp, libical): meetings from iCalendar text,
// recurrences expanded. Options from the first bytes: strict or lenient, a
// time window, the broadcast limit, a small instance cap (so an endless rule
// stays fast).
#include "../fuzz.hpp"

#include <onakit/ingest/calendar.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::calendar_options o;
  const std::uint8_t f = opt.byte();
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  if (f & 2) o.start = onakit::timestamp_t{946684800} * onakit::microseconds_per_second;  // 2000-01-01
  if (f & 4) o.end = onakit::timestamp_t{1893456000} * onakit::microseconds_per_second;   // 2030-01-01
  o.max_attendees = opt.pick(4) == 0 ? 0 : 50;
  o.max_instances = 1 + opt.byte() * 4u;
  const std::string_view text = in.rest();
  guarded([&] { check_log(onakit::read_calendar_text(text, o, "<fuzz>")); });
  return 0;
}
