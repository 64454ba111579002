// Bindings of the identity rules (include/onakit/ingest/identities.hpp).
#include "bindings.hpp"

#include <onakit/detail/quote.hpp>
#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/identities.hpp>

#include <pybind11/stl.h>

namespace onakit::python {

void bind_identities(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<onakit::identities, std::shared_ptr<onakit::identities>>(m, "Identities")
      .def(py::init([](bool strip_plus_tag, const std::unordered_map<std::string, std::string>& aliases,
                       const std::vector<std::string>& internal_domains, const std::string& external,
                       const std::vector<std::string>& exclude, const py::bytes& key, bool keep_domain,
                       bool keep_external_domains) {
             onakit::identity_options o;
             o.strip_plus_tag = strip_plus_tag;
             o.aliases = aliases;
             o.internal_domains = internal_domains;
             if (external == "keep") o.external = onakit::external_policy::keep;
             else if (external == "drop") o.external = onakit::external_policy::drop;
             else if (external == "fold") o.external = onakit::external_policy::fold;
             else throw onakit::invalid_option("external must be 'keep', 'drop' or 'fold', not '" + external + "'");
             o.exclude = exclude;
             o.pseudonymize_key = std::string(key);
             o.keep_domain = keep_domain;
             o.keep_external_domains = keep_external_domains;
             return std::make_shared<onakit::identities>(std::move(o));
           }),
           "strip_plus_tag"_a, "aliases"_a, "internal_domains"_a, "external"_a, "exclude"_a, "key"_a,
           "keep_domain"_a, "keep_external_domains"_a = false)
      .def("canonical", &onakit::identities::canonical, "raw"_a)
      .def("resolve", [](const onakit::identities& ids, const std::string& raw) -> py::object {
        auto r = ids.resolve(raw);
        if (!r.kept()) return py::none();
        return py::str(r.label);
      }, "raw"_a)
      .def("pseudonymize_id", &onakit::identities::pseudonymize_id, "message_id"_a)
      .def("drop_reason", [](const onakit::identities& ids, const std::string& raw) {
        return std::string(ids.resolve(raw).drop_reason);
      }, "raw"_a)
      .def_property_readonly("pseudonymizing", &onakit::identities::pseudonymizing);
  // The one masking rule of error messages (detail/quote.hpp), for the façade's own messages.
  m.def("quote_value", &onakit::detail::quote_value, "value"_a, "mask"_a);
  m.def("key_from_env", [](const std::string& v) { return py::bytes(onakit::key_from_env(v)); }, "variable"_a);
  m.def("key_from_file", [](const std::string& p) { return py::bytes(onakit::key_from_file(p)); }, "path"_a);
}

}  // namespace onakit::python
