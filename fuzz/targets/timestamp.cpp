// try_parse_timestamp / parse_timestamp / format_timestamp (timestamp.hpp):
// a parsed time is within the supported range and survives
// format -> parse unchanged; parse_timestamp agrees with try_parse_timestamp.
#include "../fuzz.hpp"

#include <onakit/ingest/timestamp.hpp>

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const auto t = onakit::try_parse_timestamp(s);
  bool threw = false;
  try {
    check(onakit::parse_timestamp(s) == t.value_or(0) && t.has_value(), "parse_timestamp != try_parse_timestamp");
  } catch (const onakit::parse_error&) {
    threw = true;
  }
  check(threw == !t.has_value(), "parse_timestamp throws iff try_parse_timestamp fails");
  if (t) {
    check(*t != onakit::no_time, "a parsed time is no_time");
    check(*t <= onakit::max_abs_timestamp && *t >= -onakit::max_abs_timestamp, "time out of the supported range");
    const std::string f = onakit::format_timestamp(*t);
    const auto back = onakit::try_parse_timestamp(f);
    check(back.has_value() && *back == *t, "format_timestamp does not parse back", f);
  }
  // The numeric path (a DataFrame of numbers).
  if (size >= sizeof(double)) {
    double x = 0;
    std::memcpy(&x, data, sizeof x);
    if (const auto u = onakit::timestamp_from_unix(x))
      check(*u <= onakit::max_abs_timestamp && *u >= -onakit::max_abs_timestamp, "timestamp_from_unix out of range");
  }
  return 0;
}
