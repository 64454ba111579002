// read_email_csv_text (email_csv.hpp): delimited e-mail tables. The option
// bytes choose strict or lenient, separators, the grouping of rows and the
// encoding; the column names are the defaults or (for seeds cut from real
// files) the first line's fields by position.
#include "../fuzz.hpp"

#include <onakit/ingest/email_csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::email_csv_options o;
  const std::uint8_t f = opt.byte();
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  o.sep = pick_sep(opt);
  static constexpr char rseps[] = {';', ',', '\0', ' ', '|', ';'};
  o.recipient_sep = rseps[opt.pick(6)];
  static constexpr onakit::row_grouping groupings[] = {onakit::row_grouping::automatic, onakit::row_grouping::none,
                                                       onakit::row_grouping::message_id,
                                                       onakit::row_grouping::sender_time};
  o.group_rows_by = groupings[(f >> 1) & 3];
  o.encoding = pick_encoding(opt);
  o.threads = 1;
  const std::string_view text = in.rest();
  if (f & 8) {  // columns by position: sender, recipients, timestamp, role, message id
    const auto names = header_fields(text, o.sep);
    o.sender = name_at(names, 0, "sender");
    o.recipients = name_at(names, 1, "recipients");
    o.timestamp = (f & 16) ? name_at(names, 2, "timestamp") : "";
    if (f & 32) o.role = name_at(names, 3, "role");
    if (f & 64) o.message_id = name_at(names, 4, "message_id");
  } else {
    if (!(f & 16)) o.timestamp = "";
    if (f & 32) o.role = "role";
    if (f & 64) o.message_id = "message_id";
  }
  guarded([&] {
    const onakit::message_log log = onakit::read_email_csv_text(text, o, "<fuzz>");
    check_log(log);
  });
  return 0;
}
