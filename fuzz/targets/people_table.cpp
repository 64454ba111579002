// The people table parser (people_table.hpp: detail::parse_people_table
// after decode_text, as read_people does). Options from the first bytes: the
// key columns (the first header fields), separator, encoding, a headerless
// file. Invariants: every row as wide as the columns, one key per row.
#include "../fuzz.hpp"

#include <onakit/ingest/people_table.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::people_table_options o;
  const std::uint8_t f = opt.byte();
  o.sep = pick_sep(opt);
  o.encoding = pick_encoding(opt);
  const std::string_view raw = in.rest();
  const auto names = header_fields(raw, o.sep);
  if (f & 1) o.id = name_at(names, 0, "id");
  if (f & 2) o.email = name_at(names, 1, "email");
  if (!(f & 3)) o.id = "id";
  if (f & 4) {
    o.columns = {"id", "email", "group"};
    o.id = (f & 1) ? "id" : "";
    o.email = (f & 2) || o.id.empty() ? "email" : "";
  }
  guarded([&] {
    std::string storage;
    const std::string_view text = onakit::decode_text(raw, o.encoding, "<fuzz>", storage);
    const onakit::people_table t = onakit::detail::parse_people_table(text, o, "<fuzz>");
    check(t.keys.size() == t.rows.size(), "keys != rows");
    for (const auto& r : t.rows) check(r.size() == t.columns.size(), "row width != columns");
  });
  return 0;
}
