// The mail reader (mbox.hpp): read_mbox_text (whole files: "From "
// separators, header unfolding, address lists, RFC 2047, dates) and
// read_eml_text (one message). Options from the first bytes: strict or
// lenient, sender header, Resent-*, Bcc, Message-ID de-duplication, a
// default recipient. Invariants: the side tables match the log.
#include "../fuzz.hpp"

#include <onakit/detail/utf8.hpp>
#include <onakit/ingest/mbox.hpp>

namespace {
void check_result(const onakit::mbox_result& r) {
  using namespace onakit_fuzz;
  check_log(r.log);
  check(r.in_reply_to.size() == r.log.num_messages(), "in_reply_to size != messages");
  check(r.references.size() == r.log.num_messages(), "references size != messages");
  check(r.display_names.size() == r.log.num_people(), "display_names size != people");
  for (const auto& n : r.display_names) check(onakit::detail::valid_utf8(n), "display name is not UTF-8");
  for (const auto& p : r.log.people()) check(onakit::detail::valid_utf8(p), "person label is not UTF-8", p);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::mbox_options o;
  const std::uint8_t f = opt.byte();
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  o.sender_header = (f & 2) ? "sender" : "from";
  o.use_resent = (f & 4) != 0;
  o.include_bcc = (f & 8) == 0;
  o.dedupe_message_ids = (f & 16) == 0;
  if (f & 32) o.default_recipient = "list@example.org";
  const bool eml = (f & 64) != 0;
  const std::string_view text = in.rest();
  guarded([&] { check_result(eml ? onakit::read_eml_text(text, o, "<fuzz>") : onakit::read_mbox_text(text, o, "<fuzz>")); });
  return 0;
}
