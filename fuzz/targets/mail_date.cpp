// parse_rfc5322_date (mail_date.hpp): never throws, and a date it accepts is
// within the supported range and formats to text that parses back.
#include "../fuzz.hpp"

#include <onakit/ingest/mail_date.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  if (const auto t = onakit::parse_rfc5322_date(s)) {
    check(*t != onakit::no_time, "a parsed date is no_time");
    check(*t <= onakit::max_abs_timestamp && *t >= -onakit::max_abs_timestamp, "date out of the supported range");
    const auto back = onakit::try_parse_timestamp(onakit::format_timestamp(*t));
    check(back && *back == *t, "a mail date does not format and parse back");
  }
  return 0;
}
