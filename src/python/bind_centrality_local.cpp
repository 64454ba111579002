// Bindings of the local centrality measures (include/onakit/centrality/).
#include "bindings.hpp"

namespace onakit::python {

void bind_centrality_local(py::module_& m) {
  (void)m;
}

}  // namespace onakit::python
