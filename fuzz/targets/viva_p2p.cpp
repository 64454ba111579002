// read_viva_p2p_text (viva_p2p.hpp): Viva Insights person-to-person queries.
// Options from the first bytes: strict or lenient, the date column, the
// separator, the encoding; the weight column is the 4th header field (or
// "Collaboration_hours"). Invariant: one attribute row per person.
#include "../fuzz.hpp"

#include <onakit/ingest/viva_p2p.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace onakit_fuzz;
  bytes in(data, size);
  bytes opt = in.sub(4);
  onakit::viva_p2p_options o;
  const std::uint8_t f = opt.byte();
  o.errors = (f & 1) ? onakit::error_policy::skip : onakit::error_policy::strict;
  static constexpr const char* dates[] = {"auto", "", "MetricDate", "Date"};
  o.date = dates[(f >> 1) & 3];
  o.sep = pick_sep(opt);
  o.encoding = pick_encoding(opt);
  const std::string_view text = in.rest();
  o.weight = (f & 8) ? name_at(header_fields(text, o.sep), 3, "Collaboration_hours") : "Collaboration_hours";
  guarded([&] {
    const onakit::viva_p2p_result r = onakit::read_viva_p2p_text(text, o, "<fuzz>");
    check_log(r.log);
    check(r.attributes.size() == r.log.num_people(), "attributes rows != people");
    for (const auto& a : r.attributes) check(a.size() == r.attribute_names.size(), "attribute row width");
  });
  return 0;
}
