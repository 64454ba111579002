// Vectorised identity rules for onakit.spark (python/onakit/spark.py): one
// call resolves a whole Arrow batch of addresses on a Spark executor, with
// the readers' own rules (include/onakit/ingest/identities.hpp), so the
// normalisation and the pseudonyms exist once, in C++.
#include "bindings.hpp"

#include <onakit/ingest/crypto.hpp>  // keyed pseudonyms (pseudonymize_key)
#include <onakit/ingest/identities.hpp>

#include <pybind11/stl.h>

namespace onakit::python {

void bind_spark(py::module_& m) {
  using namespace pybind11::literals;
  m.def(
      "resolve_identities",
      [](const onakit::identities& ids, const std::vector<std::optional<std::string>>& raws) {
        // Resolved without the GIL; None in, None out; a dropped address is None.
        std::vector<std::optional<std::string>> out(raws.size());
        without_gil([&] {
          for (std::size_t i = 0; i < raws.size(); ++i) {
            if (!raws[i]) continue;
            auto r = ids.resolve(*raws[i]);
            if (r.kept()) out[i] = std::move(r.label);
          }
        });
        return out;
      },
      "identities"_a, "raws"_a,
      "The label each address gets from the identity rules (as identities.resolve), None where the rules drop "
      "it or the input is None.");
}

}  // namespace onakit::python
