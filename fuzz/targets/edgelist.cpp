// read_edgelist_text (edgelist.hpp): edge lists `source target [weight] [time]`.
// Options from the first bytes: separator, meaning of a 3rd column, strict
// or lenient, encoding.
#include "../fuzz.hpp"

#include <onakit/ingest/edgelist.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::edgelist_options o;
  const std::uint8_t f = opt.byte();
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  o.third = (f & 2) ? onakit::third_column::time : onakit::third_column::weight;
  static constexpr char seps[] = {'\0', '\0', '\0', ',', ';', '\t', ' ', '|'};
  o.sep = seps[opt.pick(8)];
  o.encoding = pick_encoding(opt);
  const std::string_view text = in.rest();
  guarded([&] { check_log(onakit::read_edgelist_text(text, o, "<fuzz>")); });
  return 0;
}
