// RFC 5322 header blocks and address lists (rfc5322.hpp): for_each_header_field
// over the input as a header block, then parse_address_list and unfold on
// every field value. Never throws; display names are valid UTF-8; an
// addr-spec is lower-case and has no line break.
#include "../fuzz.hpp"

#include <onakit/detail/utf8.hpp>
#include <onakit/ingest/rfc5322.hpp>

#include <vector>

namespace {
void check_list(std::string_view value) {
  using namespace onakit_fuzz;
  std::vector<onakit::mail_address> out;
  onakit::parse_address_list(value, out);
  for (const auto& a : out) {
    check(onakit::detail::valid_utf8(a.display_name), "display name is not UTF-8");
    for (const char c : a.addr_spec) {
      check(!(c >= 'A' && c <= 'Z'), "addr-spec not lower-cased", a.addr_spec);
      check(c != '\n' && c != '\r', "addr-spec with a line break");
    }
  }
  const std::string u = onakit::unfold(value);
  check(u.find_first_of("\r\n") == std::string::npos, "unfold left a line break");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  check_list(s);  // the whole input as one value
  const std::size_t end = onakit::for_each_header_field(s, [&](std::string_view name, std::string_view value) {
    check(name.data() >= s.data() && name.data() + name.size() <= s.data() + s.size(), "field name outside the input");
    check(value.data() >= s.data() && value.data() + value.size() <= s.data() + s.size(), "value outside the input");
    check_list(value);
  });
  check(end <= s.size(), "header block ends past the input");
  return 0;
}
