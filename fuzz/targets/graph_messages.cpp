// read_graph_messages_text (graph_messages.hpp): Microsoft Graph mail
// messages as JSON Lines, strict or lenient (first byte).
#include "../fuzz.hpp"

#include <onakit/ingest/graph_messages.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::graph_messages_options o;
  o.errors = (opt.byte() & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  const std::string_view text = in.rest();
  guarded([&] { check_log(onakit::read_graph_messages_text(text, o, "<fuzz>")); });
  return 0;
}
