// read_message_trace_text (message_trace.hpp): Exchange message trace
// exports. Options from the first bytes: strict or lenient, grouping,
// separator, encoding, with or without the MessageId column.
#include "../fuzz.hpp"

#include <onakit/ingest/message_trace.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::message_trace_options o;
  const std::uint8_t f = opt.byte();
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  if (f & 2) o.message_id = "";
  static constexpr onakit::row_grouping groupings[] = {onakit::row_grouping::automatic, onakit::row_grouping::none,
                                                       onakit::row_grouping::message_id,
                                                       onakit::row_grouping::sender_time};
  o.group_rows_by = groupings[(f >> 2) & 3];
  o.sep = pick_sep(opt);
  o.encoding = pick_encoding(opt);
  const std::string_view text = in.rest();
  guarded([&] { check_log(onakit::read_message_trace_text(text, o, "<fuzz>")); });
  return 0;
}
