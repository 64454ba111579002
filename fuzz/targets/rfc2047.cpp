// decode_rfc2047 (rfc2047.hpp): never throws but bad_alloc, and the result is
// always valid UTF-8 (the header's promise), whatever the bytes.
#include "../fuzz.hpp"

#include <onakit/detail/utf8.hpp>
#include <onakit/ingest/rfc2047.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const std::string out = onakit::decode_rfc2047(s);
  check(onakit::detail::valid_utf8(out), "decode_rfc2047 returned invalid UTF-8");
  if (s.find("=?") == std::string_view::npos && onakit::detail::valid_utf8(s))
    check(out == s, "text without encoded words changed");
  return 0;
}
