// read_jsonl_text (jsonl.hpp): JSON Lines messages. Options from the first
// bytes: strict or lenient, which fields are named (role, message id,
// channel, reply links, dotted paths), the recipient separator.
#include "../fuzz.hpp"

#include <onakit/ingest/jsonl.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::jsonl_options o;
  const std::uint8_t f = opt.byte();
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  if (f & 2) o.role = "role";
  if (f & 4) o.message_id = "id";
  if (f & 8) o.channel = "channel";
  if ((f & 4) && (f & 16)) o.reply_to = "reply_to";
  if (f & 32) o.timestamp = "";
  if (f & 64) {  // dotted paths, as in nested exports
    o.sender = "from.address";
    o.recipients = "to.list";
    if (!(f & 32)) o.timestamp = "meta.time";
  }
  static constexpr char rseps[] = {';', ',', '\0', ' '};
  o.recipient_sep = rseps[opt.pick(4)];
  const std::string_view text = in.rest();
  guarded([&] { check_log(onakit::read_jsonl_text(text, o, "<fuzz>")); });
  return 0;
}
